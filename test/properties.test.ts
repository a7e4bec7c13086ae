import { StatsigClient } from '@statsig/js-client';
import fc from 'fast-check';
import Statsig from 'statsig-js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { StatsigHeapPlugin, wrapStatsig } from '../src';
import { toHeapProperties } from '../src/heap-limits';
import { heapViolations, testSeed } from './support/heap-contract';
import {
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { initializeResponse } from './support/statsig-values';

// Property-based: arbitrary users, metadata, names and values, through the real SDKs.
// Every Heap call must obey Heap's limits, nothing may throw, no private attribute may leak,
// and Object.prototype must stay untouched.
const seed = testSeed('properties');

const trickyKey = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '', 'a.b'),
  fc.string({ minLength: 505, maxLength: 520 }),
);
/** Objects built with defineProperty, so `__proto__` becomes a real own key. */
const objectOf = (value: fc.Arbitrary<unknown>) =>
  fc.array(fc.tuple(trickyKey, value), { maxLength: 5 }).map((entries) => {
    const object: Record<string, unknown> = {};
    for (const [key, v] of entries) {
      Object.defineProperty(object, key, {
        value: v,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return object;
  });
const { tricky } = fc.letrec((tie) => ({
  tricky: fc.oneof(
    { depthSize: 'small', maxDepth: 6 },
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ minLength: 1000, maxLength: 1100 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => `${'😀'.repeat(600)}${s}`),
    fc.double(),
    fc.integer(),
    fc.boolean(),
    fc.constantFrom(null, undefined, Number.NaN, Number.POSITIVE_INFINITY, -0),
    fc.bigInt(),
    fc.constant(() => 'fn'),
    fc.constant(Symbol('s')),
    fc.array(tie('tricky'), { maxLength: 4 }),
    objectOf(tie('tricky')),
  ),
}));
/** Nesting far deeper than anyone means, and sometimes a cycle. */
const deepOrCyclic = fc
  .tuple(fc.integer({ min: 1, max: 40 }), fc.boolean(), tricky)
  .map(([depth, cycle, leaf]) => {
    const root: Record<string, unknown> = {};
    let node = root;
    for (let i = 0; i < depth; i++) {
      const next: Record<string, unknown> = { leaf };
      node[`level${i}`] = next;
      node = next;
    }
    if (cycle) node['back'] = root;
    return root;
  });
const metadata = fc.oneof(objectOf(tricky), deepOrCyclic);
/** What a Statsig user can hold: the SDKs serialize users, so no cycles, BigInt or functions. */
const { userValue } = fc.letrec((tie) => ({
  userValue: fc.oneof(
    { depthSize: 'small', maxDepth: 5 },
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.string({ minLength: 1000, maxLength: 1100 }),
    fc.double(),
    fc.boolean(),
    fc.constantFrom(null, Number.NaN, Number.NEGATIVE_INFINITY),
    fc.array(tie('userValue'), { maxLength: 3 }),
    objectOf(tie('userValue')),
  ),
}));

let marker = 0;
const privateValue = fc.string({ maxLength: 6 }).map((s) => `PRIVATE-${++marker}-${s}`);
const user = fc.record(
  {
    userID: fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.constantFrom('undefined', 'null', ''),
    ),
    email: fc.string({ unit: 'grapheme', maxLength: 20 }),
    custom: objectOf(userValue),
    customIDs: fc.dictionary(
      fc.constantFrom('companyID', 'deviceID'),
      fc.string({ maxLength: 10 }),
    ),
    privateAttributes: fc.record({ a: privateValue, nested: fc.record({ b: privateValue }) }),
  },
  { requiredKeys: ['userID', 'privateAttributes'] },
);
const eventName = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }),
  fc.string({ minLength: 250, maxLength: 400 }),
  fc.constantFrom('__proto__', 'constructor', 'statsig::not_ours'),
);
const eventValue = fc.oneof(fc.string({ maxLength: 1500 }), fc.double(), fc.constant(undefined));
// statsig-js itself throws on an empty name, with or without the plugin: names are non-empty.
const gateName = fc.oneof(
  fc.constantFrom('new_checkout_flow', 'acme_beta', 'checkout_button_color', 'homepage_layer'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 600 }),
);

/** A short script of app actions: checks, experiment and layer reads, custom events. */
const actions = (maxLength: number) =>
  fc.array(
    fc.tuple(
      fc.constantFrom('gate', 'experiment', 'layer', 'event'),
      gateName,
      eventName,
      eventValue,
      metadata,
    ),
    { minLength: 1, maxLength },
  );
