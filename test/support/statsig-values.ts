// The tests' Statsig values, generated: statsig-node evaluates the sample project
// (examples/sample-project) for each user, as Statsig's servers would. Nothing here is written
// by hand except the users.
import { evaluatedValues, startSampleProject } from './sample-project';

await startSampleProject();

/**
 * A Statsig user with everything Heap may see, and private attributes it must never see.
 * On the sample project: passes new_checkout_flow (50% rollout), Blue in
 * checkout_button_color, Control in homepage_hero_test (homepage_layer), passes acme_beta
 * (companyID), not in pricing_layout (free plan only).
 */
export const USER = {
  userID: 'ada',
  email: 'ada@example.com',
  custom: { plan: 'pro' },
  customIDs: { companyID: 'acme' },
  privateAttributes: { secret: 'PRIVATE-SECRET-VALUE' },
};

/** The other bucket: fails new_checkout_flow, Control in checkout_button_color, Bold in homepage_hero_test, Cards in pricing_layout. */
export const USER_2 = { userID: 'dan', custom: { plan: 'free' } };

interface Options {
  user?: Record<string, unknown>;
  hashed?: boolean;
  /**
   * 'b': the values USER_2 gets, addressed to `user`. A user's bucket only changes when the
   * project does, so "same user, new values" (a rollout moved, groups reshuffled) is
   * the other bucket's real evaluation, addressed (`user`, `evaluated_keys`) to this user.
   */
  variant?: 'a' | 'b';
}

/** What Statsig answers a client SDK for `user` on the sample project (statsig-node's getClientInitializeResponse). */
export function initializeResponse({
  user = USER as Record<string, unknown>,
  hashed = false,
  variant = 'a',
}: Options = {}): Record<string, any> {
  const hash = hashed ? 'djb2' : 'none';
  if (variant === 'a') return evaluatedValues(user, hash);
  const { user: evaluatedUser, evaluated_keys } = evaluatedValues(user, hash);
  return { ...evaluatedValues(USER_2, hash), user: evaluatedUser, evaluated_keys };
}

/** USER's initialize maps on the sample project, as statsig-node evaluates them. */
export const USER_MAPS = {
  gates: {
    new_checkout_flow: true,
    dark_mode: true,
    beta_banner: false,
    enterprise_sso: false,
    acme_beta: true,
  },
  experiments: { checkout_button_color: 'Blue', homepage_hero_test: 'Control' },
};

/** USER_2's maps (and the maps of any user given variant 'b'). */
export const USER_2_MAPS = {
  gates: {
    new_checkout_flow: false,
    dark_mode: true,
    beta_banner: false,
    enterprise_sso: false,
    acme_beta: false,
  },
  experiments: {
    checkout_button_color: 'Control',
    pricing_layout: 'Cards',
    homepage_hero_test: 'Bold',
  },
};
