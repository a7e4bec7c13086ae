// The bench's Statsig projects and users' values, generated, never written by hand: the sample
// project's own specs (examples/sample-project/config-specs.json) copied under new names and
// salts, evaluated for each user by Statsig's server SDK (statsig-node, offline, local mode)
// exactly as Statsig's servers answer a client SDK's /v1/initialize.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { StatsigServer } from 'statsig-node';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const sample = JSON.parse(
  readFileSync(join(root, 'examples/sample-project/config-specs.json'), 'utf8'),
) as { feature_gates: Spec[]; dynamic_configs: Spec[] };

interface Spec {
  name: string;
  salt: string;
  entity: string;
  rules: { id: string; name: string; salt: string }[];
  [key: string]: unknown;
}

/** A copy of `spec` named `name`: its own salt and rule salts, so users bucket anew. */
function copy(spec: Spec, name: string): Spec {
  const s = structuredClone(spec);
  s.name = name;
  s.salt = `salt-${name}`;
  for (const rule of s.rules) {
    rule.id = rule.id.startsWith(`${spec.name}.`)
      ? rule.id.replace(spec.name, name)
      : `${name}.${rule.id}`;
    rule.name = rule.id;
    rule.salt = `${name}.${rule.salt}`;
  }
  return s;
}

/**
 * Config specs (download_config_specs format) of a project with `gates` gates and
 * `experiments` experiments: gate i is a copy of the sample project's gate i mod 5 (a 50%
 * rollout, everyone, no rules, a user-field rule, a companyID unit), experiment j a copy of
 * its checkout_button_color (three groups by user bucket: every user is in one).
 */
export function projectSpecs(gates: number, experiments: number): string {
  const experiment = sample.dynamic_configs.find((s) => s.name === 'checkout_button_color');
  if (!experiment) throw new Error('the sample project has no checkout_button_color');
  return JSON.stringify({
    ...sample,
    feature_gates: Array.from({ length: gates }, (_, i) =>
      copy(sample.feature_gates[i % sample.feature_gates.length] as Spec, `gate_${i}`),
    ),
    dynamic_configs: Array.from({ length: experiments }, (_, i) =>
      copy(experiment, `experiment_${i}`),
    ),
    layer_configs: [],
    layers: {},
  });
}

export type StatsigUserJson = {
  userID: string;
  email: string;
  custom: { plan: string };
  customIDs: { companyID: string };
};

/**
 * The bench's users: each a new person, with the attributes the sample project's rules read,
 * and a company of their own (so that a new user's companyID-unit gates are new exposures).
 */
export const benchUser = (i: number, tag = 'user'): StatsigUserJson => ({
  userID: `${tag}-${i}`,
  email: `${tag}-${i}@example.com`,
  custom: { plan: i % 4 ? 'pro' : 'free' },
  customIDs: { companyID: `company-${tag}-${i}` },
});

let servers = 0;
/** statsig-node, offline, on `specs`: `values(user, hash)` is getClientInitializeResponse. */
export async function evaluator(specs: string) {
  const server = new StatsigServer(`secret-bench-${++servers}`, {
    localMode: true,
    bootstrapValues: specs,
    disableDiagnostics: true,
  });
  await server.initializeAsync();
  return {
    /** The initialize response a client SDK receives for `user`, as JSON text. */
    values(user: StatsigUserJson, hash: 'none' | 'djb2' = 'none'): string {
      const response = server.getClientInitializeResponse(user, 'client-bench', { hash });
      if (!response) throw new Error('statsig-node returned no values');
      return JSON.stringify(response);
    },
    shutdown: () => server.shutdown(),
  };
}

/** The page's gate and experiment names: what every page checks once. */
export const PAGE_GATES = Array.from({ length: 20 }, (_, i) => `gate_${i}`);
export const PAGE_EXPERIMENTS = Array.from({ length: 5 }, (_, i) => `experiment_${i}`);
