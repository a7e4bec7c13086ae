// The demo's Statsig project: a few gates, experiments with groups, a config and a layer,
// evaluated per user the way Statsig would (deterministically from the userID).

function bucket(userID, salt, buckets) {
  let hash = 0;
  for (const c of `${salt}:${userID}`) hash = (hash * 31 + c.charCodeAt(0)) | 0;
  return Math.abs(hash) % buckets;
}

const gate = (name, value, ruleID, idType = 'userID') => ({
  name,
  value,
  rule_id: ruleID,
  id_type: idType,
  secondary_exposures: [],
});

const experiment = (name, groups, userID, idType = 'userID') => {
  const group = groups[bucket(userID, name, groups.length)];
  return {
    name,
    value: group.value,
    rule_id: `${name}.${group.name}`,
    group: `${name}.${group.name}`,
    group_name: group.name,
    id_type: idType,
    is_device_based: idType === 'stableID',
    is_experiment_active: true,
    is_user_in_experiment: true,
    secondary_exposures: [],
  };
};

/** The initialize response for `user` (unhashed, so names read well in the demo). */
export function sampleValues(user) {
  const userID = String(user?.userID ?? 'anonymous');
  const hero = experiment(
    'homepage_hero_test',
    [
      { name: 'Control', value: { hero_title: 'Welcome', cta_text: 'Sign up' } },
      { name: 'Bold', value: { hero_title: 'Build faster', cta_text: 'Start free' } },
    ],
    userID,
  );
  return {
    has_updates: true,
    time: 1764000000000,
    hash_used: 'none',
    user: { ...user, privateAttributes: undefined },
    feature_gates: Object.fromEntries(
      [
        gate('new_checkout_flow', bucket(userID, 'checkout', 2) === 0, 'rollout_50'),
        gate('dark_mode', true, 'everyone'),
        gate('beta_banner', false, 'default'),
        gate('enterprise_sso', user?.custom?.plan === 'enterprise', 'plan_enterprise'),
      ].map((g) => [g.name, g]),
    ),
    dynamic_configs: Object.fromEntries(
      [
        experiment(
          'checkout_button_color',
          [
            { name: 'Control', value: { color: 'grey' } },
            { name: 'Green', value: { color: 'green' } },
            { name: 'Blue', value: { color: 'blue' } },
          ],
          userID,
        ),
        hero,
        {
          name: 'app_settings',
          value: { max_items: 20, support_email: 'help@example.com' },
          rule_id: 'default',
          group: 'default',
          id_type: 'userID',
          is_device_based: false,
          secondary_exposures: [],
        },
      ].map((c) => [c.name, c]),
    ),
    layer_configs: {
      homepage_layer: {
        name: 'homepage_layer',
        value: { ...hero.value, footer_text: '© Example' },
        rule_id: hero.rule_id,
        group: hero.group,
        id_type: 'userID',
        is_device_based: false,
        explicit_parameters: ['hero_title', 'cta_text'],
        allocated_experiment_name: 'homepage_hero_test',
        is_experiment_active: true,
        is_user_in_experiment: true,
        secondary_exposures: [],
        undelegated_secondary_exposures: [],
      },
    },
  };
}
