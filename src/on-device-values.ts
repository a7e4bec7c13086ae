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

/** Users whose maps were sent since the rules loaded; past this, the list starts again. */
const MAX_USERS = 1000;

/**
 * The on-device evaluation client has no current user: each check names one. The values for
 * a user are the client's own `getClientInitializeResponse(user, { hash: 'none' })` (real
 * names, whatever the specs hash), made in the plugin's own task, once for a run of events of
 * one user. `valuesFor` says `first` the first time a user is seen since the rules loaded:
 * their two initialize events go out then.
 */
export function createOnDeviceValues(client: OnDeviceClientLike) {
  const seen = new Set<string>();
  let lastUser: string | undefined;
  let lastValues: unknown;
  let rules = 0;
  return {
    /** `resets`: the rule loads counted when the item was kept; new rules start again. */
    valuesFor(user: unknown, resets: number): [values: unknown, first: boolean] {
      if (resets !== rules) {
        rules = resets;
        seen.clear();
        lastUser = undefined;
      }
      // The same key for the user as the app passed it and as the SDK copied it into an
      // event (the copy adds statsigEnvironment, last).
      const key = JSON.stringify({ ...(user as object), statsigEnvironment: 0 });
      if (key !== lastUser) {
        lastUser = key;
        lastValues = client.getClientInitializeResponse(user, { hash: 'none' });
      }
      const first = !seen.has(key);
      if (first) {
        if (seen.size >= MAX_USERS) seen.clear();
        seen.add(key);
      }
      return [lastValues, first];
    },
  };
}
