import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateWorkflow } from '@action-validator/core';
import Ajv from 'ajv';
import semver from 'semver';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { PROVEN, SDKS } from './support/proven-versions';

// The GitHub workflows and the Renovate configuration cannot run here: this checks their
// syntax against SchemaStore's GitHub workflow schema (@action-validator/core) and that each
// does what CONTRIBUTING.md and docs/releasing.md say it does.

const root = join(import.meta.dirname, '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const pkg = JSON.parse(read('package.json'));
const workflowDir = '.github/workflows';
const workflows = readdirSync(join(root, workflowDir)).filter((f) => /\.ya?ml$/.test(f));
const workflow = (name: string) => parse(read(`${workflowDir}/${name}`));

type Step = { run?: string; uses?: string; if?: string; id?: string };
type Job = {
  steps: Step[];
  needs?: string | string[];
  container?: string;
  permissions?: Record<string, string>;
  strategy?: { matrix: { node: number[] } };
};
const runs = (job: Job) => job.steps.map((step) => step.run ?? '').join('\n');

describe('GitHub workflows', () => {
  test('there are the three: CI, the weekly newest-release run, and the release', () => {
    expect(workflows.sort()).toEqual(['ci.yml', 'latest.yml', 'release.yml']);
  });

  test.each(workflows)('%s is valid against the GitHub workflow schema', (name) => {
    expect(validateWorkflow(read(`${workflowDir}/${name}`)).errors).toEqual([]);
  });

  test('the schema check is not a formality: it rejects a broken workflow', () => {
    const broken =
      'on: psh\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: a@v1\n        run: b\n';
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0);
  });

  test.each(workflows)('%s runs only npm scripts that exist', (name) => {
    const text = read(`${workflowDir}/${name}`);
    for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) {
      expect(pkg.scripts, `npm run ${script}`).toHaveProperty([script as string]);
    }
  });

  test('CI runs .ci/run on push and pull request, on Node versions covering engines', () => {
    const ci = workflow('ci.yml');
    expect(Object.keys(ci.on)).toEqual(expect.arrayContaining(['push', 'pull_request']));
    const jobs = Object.values(ci.jobs) as Job[];
    const test = ci.jobs.test as Job;
    expect(runs(test)).toContain('bash .ci/run');
    expect(test.container).toMatch(/^node:\$\{\{ matrix\.node \}\}-/);
    const majors = test.strategy?.matrix.node ?? [];
    // The suite's own tools (vitest, jsdom) must run on each Node version it is run on.
    for (const tool of ['vitest', 'jsdom']) {
      const range = JSON.parse(read(`node_modules/${tool}/package.json`)).engines.node;
      for (const major of majors) {
        expect(semver.satisfies(`${major}.20.0`, range), `${tool} on Node ${major}`).toBe(true);
      }
    }
    // engines' oldest Node runs the packed package, in a job of its own.
    const oldest = semver.minVersion(pkg.engines.node)?.major;
    const containers = jobs.map((job) => job.container ?? '');
    expect(containers.some((image) => image.startsWith(`node:${oldest}-`))).toBe(true);
    const node18 = jobs.find((job) => job.container?.startsWith(`node:${oldest}-`)) as Job;
    expect(runs(node18)).toMatch(/require\('statsig-heap'\)/);
    expect(runs(node18)).toMatch(/import \{ StatsigHeapPlugin, version \} from 'statsig-heap'/);
  });

  test('a weekly run of test:latest opens an issue and fails visibly on failure', () => {
    const latest = workflow('latest.yml');
    const [cron] = latest.on.schedule.map((s: { cron: string }) => s.cron);
    const [, , dayOfMonth, month, dayOfWeek] = cron.split(/\s+/);
    expect([dayOfMonth, month]).toEqual(['*', '*']);
    expect(dayOfWeek).toMatch(/^[0-6]$/); // one day a week
    expect(latest.permissions).toMatchObject({ issues: 'write' });
    const job = latest.jobs['test-latest'] as Job;
    const run = job.steps.find((step) => step.run === 'npm run test:latest') as Step;
    expect(run.id).toBeDefined();
    const onFailure = job.steps.filter(
      (step) => step.if === `steps.${run.id}.outcome == 'failure'`,
    );
    expect(onFailure.map((step) => step.run ?? '').join('\n')).toMatch(/gh issue create/);
    expect(onFailure.at(-1)?.run).toBe('exit 1');
  });

  test('a version tag publishes with provenance, after everything .ci/run runs', () => {
    const release = workflow('release.yml');
    const tags: string[] = release.on.push.tags;
    const glob = (pattern: string) =>
      new RegExp(`^${pattern.replace(/[.]/g, '\\.').replace(/\*/g, '[^/]*')}$`);
    expect(tags.some((t) => glob(t).test(`v${pkg.version}`))).toBe(true);
    expect(tags.some((t) => glob(t).test('main'))).toBe(false);
    const publish = release.jobs.publish as Job;
    expect(publish.permissions).toMatchObject({ 'id-token': 'write' });
    expect(runs(publish)).toMatch(/^npm publish --provenance --access public$/m);
    const needs = [publish.needs].flat() as string[];
    expect(needs.some((name) => runs(release.jobs[name]).includes('bash .ci/run'))).toBe(true);
    expect(runs(release.jobs.test)).toContain('$GITHUB_REF_NAME');
  });
});

