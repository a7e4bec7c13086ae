import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type StatsigHeapOptions, StatsigHeapPlugin } from '../src';
import { createExposureMemory } from '../src/exposure-memory';
import { freshPage, type HeapLibrary } from './support/heap-stand-in';
import { DRIVERS, type SdkDriver, startDriver } from './support/sdk-drivers';
import { settledStats } from './support/settled';
import { bootstrapClient, switchUser } from './support/statsig-client';
import { initializeResponse, USER } from './support/statsig-values';
import {
  hidePage,
  rememberedKeys,
  STORED_LISTS,
  storedGeneration,
  storedList,
  takeOne,
  taskEnd,
  watchStorageKey,
} from './support/stored-lists';

// The stored lists of `dedupe: 'first'` (localStorage) and `'session'` (sessionStorage),
// contract 4: whatever another tab, script or version left under the key, the next write
// leaves valid JSON, an array of at most 1,000 strings, and what the plugin remembered it
// still remembers; a check costs the same whatever is stored; the list is written once per
// burst of exposures (in the plugin's task after the app's) and at page hide; and what is remembered is per
// Statsig project, the SDK key hashed. Storage is read and written only in the plugin's own
// tasks (and at flush, a route change or the page going): never in the app's call.

let heap: HeapLibrary;
const stops: (() => unknown)[] = [];
const running: SdkDriver[] = [];

beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  for (const sdk of running.splice(0)) await sdk.stop();
});

const SDK_KEY = 'client-stored-lists-project';
/** The same USER's values with `n` more gates (copies of a generated one): n first exposures. */
function manyGates(n: number): Record<string, any> {
  const values = initializeResponse();
  const base = values['feature_gates']['new_checkout_flow'];
  for (let i = 0; i < n; i++) values['feature_gates'][`gate_${i}`] = { ...base, name: `gate_${i}` };
  return values;
}
/** One page load: a plugin and a client of the project; `leave()` is the page going away. */
function openPage(
  options: StatsigHeapOptions,
  { sdkKey = SDK_KEY, values = manyGates(20) }: { sdkKey?: string; values?: object } = {},
) {
  const plugin = new StatsigHeapPlugin({ initializeEvents: false, ...options });
  const client = bootstrapClient([plugin], { sdkKey, values });
  const leave = async () => {
    await client.shutdown();
    plugin.detach();
  };
  stops.push(leave);
  return { plugin, client, leave };
}
const gatesInHeap = () => heap.tracks().map(([, props]) => props['metadata.gate']);
/** Valid JSON, an array of its generation (a whole number ≥ 1), then at most 1,000 strings; returns those. */
function expectSaneList(storage: Storage, key: string): string[] {
  const list = storedList(storage, key);
  expect(Array.isArray(list)).toBe(true);
  const [generation, ...entries] = list as unknown[];
  expect(Number.isInteger(generation) && (generation as number) >= 1).toBe(true);
  expect(entries.length).toBeLessThanOrEqual(1000);
  expect(entries.every((entry) => typeof entry === 'string')).toBe(true);
  return entries as string[];
}
const bigList = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => `${i}.${n - i}`));

/** What another tab, script or version of the plugin may have left under the key. */
const FOREIGN: [string, () => string][] = [
  ['another version’s format', () => JSON.stringify({ version: 2, keys: ['1.2', '3.4'] })],
  ['an object', () => '{"a":1}'],
  ['a number', () => '42'],
  ['null', () => 'null'],
  ['invalid JSON', () => '{damaged'],
  ['an empty text', () => ''],
  ['a list ending in a newline', () => '["a","b"]\n'],
  ['a list with trailing text', () => '["a","b"] and more'],
  [
    'a full list whose oldest entry holds a comma',
    () => JSON.stringify(['a,b', ...Array.from({ length: 999 }, (_, i) => `k${i}`)]),
  ],
  ['a list of numbers, objects and null', () => '[1,{"x":2},null,"s"]'],
  ['strings with quotes and escapes', () => JSON.stringify(['a"b', 'c\\d', '\u2028', '],["'])],
  ['a list of 200,000 entries', () => bigList(200_000)],
];

