import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StatsigOnDeviceEvalClient } from '@statsig/js-on-device-eval-client';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The sample project as Statsig's config specs (download_config_specs format). */
export const SAMPLE_SPECS = readFileSync(
  join(root, 'examples/sample-project/config-specs.json'),
  'utf8',
);

let evaluator: StatsigOnDeviceEvalClient | undefined;

/**
 * What Statsig's /v1/initialize answers for `user` on the sample project, made by Statsig's
 * own evaluator (the on-device client's getClientInitializeResponse): real rules, bucketing,
 * groups and layers, unhashed or djb2-hashed names.
 */
export function evaluatedValues(
  user: Record<string, unknown>,
  hash: 'none' | 'djb2' = 'none',
): Record<string, unknown> {
  if (!evaluator) {
    evaluator = new StatsigOnDeviceEvalClient('client-sample-evaluator', {
      networkConfig: { preventAllNetworkTraffic: true },
      loggingEnabled: 'disabled',
    } as never);
    evaluator.dataAdapter.setData(SAMPLE_SPECS);
    evaluator.initializeSync();
  }
  return evaluator.getClientInitializeResponse(user as never, { hash } as never) as never;
}
