// The sample project evaluated as Statsig's servers evaluate it: statsig-node (Statsig's
// server SDK, offline in local mode) reads the config specs and answers
// getClientInitializeResponse for any user, exactly what a client SDK receives from
// /v1/initialize or from an app server's bootstrap. Used by the demo and the tests.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Statsig from 'statsig-node';

export const CONFIG_SPECS = readFileSync(
  join(dirname(fileURLToPath(import.meta.url)), 'config-specs.json'),
  'utf8',
);

let ready;
/** Starts statsig-node once, offline, on the sample project. */
export function startEvaluator() {
  ready ??= Statsig.initialize('secret-sample-project', {
    localMode: true,
    bootstrapValues: CONFIG_SPECS,
    disableDiagnostics: true,
  });
  return ready;
}

/**
 * The initialize response for `user`: names unhashed (`'none'`) or djb2-hashed (`'djb2'`, the
 * client SDKs' default). Call startEvaluator() first.
 */
export function initializeValues(user, hash = 'none') {
  return Statsig.getClientInitializeResponse(user, 'client-sample-project', { hash });
}
