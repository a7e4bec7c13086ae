// Reads a .cpuprofile (test/bench/profile.run.ts) and prints where the time went.
//
//   node test/bench/profile-report.mjs artifacts/profile/page-npm.cpuprofile [top=30]
//
// Each sample belongs to the nearest script on its stack, from the leaf up: the plugin
// (a file named *statsig-heap*), the Statsig SDK (*statsig*.js), the page (page.js). Code
// that is no script's (jsdom's Storage and Crypto, natives) belongs to the script that called
// it, so the plugin's share counts the localStorage and randomUUID calls it makes, and not
// the SDK's own enqueue that the plugin's hook wraps. Garbage collection has no stack: shown
// apart. Then the plugin's functions: self time, and total time (self plus what they call,
// up to the SDK's code), once per sample.
import { readFileSync } from 'node:fs';

const [path, topArg] = process.argv.slice(2);
if (!path) throw new Error('usage: node test/bench/profile-report.mjs <file.cpuprofile> [top]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(path, 'utf8'));
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const file = (n) => (n.callFrame.url || '').replace(/^.*\//, '');
const owner = (n) => {
  const f = file(n);
  if (f.includes('statsig-heap')) return 'plugin';
  if (/statsig.*\.js$/.test(f)) return 'Statsig SDK';
  if (f === 'page.js') return 'page code';
  return undefined;
};
const fnName = (n) =>
  `${n.callFrame.functionName || '(anonymous)'} ${file(n)}:${n.callFrame.lineNumber + 1}`;

const byOwner = new Map();
const selfByFn = new Map();
const totalByFn = new Map();
/** What the plugin's own code spends in what it calls: natives, jsdom, its callees. */
const pluginLeaves = new Map();
let total = 0;
const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
const deltas = profile.timeDeltas;
for (let i = 0; i < profile.samples.length; i++) {
  const dt = (deltas[i + 1] ?? deltas[i] ?? 0) / 1000; // ms
  total += dt;
  const leaf = byId.get(profile.samples[i]);
  const name = leaf.callFrame.functionName;
  if (name === '(garbage collector)' || name === '(idle)' || name === '(program)') {
    add(byOwner, name, dt);
    continue;
  }
  let who;
  const frames = [];
  for (let id = leaf.id; id !== undefined; id = parent.get(id)) {
    const n = byId.get(id);
    const o = owner(n);
    if (who === undefined && o) who = o;
    if (who === 'plugin') {
      if (o === 'plugin') frames.push(n);
      else if (o) break; // the SDK's code that called the plugin's hook: not the plugin's
    } else if (who) break;
  }
  add(byOwner, who ?? `other (${file(leaf) || name})`, dt);
  if (who !== 'plugin') continue;
  add(
    pluginLeaves,
    owner(leaf) === 'plugin'
      ? '(own code)'
      : `${name || '(anonymous)'} ${file(leaf) || '(native)'}`,
    dt,
  );
  const inner = frames[0];
  if (inner) add(selfByFn, fnName(inner), owner(leaf) === 'plugin' ? dt : 0);
  const seen = new Set();
  for (const n of frames) {
    const key = fnName(n);
    if (!seen.has(key)) {
      seen.add(key);
      add(totalByFn, key, dt);
    }
  }
}
const pct = (ms) => `${((100 * ms) / total).toFixed(1).padStart(5)}%`;
const show = (title, map, n) => {
  console.log(`\n${title}`);
  for (const [name, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`${ms.toFixed(1).padStart(9)} ms ${pct(ms)}  ${name}`);
  }
};
console.log(`${path}: ${total.toFixed(0)} ms sampled`);
show('by owner (the nearest script on the stack)', byOwner, 12);
show("the plugin's time, by what ran (its own code, or what it called)", pluginLeaves, 15);
show('plugin functions, self time (its own code only)', selfByFn, top);
show('plugin functions, total time (self + natives, jsdom and plugin callees)', totalByFn, top);