type Steps = [string, string, string, string | number | undefined, unknown][];
function perform(
  steps: Steps,
  sdk: Record<'gate' | 'experiment' | 'layer', (name: string) => unknown> & {
    event: (name: string, value: string | number | undefined, metadata: unknown) => unknown;
  },
) {
  for (const [kind, name, event, value, meta] of steps) {
    if (kind === 'event') sdk.event(event, value, meta);
    else sdk[kind as 'gate'](name);
  }
}

const protoBefore = Object.getOwnPropertyNames(Object.prototype).sort();
function expectCleanCalls(heap: HeapLibrary, secrets: string[]) {
  const violations = heap.calls.flatMap(heapViolations);
  expect(violations).toEqual([]);
  const serialized = JSON.stringify(heap.calls);
  for (const secret of secrets) expect(serialized).not.toContain(secret);
  expect(serialized).not.toContain('privateAttributes');
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
}
const secretsOf = (u: { privateAttributes: { a: string; nested: { b: string } } }) => [
  u.privateAttributes.a,
  u.privateAttributes.nested.b,
];

let heap: HeapLibrary;
beforeEach(() => {
  removeHeap();
  installClassicSnippet();
  heap = loadHeapLibrary();
});
afterEach(() => removeHeap());

describe('Heap limits hold for any input', () => {
  test('toHeapProperties', () => {
    fc.assert(
      fc.property(fc.oneof(tricky, metadata), (input) => {
        const props = toHeapProperties(input);
        expect(heapViolations(['track', 'e', props])).toEqual([]);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoBefore);
      }),
      { seed, numRuns: 1000 },
    );
  });
});

describe('through @statsig/js-client', () => {
  let keys = 0;
  test('arbitrary users, checks and events', async () => {
    await fc.assert(
      fc.asyncProperty(
        user,
        actions(8),
        fc.record({
          eventProperties: fc.boolean(),
          userProperties: fc.boolean(),
          identify: fc.boolean(),
        }),
        async (u, steps, options) => {
          heap.calls.length = 0;
          const plugin = new StatsigHeapPlugin({ ...options, dedupe: 'sdk' });
          const client = new StatsigClient(`client-prop-${++keys}`, u as never, {
            networkConfig: { preventAllNetworkTraffic: true },
            plugins: [plugin],
          });
          // Bootstrap values may carry the user with its private attributes (the SDK copies
          // them into exposure metadata as bootstrapMetadata.user).
          client.dataAdapter.setData(
            JSON.stringify({ ...initializeResponse({ user: u }), user: u }),
          );
          client.initializeSync();
          perform(steps, {
            gate: (name) => client.checkGate(name),
            experiment: (name) => client.getExperiment(name),
            layer: (name) => client.getLayer(name).get(name.slice(0, 8)),
            event: (name, value, meta) => client.logEvent(name, value, meta as never),
          });
          const stats = plugin.getStats();
          expect(stats.errors).toBe(0);
          expect(stats.received).toBe(
            stats.forwarded + stats.filtered + stats.deduplicated + stats.dropped + stats.pending,
          );
          expectCleanCalls(heap, secretsOf(u));
          await client.shutdown();
        },
      ),
      { seed, numRuns: 120 },
    );
  }, 120_000);
});

describe('through statsig-js', () => {
  let keys = 0;
  test('arbitrary users, checks and events', async () => {
    await fc.assert(
      fc.asyncProperty(user, actions(6), async (u, steps) => {
        heap.calls.length = 0;
        const handle = wrapStatsig(Statsig, { eventProperties: true, identify: true });
        await Statsig.initialize(`client-prop-legacy-${++keys}`, u as never, {
          initializeValues: { ...initializeResponse({ user: u }), user: u } as never,
          localMode: true,
          disableAutoMetricsLogging: true,
        });
        perform(steps, {
          gate: (name) => Statsig.checkGate(name),
          experiment: (name) => Statsig.getExperiment(name),
          layer: (name) => Statsig.getLayer(name).get(name.slice(0, 8), null),
          event: (name, value, meta) =>
            Statsig.logEvent(name, (value ?? null) as never, meta as never),
        });
        expect(handle.getStats().errors).toBe(0);
        expectCleanCalls(heap, secretsOf(u));
        Statsig.shutdown();
        handle.detach();
      }),
      { seed, numRuns: 60 },
    );
  }, 120_000);
});