describe.each(STORED_LISTS)('dedupe: $mode ($storage, $key)', ({ mode, storage, key }) => {
  const store = () => window[storage];

  test.each(FOREIGN)(
    'recovers from %s: valid list, first exposure forwarded, then remembered across pages',
    async (_, text) => {
      store().setItem(key, text());
      const first = openPage({ dedupe: mode });
      first.client.checkGate('new_checkout_flow');
      await taskEnd();
      expectSaneList(store(), key);
      // The SDK forgets its own de-duplication on a user update; the stored list does not.
      switchUser(first.client, USER, manyGates(20));
      first.client.checkGate('new_checkout_flow');
      expect(settledStats(first.plugin)).toMatchObject({ forwarded: 1, deduplicated: 1 });
      await first.leave();

      const second = openPage({ dedupe: mode }); // the next page load, same project
      second.client.checkGate('new_checkout_flow');
      second.client.checkGate('beta_banner'); // never exposed: first
      await taskEnd();
      expect(gatesInHeap()).toEqual(['new_checkout_flow', 'beta_banner']);
      expect(settledStats(second.plugin)).toMatchObject({ forwarded: 1, deduplicated: 1 });
      expectSaneList(store(), key);
    },
  );

  test('a 200,000-entry list: cut back at the next write; later checks read and write only a bounded list; the plugin’s own keys survive', async () => {
    const foreign = bigList(200_000);
    store().setItem(key, foreign);
    const watch = watchStorageKey(key);
    const page = openPage({ dedupe: mode });
    page.client.checkGate('gate_0');
    await taskEnd();
    expectSaneList(store(), key);
    const bound = 64 * 1024; // 1,000 hashed keys, with room; the foreign list is ~2.7 MB
    expect(Math.max(...watch.writes.map((w) => w.length))).toBeLessThan(bound);
    watch.clear();
    // Checks 2..10, each in a task of its own: what they cost in storage is bounded.
    for (let i = 1; i < 10; i++) {
      page.client.checkGate(`gate_${i}`);
      await taskEnd();
    }
    expect(watch.writes.length).toBeGreaterThan(0);
    expect(watch.writes.length).toBeLessThanOrEqual(9);
    expect(Math.max(...watch.writes.map((w) => w.length))).toBeLessThan(bound);
    expect(Math.max(0, ...watch.reads)).toBeLessThan(bound);
    await page.leave();
    // Everything the plugin wrote after the foreign list is still remembered.
    const next = openPage({ dedupe: mode });
    for (let i = 0; i < 10; i++) next.client.checkGate(`gate_${i}`);
    expect(settledStats(next.plugin)).toMatchObject({ forwarded: 0, deduplicated: 10 });
  });

  test('the plugin’s own full list and a 200,000-entry one cost the same per check', async () => {
    const measure = async (prepare: () => unknown) => {
      freshPage();
      await prepare();
      const page = openPage({ dedupe: mode }, { sdkKey: `client-cost-${Math.random()}` });
      page.client.checkGate('gate_0'); // the first write: where a foreign list is cut back
      await taskEnd();
      const watch = watchStorageKey(key);
      for (let i = 1; i < 6; i++) {
        page.client.checkGate(`gate_${i}`);
        await taskEnd();
      }
      const work =
        watch.writes.reduce((sum, w) => sum + w.length, 0) +
        watch.reads.reduce((sum, r) => sum + r, 0);
      await page.leave();
      return work;
    };
    // The plugin's own list, full: 1,000 exposures of users it has seen, written at the end
    // of the task, then left for the next page alone.
    let text = '';
    const own = await measure(async () => {
      const page = openPage({ dedupe: mode }, { sdkKey: 'client-cost-own' });
      for (let i = 0; i < 1000; i++) {
        const user = { userID: `user-${i}` };
        switchUser(page.client, user, initializeResponse({ user }));
        page.client.checkGate('new_checkout_flow');
      }
      page.plugin.flush();
      text = store().getItem(key) ?? '';
      await page.leave();
      freshPage();
      store().setItem(key, text);
    });
    expect(JSON.parse(text)).toHaveLength(1001); // its generation, then 1,000 keys
    const foreign = await measure(() => store().setItem(key, bigList(200_000)));
    expect(own).toBeGreaterThan(0);
    expect(foreign).toBeLessThan(own * 2 + 10_000);
  });

  test('20 exposures in one synchronous burst: storage written once, all 20 keys there when the task ends', async () => {
    const page = openPage({ dedupe: mode });
    const watch = watchStorageKey(key);
    for (let i = 0; i < 20; i++) page.client.checkGate(`gate_${i}`);
    expect(heap.callsSoFar).toHaveLength(0); // the app's call only queues them
    expect(heap.tracks()).toHaveLength(20); // all at once, at the next route change
    await taskEnd();
    expect(watch.writes).toHaveLength(1);
    expect(expectSaneList(store(), key)).toHaveLength(20);
    await page.leave();
    const next = openPage({ dedupe: mode });
    for (let i = 0; i < 20; i++) next.client.checkGate(`gate_${i}`);
    expect(settledStats(next.plugin)).toMatchObject({ forwarded: 0, deduplicated: 20 });
  });

  test.each(['pagehide', 'visibilitychange'] as const)(
    'a page hidden right after a burst (%s) loses no key: the burst is written before any other task',
    async (how) => {
      const page = openPage({ dedupe: mode });
      let atHide: unknown[] | undefined;
      const onHide = () => {
        atHide = expectSaneList(store(), key);
      };
      window.addEventListener(how, onHide);
      document.addEventListener(how, onHide);
      for (let i = 0; i < 20; i++) page.client.checkGate(`gate_${i}`);
      // The browser can hide the page only between tasks, never inside the app's burst.
      setTimeout(() => hidePage(how), 0);
      await taskEnd();
      window.removeEventListener(how, onHide);
      document.removeEventListener(how, onHide);
      expect(atHide).toHaveLength(20);
    },
  );
});

