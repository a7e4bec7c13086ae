// A CPU profile of one bench workload, for finding where the plugin's time goes:
//
//   npm run build
//   PROFILE=page npx vitest run --config test/bench/vitest.profile.config.ts
//   node test/bench/profile-report.mjs artifacts/profile/page-npm.cpuprofile
//
// PROFILE: `page` (the bench's page, default options), `first` (the same with
// dedupe: 'first', a new visitor each page), `init` (initializeSync on 2,000 gates and 2,000
// experiments, unhashed), `hashed` (the same hashed, every name listed). REALM: `npm`
// (default: readable function names) or `script tag`. VARIANT=bare profiles the same work
// without the plugin. INLINE=0 turns V8's inlining off, so that time stays with the function
// that spent it (slower overall, finer attribution). The realms load each script under its own file name, so the report
// splits the time by file: npm-statsig-heap.js is the plugin, npm-statsig.js the SDK.
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { setFlagsFromString } from 'node:v8';
import { test } from 'vitest';
import { benchUser, evaluator, PAGE_EXPERIMENTS, PAGE_GATES, projectSpecs } from './project';
import { openRealm, type RealmName } from './realms';

const workload = process.env['PROFILE'] ?? 'page';
const realmName = (process.env['REALM'] ?? 'npm') as RealmName;
const bare = process.env['VARIANT'] === 'bare';

/** Runs `work` under V8's sampling profiler (100 µs) and writes artifacts/profile/<name>.cpuprofile. */
async function profiled(name: string, prepare: () => Promise<() => Promise<void>>) {
  const work = await prepare(); // values are generated before the profiler starts
  (await openRealm(realmName)).close(); // and the npm bundles built
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  await work();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  mkdirSync('artifacts/profile', { recursive: true });
  const file = `artifacts/profile/${name}.cpuprofile`;
  writeFileSync(file, JSON.stringify(profile));
  console.log(`[profile] wrote ${file}`);
}

if (process.env['INLINE'] === '0') setFlagsFromString('--no-turbo-inlining');
const name = `${workload}-${realmName.replace(' ', '-')}${bare ? '-bare' : ''}${process.env['INLINE'] === '0' ? '-noinline' : ''}`;
test(`profile: ${name}`, () => profiled(name, run), 600_000);

async function run() {
  if (workload === 'page' || workload === 'first') {
    const project = await evaluator(projectSpecs(PAGE_GATES.length, PAGE_EXPERIMENTS.length));
    const users = Array.from({ length: 4000 }, (_, i) => {
      const user = benchUser(i);
      return { user, values: project.values(user) };
    });
    project.shutdown();
    return async () => {
      let next = 0;
      // 20 tabs of 200 pages: each a new client for a new user, as in the bench.
      for (let tab = 0; tab < 20; tab++) {
        const realm = await openRealm(realmName);
        const { api } = realm;
        const options = bare
          ? undefined
          : api.json(JSON.stringify(workload === 'first' ? { dedupe: 'first' } : {}));
        for (let p = 0; p < 200; p++) {
          const { user, values } = users[next++ % users.length] as (typeof users)[number];
          const entry = api.client(
            `client-profile-${next}`,
            api.json(JSON.stringify(user)),
            values,
            options,
          );
          api.pages([entry], true);
          api.release(entry);
        }
        await new Promise((resolve) => setTimeout(resolve, 0));
        realm.close();
      }
    };
  }
  const big = await evaluator(projectSpecs(2000, 2000));
  const hashed = workload === 'hashed';
  const users = Array.from({ length: 4 }, (_, i) => {
    const user = benchUser(i, 'profile');
    return { user, values: big.values(user, hashed ? 'djb2' : 'none') };
  });
  big.shutdown();
  const names = {
    gates: Array.from({ length: 2000 }, (_, i) => `gate_${i}`),
    experiments: Array.from({ length: 2000 }, (_, i) => `experiment_${i}`),
  };
  return async () => {
    for (let tab = 0; tab < 10; tab++) {
      const realm = await openRealm(realmName);
      const { api } = realm;
      const options = bare ? undefined : api.json(JSON.stringify(hashed ? names : {}));
      for (let i = 0; i < 6; i++) {
        const { user, values } = users[i % users.length] as (typeof users)[number];
        const { entry } = api.initialize(
          () => 0,
          `client-profile-${tab}-${i}`,
          api.json(JSON.stringify(user)),
          values,
          options,
        );
        api.release(entry);
      }
      await new Promise((resolve) => setTimeout(resolve, 0));
      realm.close();
    }
  };
}