describe('Renovate', () => {
  const config = JSON.parse(read('.github/renovate.json'));
  interface Rule {
    matchPackageNames?: string[];
    matchDepNames?: string[];
    matchDepTypes?: string[];
    groupName?: string;
    enabled?: boolean;
  }
  const matches = (patterns: string[] | undefined, value: string) =>
    !patterns ||
    patterns.some((p) =>
      p.startsWith('/') ? new RegExp(p.slice(1, -1)).test(value) : p === value,
    );
  /** What Renovate makes of one dependency: every matching rule in order, later ones winning. */
  const effective = (depName: string, packageName: string, depType: string): Rule =>
    Object.assign(
      { enabled: true },
      ...(config.packageRules as Rule[]).filter(
        (rule) =>
          matches(rule.matchPackageNames, packageName) &&
          matches(rule.matchDepNames, depName) &&
          matches(rule.matchDepTypes, depType),
      ),
    );
  const deps = [
    ...Object.entries(pkg.devDependencies as Record<string, string>).map(([name, spec]) => ({
      depName: name,
      packageName: spec.startsWith('npm:') ? spec.slice(4).replace(/@[^@]*$/, '') : name,
      depType: 'devDependencies',
    })),
    ...Object.keys(pkg.peerDependencies).map((name) => ({
      depName: name,
      packageName: name,
      depType: 'peerDependencies',
    })),
  ];

  test('has only the keys this file is known to need, of the right types', () => {
    const rule = {
      type: 'object',
      additionalProperties: false,
      required: ['description'],
      properties: {
        description: { type: 'string' },
        matchPackageNames: { type: 'array', items: { type: 'string' } },
        matchDepNames: { type: 'array', items: { type: 'string' } },
        matchDepTypes: { type: 'array', items: { type: 'string' } },
        groupName: { type: 'string' },
        rangeStrategy: { enum: ['auto', 'pin', 'bump', 'replace', 'widen', 'update-lockfile'] },
        enabled: { type: 'boolean' },
      },
    };
    const schema = {
      type: 'object',
      additionalProperties: false,
      properties: {
        $schema: { const: 'https://docs.renovatebot.com/renovate-schema.json' },
        extends: { type: 'array', items: { type: 'string' } },
        schedule: { type: 'array', items: { type: 'string' } },
        packageRules: { type: 'array', items: rule },
      },
    };
    const validate = new Ajv({ allErrors: true }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  test('groups the Statsig SDK pins into one pull request', () => {
    const grouped = deps
      .filter((d) => effective(d.depName, d.packageName, d.depType).enabled)
      .filter((d) => effective(d.depName, d.packageName, d.depType).groupName === 'Statsig SDKs')
      .map((d) => d.depName)
      .sort();
    const newestPins = SDKS.flatMap((sdk) => PROVEN[sdk].filter((v) => v.pkg === sdk)).map(
      (v) => v.pkg,
    );
    // Every other Statsig package pinned beside them too: Statsig's plugins (web-analytics,
    // session-replay, ...) depend on one exact js-client, so one left behind installs two.
    const otherStatsigPins = deps
      .filter((d) => d.depName === d.packageName && d.depType === 'devDependencies')
      .map((d) => d.depName)
      .filter((name) => /^(@statsig\/|statsig-)/.test(name) && !newestPins.includes(name));
    expect(otherStatsigPins).toEqual(expect.arrayContaining(['@statsig/web-analytics']));
    expect(grouped).toEqual([...newestPins, ...otherStatsigPins].sort());
  });

  test('leaves the matrix’s older pins and the peer ranges alone', () => {
    const aliases = deps.filter((d) => d.depName !== d.packageName).map((d) => d.depName);
    expect(aliases).toEqual(
      expect.arrayContaining(
        SDKS.flatMap((sdk) => PROVEN[sdk].filter((v) => v.pkg !== sdk)).map((v) => v.pkg),
      ),
    );
    for (const d of deps.filter(
      (d) => d.depName !== d.packageName || d.depType === 'peerDependencies',
    )) {
      expect(effective(d.depName, d.packageName, d.depType).enabled, d.depName).toBe(false);
    }
  });
});
