import { StatsigOnDeviceEvalClient } from '@statsig/js-on-device-eval-client';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type StatsigHeapHandle, StatsigHeapPlugin } from '../src';
import { heapViolations } from './support/heap-contract';
import { freshPage, type HeapLibrary } from './support/heap-stand-in';
import { SAMPLE_SPECS } from './support/sample-project';
import { DRIVERS, type SdkDriver, startDriver } from './support/sdk-drivers';
import { bootstrapClient } from './support/statsig-client';
import { initializeResponse, USER } from './support/statsig-values';

// The app's own input, of any shape, through the real SDKs (contract 3.2, 3.3 and 5): a
// custom event's metadata that is not an object is one `metadata` property, cut like any
// value; nothing runs over the input before the bounded walker does; odd users, custom IDs
// and values neither throw into the app nor break Heap's limits. Work is counted where it
// can be (reads through a Proxy), and timed only against the SDK's own cost, with room.

let heap: HeapLibrary;
const running: SdkDriver[] = [];
const stops: (() => unknown)[] = [];

beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  for (const sdk of running.splice(0)) await sdk.stop();
  for (const stop of stops.splice(0)) await stop();
});

/** A js-client 3.33.5 with the plugin (or none), on the bootstrap path. */
function jsClient(plugin?: StatsigHeapPlugin, user: Record<string, unknown> = USER) {
  const client = bootstrapClient(plugin ? [plugin] : [], {
    user,
    values: initializeResponse({ user }),
  });
  stops.push(
    () => client.shutdown(),
    () => plugin?.detach(),
  );
  return client;
}
const expectWithinHeapLimits = () => {
  for (const call of heap.calls) expect(heapViolations(call)).toEqual([]);
};
const expectCountsAddUp = (plugin: StatsigHeapHandle) => {
  const s = plugin.getStats();
  expect(s.received).toBe(s.forwarded + s.filtered + s.deduplicated + s.dropped + s.pending);
};
const metadataKeys = (props: Record<string, unknown> | undefined) =>
  Object.keys(props ?? {}).filter((key) => key === 'metadata' || key.startsWith('metadata.'));
/** An object whose every value read is counted: the work done on it, not the time. */
function counted<T extends object>(target: T) {
  let reads = 0;
  const proxy = new Proxy(target, {
    get(t, key, receiver) {
      reads++;
      return Reflect.get(t, key, receiver);
    },
  });
  return { proxy, reads: () => reads };
}
/** A flat string of `size` characters (no rope for the first reader to flatten). */
const flatString = (size: number) => Buffer.alloc(size, 'x').toString('latin1');

describe.each(DRIVERS)(
  'custom event metadata that is not an object, with $sdk',
  ({ makeDriver }) => {
    test.each([
      ['a JSON string', '{"plan":"pro","items":3}', '{"plan":"pro","items":3}'],
      ['a plain string', 'gift wrap', 'gift wrap'],
      ['a number', 42, 42],
      ['a boolean', true, true],
      ['an array', ['a', 1, { b: 2 }], '["a",1,{"b":2}]'],
      ['a 2,000-character string', 'y'.repeat(2000), 'y'.repeat(1023)],
    ])('%s: one `metadata` property, cut like any value', async (_, metadata, expected) => {
      const { sdk } = await startDriver(running, makeDriver, { initializeEvents: false });
      expect(() => sdk.logEvent('purchase', 'v', metadata as never)).not.toThrow();
      const [[name, props]] = heap.tracks() as [[string, Record<string, unknown>]];
      expect(name).toBe('purchase');
      expect(metadataKeys(props)).toEqual(['metadata']);
      expect(props['metadata']).toEqual(expected);
      expect(props).toMatchObject({ value: 'v', userID: 'ada' }); // the rest as usual
      expectWithinHeapLimits();
    });
  },
);

