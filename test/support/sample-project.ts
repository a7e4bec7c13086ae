// The sample project's evaluator, shared with the demo (plain JavaScript, typed by its .d.mts).
import {
  CONFIG_SPECS,
  initializeValues,
  startEvaluator,
} from '../../examples/sample-project/evaluate.mjs';

/** The sample project as Statsig's config specs (download_config_specs format). */
export const SAMPLE_SPECS: string = CONFIG_SPECS;

/** Starts Statsig's server SDK (statsig-node, offline) on the sample project; call in beforeAll. */
export const startSampleProject = (): Promise<void> => startEvaluator();

/**
 * What Statsig answers a client SDK for `user` on the sample project: statsig-node's
 * getClientInitializeResponse, with real rules, bucketing, groups and layers, names unhashed
 * or djb2-hashed.
 */
export function evaluatedValues(
  user: Record<string, unknown>,
  hash: 'none' | 'djb2' = 'none',
): Record<string, any> {
  return initializeValues(user, hash);
}