describe.each(STORED_LISTS)('dedupe: $mode, per Statsig project', ({ mode, storage, key }) => {
  const store = () => window[storage];

  test('one plugin, two projects on one page: the same gate for the same user is a first exposure in each', async () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, dedupe: mode });
    const a = bootstrapClient([plugin], { sdkKey: 'client-project-alpha' });
    const b = bootstrapClient([plugin], { sdkKey: 'client-project-beta' });
    stops.push(
      () => a.shutdown(),
      () => b.shutdown(),
      () => plugin.detach(),
    );
    a.checkGate('new_checkout_flow');
    b.checkGate('new_checkout_flow');
    expect(settledStats(plugin)).toMatchObject({ forwarded: 2, deduplicated: 0 });
    // The same project twice (the SDK forgets on update): remembered, in each project.
    switchUser(a, USER, initializeResponse());
    switchUser(b, USER, initializeResponse());
    a.checkGate('new_checkout_flow');
    b.checkGate('new_checkout_flow');
    expect(settledStats(plugin)).toMatchObject({ forwarded: 2, deduplicated: 2 });
    await taskEnd();
    expect(expectSaneList(store(), key)).toHaveLength(2);
    const text = store().getItem(key) as string;
    for (const raw of ['client-project', 'alpha', 'beta', 'ada', 'new_checkout_flow']) {
      expect(text).not.toContain(raw);
    }
  });

  test('one plugin per project, and page loads: the same project is remembered, another is not', async () => {
    const alpha = openPage({ dedupe: mode }, { sdkKey: 'client-project-alpha' });
    const beta = openPage({ dedupe: mode }, { sdkKey: 'client-project-beta' });
    alpha.client.checkGate('new_checkout_flow');
    beta.client.checkGate('new_checkout_flow');
    await taskEnd();
    await alpha.leave();
    await beta.leave();
    const again = openPage({ dedupe: mode }, { sdkKey: 'client-project-alpha' });
    const gamma = openPage({ dedupe: mode }, { sdkKey: 'client-project-gamma' });
    again.client.checkGate('new_checkout_flow');
    gamma.client.checkGate('new_checkout_flow');
    expect(settledStats(again.plugin)).toMatchObject({ forwarded: 0, deduplicated: 1 });
    expect(settledStats(gamma.plugin)).toMatchObject({ forwarded: 1, deduplicated: 0 });
    expect(gatesInHeap()).toEqual(['new_checkout_flow', 'new_checkout_flow', 'new_checkout_flow']);
    await taskEnd();
    expect(store().getItem(key)).not.toMatch(/client-project|alpha|beta|gamma/);
  });

  test.each(DRIVERS)(
    '$sdk: a page load of another project is a first exposure there',
    async ({ makeDriver }) => {
      const options = { initializeEvents: false, dedupe: mode };
      const first = await startDriver(running, makeDriver, options, USER, undefined, 'client-p1');
      first.sdk.checkGate('new_checkout_flow');
      await taskEnd();
      running.splice(running.indexOf(first.sdk), 1);
      await first.sdk.stop();
      const same = await startDriver(running, makeDriver, options, USER, undefined, 'client-p1');
      same.sdk.checkGate('new_checkout_flow');
      expect(settledStats(same.handle)).toMatchObject({ forwarded: 0, deduplicated: 1 });
      running.splice(running.indexOf(same.sdk), 1);
      await same.sdk.stop();
      const other = await startDriver(running, makeDriver, options, USER, undefined, 'client-p2');
      other.sdk.checkGate('new_checkout_flow');
      expect(settledStats(other.handle)).toMatchObject({ forwarded: 1, deduplicated: 0 });
      await taskEnd();
      expect(store().getItem(key)).not.toMatch(/client-p1|client-p2/);
    },
  );
});

describe('the stored list’s generation and the keys taken since the last write', () => {
  const KEY = 'statsig-heap:first';
  const heapLike = {};
  const memory = () => {
    const made = createExposureMemory('first', () => {});
    if (!made) throw new Error('dedupe first makes a memory');
    return made;
  };

  test.each([
    ['a generation of several digits is read', '[123456789012345,"1.1"]', 123456789012345],
    ['text that is not our list, a number in an array inside, has none', '{"other":[99,"x"]}', 0],
  ])('%s, and the next write counts on from it', (_, stored, generation) => {
    localStorage.setItem(KEY, stored);
    const mine = memory();
    expect(mine.stored()).toBe(generation);
    takeOne(mine);
    expect(storedGeneration(KEY)).toBe(generation + 1);
  });

  test('a key taken but not yet written stays, whatever another tab writes meanwhile', () => {
    const mine = memory();
    mine.read();
    mine.taken('unit', 'variant', heapLike);
    localStorage.setItem(KEY, '[5,"1.1"]'); // another tab's write arrives first
    mine.read();
    expect(mine.seen('unit', 'variant', heapLike)).toBe(true);
    mine.write();
    expect(mine.seen('unit', 'variant', heapLike)).toBe(true);
    expect(rememberedKeys(KEY)).toHaveLength(2); // the other tab's key and ours
  });
});
