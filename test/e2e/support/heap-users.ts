import { evaluatedValues } from '../../support/sample-project';

/** Ada's phone number: a private attribute, which nothing sent to Heap may ever contain. */
export const PRIVATE_VALUE = 'PRIVATE-555-0199-ada';

/**
 * Users of the sample project. Ada is on the free plan (so in pricing_layout), has a private
 * attribute and a blank custom field; Dan is on pro (not in pricing_layout); the guest has
 * no userID.
 */
export const ADA = {
  userID: 'ada',
  email: 'ada@example.com',
  custom: { plan: 'free', coupon: '' },
  customIDs: { stableID: 'stable-ada', companyID: 'acme' },
  privateAttributes: { phone: PRIVATE_VALUE },
};
export const DAN = {
  userID: 'dan',
  email: 'dan@example.com',
  custom: { plan: 'pro' },
  customIDs: { stableID: 'stable-dan' },
};
export const GUEST = { custom: { plan: 'free' }, customIDs: { stableID: 'stable-guest' } };

export type User = Record<string, unknown>;

/** What Statsig answers the client for `user`: statsig-node on the sample project, names unhashed. */
export const valuesFor = (user: User) => evaluatedValues(user, 'none');

/** The two initialize maps as Heap records them: every value a string. */
export function initializeMaps(user: User): {
  gates: Record<string, string>;
  experiments: Record<string, string>;
} {
  const values = valuesFor(user);
  const gates = Object.fromEntries(
    Object.entries(values.feature_gates).map(([name, gate]: [string, any]) => [
      name,
      String(gate.value),
    ]),
  );
  const experiments = Object.fromEntries(
    Object.entries(values.dynamic_configs)
      .filter(([, config]: [string, any]) => config.group_name)
      .map(([name, config]: [string, any]) => [name, String(config.group_name)]),
  );
  return { gates, experiments };
}

/** The group `user` is in, from the values (undefined when not in the experiment). */
export const groupOf = (user: User, experiment: string): string | undefined =>
  valuesFor(user).dynamic_configs[experiment]?.group_name ?? undefined;
