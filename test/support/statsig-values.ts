import { djb2 } from '../../src/djb2';

/** A Statsig user with everything Heap may see, and private attributes it must never see. */
export const USER = {
  userID: 'u1',
  email: 'ada@example.com',
  custom: { plan: 'pro' },
  customIDs: { companyID: 'c1' },
  privateAttributes: { secret: 'PRIVATE-SECRET-VALUE' },
};

export const USER_2 = { userID: 'u2', custom: { plan: 'free' } };

interface Options {
  user?: Record<string, unknown>;
  hashed?: boolean;
  /** Per-user variation: the second user fails my_gate and is in Control. */
  variant?: 'a' | 'b';
}

/**
 * An initialize response as Statsig's /v1/initialize returns it: a few gates, two experiments
 * (one allocated, one not), a plain config and a layer with an allocated experiment.
 */
export function initializeResponse({
  user = USER as Record<string, unknown>,
  hashed = false,
  variant = 'a',
}: Options = {}) {
  const key = (name: string) => (hashed ? djb2(name) : name);
  const entries = <T extends { name: string }>(list: T[]) =>
    Object.fromEntries(list.map((e) => [key(e.name), { ...e, name: key(e.name) }]));
  const b = variant === 'b';
  return {
    has_updates: true,
    time: 1700000000000,
    hash_used: hashed ? 'djb2' : 'none',
    user: { ...user, privateAttributes: undefined },
    feature_gates: entries([
      {
        name: 'my_gate',
        value: !b,
        rule_id: b ? 'default' : 'rule1',
        id_type: 'userID',
        secondary_exposures: [],
      },
      {
        name: 'off_gate',
        value: false,
        rule_id: 'default',
        id_type: 'userID',
        secondary_exposures: [],
      },
      {
        name: 'company_gate',
        value: true,
        rule_id: 'rule3',
        id_type: 'companyID',
        secondary_exposures: [],
      },
    ]),
    dynamic_configs: entries([
      {
        name: 'my_exp',
        value: { color: b ? 'blue' : 'red' },
        rule_id: b ? 'r2c' : 'r2',
        group: b ? 'r2c' : 'r2',
        group_name: b ? 'Control' : 'Test',
        id_type: 'userID',
        is_device_based: false,
        is_experiment_active: true,
        is_user_in_experiment: true,
        secondary_exposures: [],
      },
      {
        name: 'other_exp',
        value: {},
        rule_id: 'layerAssignment',
        group: 'layerAssignment',
        id_type: 'stableID',
        is_device_based: true,
        is_experiment_active: true,
        is_user_in_experiment: false,
        secondary_exposures: [],
      },
      {
        name: 'plain_config',
        value: { limit: 10 },
        rule_id: 'r4',
        group: 'r4',
        id_type: 'userID',
        is_device_based: false,
        secondary_exposures: [],
      },
    ]),
    layer_configs: entries([
      {
        name: 'my_layer',
        value: { title: 'Hello', size: 2 },
        rule_id: 'r5',
        group: 'r5',
        id_type: 'userID',
        is_device_based: false,
        explicit_parameters: ['title'],
        allocated_experiment_name: key('layer_exp'),
        is_experiment_active: true,
        is_user_in_experiment: true,
        secondary_exposures: [],
        undelegated_secondary_exposures: [],
      },
    ]),
  };
}
