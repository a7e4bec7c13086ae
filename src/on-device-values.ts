import type { Core, SentMaps } from './core';

/** What the plugin uses of `@statsig/js-on-device-eval-client` 3.x beyond the shared base. */
export interface OnDeviceClientLike {
  getClientInitializeResponse(user: unknown, options: { hash: 'none' }): unknown;
}

/** Its methods that take the user second: each evaluates, or logs, for that user. */
export const ON_DEVICE_CALLS = [
  'getFeatureGate',
  'getDynamicConfig',
  'getExperiment',
  'getLayer',
  'logEvent',
];

/** Users whose maps were sent since values loaded; past this, the list starts again. */
const MAX_USERS = 1000;

/**
 * The on-device evaluation client has no current user: each check names one. The values for
 * a user are the client's own `getClientInitializeResponse(user, { hash: 'none' })` (real
 * names, whatever the specs hash), made once for a run of events of one user. The first time
 * a user is seen after values load, in any check or event, the two initialize events go out
 * for them.
 */
export function createOnDeviceValues(client: OnDeviceClientLike, core: Core, sent: SentMaps) {
  const seen = new Set<string>();
  let lastUser: string | undefined;
  let lastValues: unknown;
  return {
    valuesFor(user: unknown): unknown {
      // The same key for the user as the app passed it and as the SDK copied it into an
      // event (the copy adds statsigEnvironment, last).
      const key = JSON.stringify({ ...(user as object), statsigEnvironment: 0 });
      if (key !== lastUser) {
        lastUser = key;
        lastValues = client.getClientInitializeResponse(user, { hash: 'none' });
        if (!seen.has(key)) {
          if (seen.size >= MAX_USERS) seen.clear();
          seen.add(key);
          core.valuesChanged(lastValues, user, sent);
        }
      }
      return lastValues;
    },
    /** New specs: every user's values and maps are new, and go out again. */
    reset(): void {
      seen.clear();
      lastUser = undefined;
      for (const name in sent) delete sent[name];
    },
  };
}