describe('@statsig/js-client: metadata of any shape is bounded', () => {
  test('the object form logEvent({ eventName, value, metadata }) with a JSON string', () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = jsClient(plugin);
    client.logEvent({ eventName: 'purchase', value: 3, metadata: '{"a":1}' as never });
    const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(metadataKeys(props)).toEqual(['metadata']);
    expect(props).toMatchObject({ value: 3, metadata: '{"a":1}' });
  });

  test.each([
    ['1 MB', 1 << 20],
    ['10 MB', 10 << 20],
  ])(
    'a %s string as metadata: one property of 1,023 characters, the string never walked',
    (_, size) => {
      const text = flatString(size);
      const plugin = new StatsigHeapPlugin({ initializeEvents: false });
      const bound = jsClient(plugin);
      // Spread per character, a 1 MB string was a million properties to build (seconds); the
      // bench times it (figure: worst inputs).
      bound.logEvent('big', 'v', text as never);
      const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
      expect(metadataKeys(props)).toEqual(['metadata']);
      expect(props['metadata']).toBe(text.slice(0, 1023));
      expectWithinHeapLimits();
    },
  );

  test('a metadata object of 200,000 keys: at most 1,000 properties, and not read past that', () => {
    const wide = counted(
      Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`k${i}`, `v${i}`])),
    );
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = jsClient(plugin);
    client.logEvent({ eventName: 'wide', metadata: wide.proxy as never });
    const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(Object.keys(props).length).toBeLessThanOrEqual(1000);
    expect(props['metadata.k0']).toBe('v0');
    // The walker looks at 5,000 values at most; a copy of the whole object first reads all.
    expect(wide.reads()).toBeLessThan(10_000);
    expectWithinHeapLimits();
  });

  test.each([
    ['as the metadata', (list: unknown[]) => list],
    ['inside the metadata', (list: unknown[]) => ({ list })],
  ])(
    'an array of 1,000,000 items %s: JSON text cut at 1,023 characters, not read to its end',
    (_, place) => {
      const list = counted(Array.from({ length: 1_000_000 }, (_, i) => `item-${i}`));
      const plugin = new StatsigHeapPlugin({ initializeEvents: false });
      const client = jsClient(plugin);
      client.logEvent({ eventName: 'list', metadata: place(list.proxy) as never });
      const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
      const text = (props['metadata'] ?? props['metadata.list']) as string;
      expect(text).toMatch(/^\["item-0","item-1",/);
      expect(text.length).toBeLessThanOrEqual(1023);
      expect(list.reads()).toBeLessThan(10_000);
    },
  );

  test('empty strings are left out (Heap drops them as blank), at any depth', () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = jsClient(plugin);
    client.logEvent('blank', '', { note: '', nested: { empty: '', kept: 'k' } } as never);
    const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(Object.values(props)).not.toContain('');
    expect(props['metadata.nested.kept']).toBe('k');
  });

  test('a property name of 512 UTF-8 bytes or more is dropped, though under 512 characters', () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = jsClient(plugin);
    const euros = '€'.repeat(200); // 200 characters, 600 UTF-8 bytes (Heap counts bytes)
    client.logEvent('names', 1, { [euros]: 'dropped', short: 'kept' });
    const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(props['metadata.short']).toBe('kept');
    for (const key of Object.keys(props)) {
      expect(new TextEncoder().encode(key).length).toBeLessThan(512);
    }
  });

  test('a metadata getter that throws: nothing reaches the app, and the event is counted, never lost silently', () => {
    const metadata: Record<string, unknown> = { sku: 'A1' };
    Object.defineProperty(metadata, 'broken', {
      enumerable: true,
      get() {
        throw new Error('app getter');
      },
    });
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, onError: () => {} });
    const client = jsClient(plugin);
    expect(() => client.logEvent({ eventName: 'purchase', metadata } as never)).not.toThrow();
    const stats = plugin.getStats();
    expect(stats.received).toBe(1); // forwarded without the broken key, or dropped with a reason
    expectCountsAddUp(plugin);
    for (const [, props] of heap.tracks()) {
      expect(props['metadata.sku']).toBe('A1');
      expect(props).not.toHaveProperty('metadata.broken');
    }
  });
});

describe('@statsig/js-client: the user is walked within the budget too', () => {
  test('a user with 100,000 custom attributes: read within the budget, once, not per exposure', () => {
    const custom = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`c${i}`, i]));
    const user = { userID: 'ada', custom };
    const values = initializeResponse({ user: USER });
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = bootstrapClient([plugin], { user, values });
    stops.push(
      () => client.shutdown(),
      () => plugin.detach(),
    );
    // The SDK keeps its own copy of the user: count what is read of that copy's custom fields.
    const own = (client as unknown as { _user: { custom: Record<string, unknown> } })._user;
    const { proxy, reads } = counted(own.custom);
    own.custom = proxy;
    for (const gate of ['new_checkout_flow', 'dark_mode', 'beta_banner', 'enterprise_sso']) {
      client.checkGate(gate);
    }
    expect(heap.tracks()).toHaveLength(4);
    for (const [, props] of heap.tracks()) {
      expect(Object.keys(props).length).toBeLessThanOrEqual(1000);
      expect(props).toMatchObject({ 'user.userID': 'ada', 'user.custom.c0': 0 });
    }
    // Within the budget (5,000 values per call), and for the first exposure only: the rest
    // reuse what was made for this user. Every exposure would be 4 × 5,000.
    expect(reads()).toBeLessThanOrEqual(5000);
  });
});

describe('@statsig/js-client: event values of odd shapes', () => {
  test.each([
    ['an object', { a: 1 }, undefined],
    ['an array', [1, 2], undefined],
    ['NaN', Number.NaN, undefined],
    ['Infinity', Number.POSITIVE_INFINITY, undefined],
    ['an empty string', '', undefined],
    ['a 10 MB string', flatString(10 << 20), 'x'.repeat(1023)],
  ])('%s as the value: forwarded, `value` only as Heap keeps it', (_, value, expected) => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = jsClient(plugin);
    expect(() => client.logEvent('odd', value as never)).not.toThrow();
    const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(props['value']).toEqual(expected);
    expect(Object.keys(props).filter((key) => key.startsWith('value'))).toEqual(
      expected === undefined ? [] : ['value'],
    );
    expectWithinHeapLimits();
  });
});

/** Users an untyped app may pass, each odd in its own way. */
function oddUsers(): [string, Record<string, unknown>][] {
  const throwing: Record<string, unknown> = { userID: 'ada' };
  Object.defineProperty(throwing, 'email', {
    enumerable: true,
    get() {
      throw new Error('app getter');
    },
  });
  const cyclic: Record<string, unknown> = { userID: 'ada', custom: {} };
  (cyclic['custom'] as Record<string, unknown>)['self'] = cyclic;
  return [
    ['a string as customIDs', { userID: 'ada', customIDs: 'acme' }],
    ['a number as customIDs', { userID: 'ada', customIDs: 7 }],
    [
      'a custom object of 20,000 keys',
      {
        userID: 'ada',
        custom: Object.fromEntries(Array.from({ length: 20_000 }, (_, i) => [`c${i}`, i])),
      },
    ],
    ['custom nested 1,000 deep', { userID: 'ada', custom: deep(1000) }],
    ['a getter that throws', throwing],
    ['a cycle', cyclic],
    ['a 1 MB userID', { userID: flatString(1 << 20) }],
  ];
}
function deep(levels: number): Record<string, unknown> {
  let node: Record<string, unknown> = { leaf: 'x' };
  for (let i = 0; i < levels; i++) node = { next: node };
  return node;
}

describe('odd users: nothing thrown into the app, Statsig’s answers unchanged, Heap’s limits kept', () => {
  test.each(oddUsers())('@statsig/js-client, %s', (_, user) => {
    const bare = bootstrapClient([], { user, values: initializeResponse({ user: USER }) });
    const plugin = new StatsigHeapPlugin({
      dedupe: 'first',
      identify: true,
      eventProperties: true,
      onError: () => {},
    });
    let client: ReturnType<typeof bootstrapClient> | undefined;
    expect(() => {
      client = bootstrapClient([plugin], { user, values: initializeResponse({ user: USER }) });
    }).not.toThrow();
    const c = client as ReturnType<typeof bootstrapClient>;
    stops.push(
      () => bare.shutdown(),
      () => c.shutdown(),
      () => plugin.detach(),
    );
    for (const gate of ['new_checkout_flow', 'acme_beta']) {
      expect(c.checkGate(gate)).toBe(bare.checkGate(gate));
    }
    expect(c.getExperiment('checkout_button_color').value).toEqual(
      bare.getExperiment('checkout_button_color').value,
    );
    expect(() => c.logEvent('purchase', 1, { sku: 'A1' })).not.toThrow();
    expect(heap.tracks().length).toBeGreaterThan(0);
    for (const [, props] of heap.tracks()) {
      expect(Object.keys(props).length).toBeLessThanOrEqual(1000);
    }
    expectWithinHeapLimits();
    expectCountsAddUp(plugin);
  });

  test.each(oddUsers())('@statsig/js-on-device-eval-client, %s', (_, user) => {
    const make = () => {
      const client = new StatsigOnDeviceEvalClient(`client-odd-${Math.random()}`, {
        networkConfig: { preventAllNetworkTraffic: true },
      } as never);
      client.dataAdapter.setData(SAMPLE_SPECS);
      return client;
    };
    const bare = make();
    bare.initializeSync();
    const client = make();
    const plugin = new StatsigHeapPlugin({ dedupe: 'session', onError: () => {} });
    plugin.bind(client);
    client.initializeSync();
    stops.push(
      () => bare.shutdown(),
      () => client.shutdown(),
      () => plugin.detach(),
    );
    const u = user as never;
    for (const gate of ['dark_mode', 'acme_beta']) {
      let answer: boolean | undefined;
      expect(() => {
        answer = client.checkGate(gate, u);
      }).not.toThrow();
      expect(answer).toBe(bare.checkGate(gate, u));
    }
    expect(() => client.logEvent('purchase', u, 1)).not.toThrow();
    for (const [, props] of heap.tracks()) {
      expect(Object.keys(props).length).toBeLessThanOrEqual(1000);
    }
    expectWithinHeapLimits();
    expectCountsAddUp(plugin);
  });
});
