import { StatsigClient } from '@statsig/js-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { HeapGlobal } from '../src';
import { type StatsigHeapOptions, StatsigHeapPlugin } from '../src';
import { toHeapProperties } from '../src/heap-limits';
import { captureDebugLines } from './support/debug-lines';
import {
  freshPage,
  type HeapLibrary,
  installClassicSnippet,
  installV5Snippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { DRIVERS, type SdkDriver, startDriver } from './support/sdk-drivers';
import { npmEntry } from './support/sdk-pages';
import { bootstrapClient, switchUser } from './support/statsig-client';
import { initializeResponse, USER, USER_2 } from './support/statsig-values';

// The promises of the README at their edges: consent, privacy, the initialize events, several
// clients, bounded work and errors, each tried with input an adversarial app could give.
let heap: HeapLibrary;
const running: SdkDriver[] = [];
const clients: StatsigClient[] = [];

beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  vi.useRealTimers();
  for (const sdk of running.splice(0)) await sdk.stop();
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

const drivers = DRIVERS;
const start = (
  makeDriver: () => SdkDriver,
  options: StatsigHeapOptions,
  user?: Record<string, unknown>,
  values?: object,
) => startDriver(running, makeDriver, options, user, values);
const storedKeys = () =>
  [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) =>
    k.startsWith('statsig-heap:'),
  );
const debugLines = captureDebugLines;
const everything = () => JSON.stringify(heap.calls);

describe.each(drivers)('consent fails closed with $sdk', ({ makeDriver }) => {
  test.each(['Denied', 'DENIED', 'deny', '', 'granted ', null, 1, {}])(
    'consent %j at construction: nothing sent, nothing stored, and it says why',
    async (consent) => {
      const lines = debugLines();
      const { sdk, handle } = await start(makeDriver, {
        consent: consent as never,
        dedupe: 'first',
        debug: true,
      });
      sdk.checkGate('new_checkout_flow');
      sdk.logEvent('purchase', 1);
      expect(heap.calls).toEqual([]);
      expect(storedKeys()).toEqual([]);
      expect(handle.getStats()).toMatchObject({ forwarded: 0, pending: 0 });
      expect(lines()).toContain(
        `[statsig-heap] consent ${consent} is not granted or pending: denied`,
      );
    },
  );

  test('consent pending, at construction or set later: debug says the calls are held', async () => {
    const lines = debugLines();
    const { sdk, handle } = await start(makeDriver, { consent: 'pending', debug: true });
    sdk.logEvent('purchase', 1);
    const held = '[statsig-heap] consent pending: holding';
    expect(lines().filter((line) => line === held)).toHaveLength(1);
    handle.setConsent('granted');
    expect(lines().filter((line) => line === held)).toHaveLength(1); // granted says nothing of it
    handle.setConsent('pending');
    expect(lines().filter((line) => line === held)).toHaveLength(2);
  });

  test.each(['DENIED', 'revoked', undefined])(
    'setConsent(%j) after granting stops everything and removes what was stored',
    async (state) => {
      const { sdk, handle } = await start(makeDriver, { dedupe: 'first', initializeEvents: false });
      sessionStorage.setItem('statsig-heap:session', '["x"]'); // left by an earlier page
      sdk.checkGate('new_checkout_flow');
      expect(heap.tracks()).toHaveLength(1);
      await Promise.resolve(); // the burst's keys are written at the end of the task
      expect(storedKeys().sort()).toEqual(['statsig-heap:first', 'statsig-heap:session']);
      handle.setConsent(state as never);
      expect(storedKeys()).toEqual([]);
      sdk.checkGate('beta_banner');
      sdk.logEvent('purchase', 1);
      expect(heap.tracks()).toHaveLength(1);
      expect(storedKeys()).toEqual([]);
      const s = handle.getStats();
      expect(s.received).toBe(s.forwarded + s.dropped);
    },
  );

  test('denied drops what pending held, and a later grant sends only what comes after', async () => {
    const { sdk, handle } = await start(makeDriver, {
      consent: 'pending',
      initializeEvents: false,
    });
    sdk.logEvent('held');
    handle.setConsent('denied');
    handle.setConsent('granted');
    sdk.logEvent('after');
    expect(heap.tracks().map(([name]) => name)).toEqual(['after']);
    expect(handle.getStats()).toMatchObject({ received: 2, forwarded: 1, dropped: 1 });
  });
});

describe.each(drivers)('privacy with $sdk', ({ makeDriver }) => {
  // Bootstrap values that carry the user, as a server's getClientInitializeResponse does: the
  // SDKs copy it into each exposure's metadata (bootstrapMetadata.user).
  const privateUser = {
    ...USER,
    custom: {
      plan: 'pro',
      list: [{ privateAttributes: { card: 'CARD-IN-ARRAY' } }, 'kept'],
      deep: [[{ a: { privateAttributes: 'DEEP-IN-ARRAY' } }]],
    },
  };
  const values = { ...initializeResponse({ user: privateUser }), user: privateUser };

  test('bootstrapMetadata is never forwarded; privateAttributes never appear, arrays included', async () => {
    const { sdk } = await start(makeDriver, { initializeEvents: false }, privateUser, values);
    sdk.checkGate('new_checkout_flow');
    sdk.getExperiment('checkout_button_color');
    sdk.getLayer('homepage_layer').get('hero_title');
    sdk.logEvent('purchase', 1, { note: 'n' });
    expect(heap.tracks()).toHaveLength(4);
    expect(everything()).not.toMatch(/bootstrapMetadata|CARD-IN-ARRAY|DEEP-IN-ARRAY|PRIVATE/);
    expect(heap.tracks()[0]?.[1]['user.custom.list']).toBe('[{},"kept"]');
  });

  test('includeUser: false leaves no user attribute anywhere in any call', async () => {
    const { sdk } = await start(
      makeDriver,
      { includeUser: false, eventProperties: true, userProperties: true },
      privateUser,
      values,
    );
    sdk.checkGate('new_checkout_flow');
    sdk.checkGate('acme_beta');
    sdk.getExperiment('checkout_button_color');
    sdk.getLayer('homepage_layer').get('hero_title');
    sdk.logEvent('purchase', 1);
    expect(heap.tracks()).toHaveLength(7);
    for (const attribute of ['ada@example.com', '"pro"', '"c1"', 'kept', 'email', 'plan']) {
      expect(everything()).not.toContain(attribute);
    }
    for (const [, props] of heap.tracks()) {
      expect(Object.keys(props).filter((k) => k.includes('user.'))).toEqual([]);
    }
  });
});

describe.each(drivers)('initialize events with $sdk', ({ makeDriver }) => {
  const maps = () =>
    heap
      .tracks()
      .filter(([name]) => name.startsWith('Statsig '))
      .map(([name, props]) => [name, props['new_checkout_flow'] ?? props['checkout_button_color']]);

  test('ada → dan → ada sends the maps three times; the same user again sends them again', async () => {
    const { sdk } = await start(makeDriver, {});
    const dan = initializeResponse({ user: USER_2, variant: 'b' });
    await sdk.updateUser(USER_2, dan);
    await sdk.updateUser(USER, initializeResponse());
    await sdk.updateUser(USER, initializeResponse());
    expect(maps()).toEqual([
      ['Statsig Feature Gates', true],
      ['Statsig Experiments', 'Blue'],
      ['Statsig Feature Gates', false],
      ['Statsig Experiments', 'Control'],
      ['Statsig Feature Gates', true],
      ['Statsig Experiments', 'Blue'],
      ['Statsig Feature Gates', true],
      ['Statsig Experiments', 'Blue'],
    ]);
  });
});

describe('initialize events: an immediate repeat is not sent twice', () => {
  test('values Ready twice in one initialize (the SDK’s ripcord, then its values): maps once', () => {
    const plugin = new StatsigHeapPlugin();
    const client = bootstrapClient([plugin]);
    clients.push(client);
    heap.calls.length = 0;
    // The SDK finalizes a second time without a new update: js-client does this when an error
    // is emitted while loading (its "ready ripcord"), then again with the values.
    (client as unknown as { _finalizeUpdate(v: unknown): void })._finalizeUpdate(null);
    expect(heap.calls).toEqual([]);
    switchUser(client, USER, initializeResponse());
    expect(heap.tracks().map(([name]) => name)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
    ]);
  });
});

describe('one plugin, several clients', () => {
  test('each bound client forwards; detach releases them all', () => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ debug: true, identify: true });
    const a = bootstrapClient([plugin]);
    const b = bootstrapClient([plugin], { user: USER_2 });
    clients.push(a, b);
    heap.calls.length = 0; // the two clients' maps and identities: tested elsewhere
    a.checkGate('new_checkout_flow');
    b.checkGate('new_checkout_flow');
    a.logEvent('from-a');
    b.logEvent('from-b');
    expect(heap.tracks().map(([name, props]) => [name, props['userID']])).toEqual([
      ['statsig::gate_exposure', 'ada'],
      ['statsig::gate_exposure', 'dan'],
      ['from-a', 'ada'],
      ['from-b', 'dan'],
    ]);
    const before = plugin.getStats();
    expect(lines().filter((l) => l.includes('not bound'))).toEqual([]); // bound to both
    plugin.detach();
    a.logEvent('after');
    b.checkGate('beta_banner');
    switchUser(a, USER_2, initializeResponse({ user: USER_2 })); // would send maps, identify
    expect(heap.calls).toHaveLength(4);
    // Every listener and patch is gone: nothing is even counted.
    expect(plugin.getStats().received).toBe(before.received);
  });

  test('detach() is final: bind() afterwards adds nothing, not even the late binding of js-client < 3.5', async () => {
    const { StatsigClient: OldClient } = npmEntry<{ StatsigClient: any }>('js-client-3-0');
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const old = new OldClient('client-old-detach', USER, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: [plugin],
    });
    plugin.detach(); // before the plugin's late binding (a microtask) could happen
    await null;
    const client = bootstrapClient([]);
    clients.push(client, old);
    plugin.bind(client);
    client.logEvent('after');
    old.logEvent('after');
    expect(heap.calls).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ received: 0, errors: 0 });
  });

  test('a plugin never bound says so under debug when asked for its stats', () => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ debug: true });
    expect(plugin.getStats().received).toBe(0);
    expect(lines()).toContain('[statsig-heap] not bound to any client');
  });

  test('bound after checks were made: what Statsig still holds goes first, and it says so', () => {
    const lines = debugLines();
    const client = bootstrapClient([]);
    clients.push(client);
    client.checkGate('new_checkout_flow');
    client.logEvent('before_bind');
    const plugin = new StatsigHeapPlugin({ debug: true });
    plugin.bind(client);
    client.logEvent('after_bind');
    expect(heap.tracks().map(([name]) => name)).toEqual([
      'statsig::gate_exposure',
      'before_bind',
      'Statsig Feature Gates',
      'Statsig Experiments',
      'after_bind',
    ]);
    expect(plugin.getStats()).toMatchObject({ received: 5, forwarded: 5, recovered: 2 });
    expect(lines()).toContain('[statsig-heap] recovered 2 events Statsig still held');
  });

  test.each([
    ['consent denied', (plugin: StatsigHeapPlugin) => plugin.setConsent('denied')],
    ['detached', (plugin: StatsigHeapPlugin) => plugin.detach()],
  ])(
    'bound while %s: what Statsig still holds is left alone, not recovered or counted',
    (_, how) => {
      const lines = debugLines();
      const client = bootstrapClient([]);
      clients.push(client);
      client.checkGate('new_checkout_flow');
      client.logEvent('before_bind');
      const plugin = new StatsigHeapPlugin({ debug: true, initializeEvents: false });
      how(plugin);
      plugin.bind(client);
      expect(plugin.getStats()).toMatchObject({ received: 0, recovered: 0, dropped: 0 });
      expect(lines().some((line) => /recovered/.test(line))).toBe(false);
      expect(heap.tracks()).toEqual([]);
    },
  );
});

describe('bounded work', () => {
  /** `width` keys, each the same object one level down: width^depth paths, one small graph. */
  const shared = (width: number, depth: number): Record<string, unknown> => {
    let node: Record<string, unknown> = { leaf: 'x' };
    for (let d = 0; d < depth; d++) {
      const next: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) next[`k${i}`] = node;
      node = next;
    }
    return node;
  };

  test.each([
    ['shared references', shared(12, 5)],
    ['a wide object', Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]))],
  ])('%s: at most 1,000 properties per call, and it says so', (_, metadata) => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, debug: true });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    client.logEvent({ eventName: 'wide', metadata } as never);
    const [[name, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(name).toBe('wide');
    expect(Object.keys(props).length).toBeLessThanOrEqual(1000);
    expect(JSON.stringify(props).length).toBeLessThan(2_000_000);
    expect(lines()).toContain('[statsig-heap] too many properties: cut at Heap’s limit');
  });
});

test('shared references in arrays: JSON text built only as far as Heap keeps it', () => {
  const plugin = new StatsigHeapPlugin({ initializeEvents: false });
  const client = bootstrapClient([plugin]);
  clients.push(client);
  let list: unknown[] = ['x'];
  for (let d = 0; d < 5; d++) list = Array(12).fill(list); // 12^5 leaves to JSON.stringify
  client.logEvent({ eventName: 'nested', metadata: { list } } as never);
  const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
  expect(props['metadata.list']).toMatch(/^\[\[\[\[\[\["x"\],\["x"\]/);
  expect((props['metadata.list'] as string).length).toBeLessThanOrEqual(1023);
});

test('12^9 paths in arrays (more than JSON.stringify could ever write): done at once, cut', () => {
  let list: unknown[] = ['x'];
  for (let d = 0; d < 9; d++) list = Array(12).fill(list);
  const props = toHeapProperties({ list, wide: { list } });
  expect(props['list']).toMatch(/^\[{10}"x"\],\["x"\]/);
  expect((props['list'] as string).length).toBeLessThanOrEqual(1023);
  expect(Object.keys(props).length).toBeLessThanOrEqual(2);
});

describe('errors never escape, and each call counts once', () => {
  test('a window.heap that throws on property access, met by the retry timer', () => {
    vi.useFakeTimers();
    const onError = vi.fn();
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, onError });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    removeHeap();
    client.logEvent('held');
    // A heap whose every property access throws (a broken proxy from a tag manager).
    window.heap = new Proxy<HeapGlobal>({} as HeapGlobal, {
      get() {
        throw new Error('hostile heap');
      },
    });
    expect(() => vi.advanceTimersByTime(5000)).not.toThrow();
    expect(onError).toHaveBeenCalled();
    expect(plugin.getStats()).toMatchObject({ received: 1, pending: 1, dropped: 0 });
    removeHeap();
    installClassicSnippet();
    vi.advanceTimersByTime(1000);
    expect(
      loadHeapLibrary()
        .tracks()
        .map(([name]) => name),
    ).toEqual(['held']);
    expect(plugin.getStats()).toMatchObject({ received: 1, forwarded: 1, pending: 0 });
  });

  test('a heap whose track getter throws: counted once, never delivered twice', () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    let throws = true;
    const track = vi.fn();
    window.heap = Object.defineProperty({}, 'track', {
      get() {
        if (throws) throw new Error('getter');
        return track;
      },
    }) as never;
    client.logEvent('once');
    throws = false;
    plugin.flush();
    expect(track).toHaveBeenCalledTimes(1);
    const s = plugin.getStats();
    expect(s).toMatchObject({ received: 1, forwarded: 1, pending: 0, dropped: 0 });
  });

  test.each(['five', Number.NaN, 0, -3, Number.POSITIVE_INFINITY, null])(
    'bufferSize %j means the default bound, with a debug line',
    (bufferSize) => {
      const lines = debugLines();
      removeHeap();
      const plugin = new StatsigHeapPlugin({
        initializeEvents: false,
        bufferSize: bufferSize as never,
        debug: true,
      });
      const client = bootstrapClient([plugin]);
      clients.push(client);
      for (let i = 0; i < 1500; i++) client.logEvent('e', i);
      expect(plugin.getStats()).toMatchObject({ received: 1500, pending: 1000, dropped: 500 });
      expect(lines()).toContain(
        `[statsig-heap] bufferSize ${bufferSize} is not a number ≥ 1: using 1000`,
      );
    },
  );

  test('valid or absent options: no debug line about them', () => {
    const lines = debugLines();
    for (const options of [
      {},
      { bufferSize: 1, dedupe: 'sdk' as const },
      { dedupe: 'first' as const },
    ]) {
      const plugin = new StatsigHeapPlugin({ ...options, debug: true, initializeEvents: false });
      clients.push(bootstrapClient([plugin]));
    }
    expect(lines().filter((l) => /bufferSize|dedupe|consent/.test(l))).toEqual([]);
  });

  test('an unknown dedupe means the SDK’s own de-duplication, with a debug line', () => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({
      initializeEvents: false,
      dedupe: 'First' as never,
      debug: true,
    });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    client.checkGate('new_checkout_flow');
    expect(storedKeys()).toEqual([]);
    expect(lines()).toContain('[statsig-heap] unknown dedupe First: using sdk');
  });

  test('a filter that throws: the event is dropped once, the error reported', () => {
    const onError = vi.fn();
    const plugin = new StatsigHeapPlugin({
      initializeEvents: false,
      onError,
      filter: () => {
        throw new Error('app filter');
      },
    });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    expect(() => client.logEvent('x')).not.toThrow();
    expect(() => plugin.flush()).not.toThrow();
    expect(onError).toHaveBeenCalledTimes(1);
    expect(plugin.getStats()).toMatchObject({ received: 1, dropped: 1, errors: 1 });
  });

  test('each distinct error reported once, at most 20 of them; every one counted', () => {
    const onError = vi.fn();
    const plugin = new StatsigHeapPlugin({
      initializeEvents: false,
      onError,
      filter: (event) => {
        throw new Error(`app filter: ${event.name}`); // a new message for each event
      },
    });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    for (let i = 0; i < 30; i++) client.logEvent(`event ${i % 25}`);
    plugin.flush();
    expect(onError).toHaveBeenCalledTimes(20);
    expect(onError).toHaveBeenLastCalledWith(
      expect.objectContaining({ message: 'app filter: event 19' }),
    );
    expect(plugin.getStats()).toMatchObject({ received: 30, dropped: 30, errors: 30 });
  });
});

describe('a hostile Heap, met where the plugin reads or calls it', () => {
  test('getUserId or the identity throwing, met by the retry timer: reported, the calls go on', () => {
    vi.useFakeTimers();
    const onError = vi.fn();
    const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false, onError });
    removeHeap();
    const client = bootstrapClient([plugin]);
    clients.push(client);
    client.logEvent('held');
    expect(plugin.getStats()).toMatchObject({ pending: 1 }); // the event; identify made before it
    const calls: string[] = [];
    window.heap = {
      loaded: true,
      track: (name: string) => calls.push(name),
      identify: (id: string) => calls.push(`identify ${id}`),
      get getUserId(): () => string {
        throw new Error('hostile getUserId');
      },
      get identity(): string {
        throw new Error('hostile identity');
      },
    } as never;
    expect(() => vi.advanceTimersByTime(1100)).not.toThrow();
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'hostile getUserId' }));
    expect(calls).toEqual([`identify ${USER.userID}`, 'held']);
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 2, pending: 0 });
  });

  test('identify: anonymous, and the identity getter throws: reported, never thrown', () => {
    const onError = vi.fn();
    const identify = vi.fn();
    window.heap = {
      loaded: true,
      track() {},
      identify,
      getIdentity() {
        throw new Error('hostile getIdentity');
      },
    } as never;
    const plugin = new StatsigHeapPlugin({ identify: 'anonymous', onError });
    expect(() => clients.push(bootstrapClient([plugin]))).not.toThrow();
    expect(() => plugin.flush()).not.toThrow();
    expect(onError).toHaveBeenCalledWith(
      expect.objectContaining({ message: 'hostile getIdentity' }),
    );
    expect(identify).toHaveBeenCalledWith(USER.userID);
  });

  test('heap.track returning a rejected promise: reported to onError, never unhandled', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const onError = vi.fn();
      window.heap = { loaded: true, track: () => Promise.reject(new Error('rejected')) } as never;
      const plugin = new StatsigHeapPlugin({ initializeEvents: false, onError });
      const client = bootstrapClient([plugin]);
      clients.push(client);
      client.logEvent('purchase');
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'rejected' }));
      expect(unhandled).toEqual([]);
      expect(plugin.getStats()).toMatchObject({ received: 1, forwarded: 1 });
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  test('an app that mirrors heap.track into logEvent: one Heap call, the echo dropped and counted', () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    const names: string[] = [];
    const balance: number[] = [];
    window.heap = {
      loaded: true,
      track(name: string) {
        names.push(name);
        const s = plugin.getStats();
        balance.push(
          s.received - s.forwarded - s.filtered - s.deduplicated - s.dropped - s.pending,
        );
        // Bounded here, so that a plugin without its guard fails this test rather than hangs it.
        if (names.length < 50) client.logEvent(`mirror of ${name}`);
      },
    } as never;
    client.logEvent('purchase');
    plugin.flush();
    expect(names).toEqual(['purchase']);
    expect(balance).toEqual([0]); // read from inside track, the counts already add up
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 1, dropped: 1 });
  });
});

describe.each([
  [
    'classic snippet (stub array)',
    installClassicSnippet,
    () => window.heap as unknown as unknown[],
  ],
  [
    'v5 snippet (heapReadyCb)',
    installV5Snippet,
    () => (window as { heapReadyCb?: unknown[] }).heapReadyCb as unknown[],
  ],
])('Heap’s %s, its library blocked', (_name, install, stubQueue) => {
  test('the stub gets at most bufferSize calls, the rest wait here; all pending, and it says why', () => {
    const lines = debugLines();
    removeHeap();
    install();
    const queued = stubQueue().length;
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, bufferSize: 10, debug: true });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    // A burst in one task of the app's: the plugin keeps the newest 10 (the app's call only
    // queues), then hands them to the stub, which takes at most 10.
    for (let i = 0; i < 100; i++) client.logEvent(`event ${i}`);
    plugin.flush();
    expect(stubQueue().length - queued).toBe(10);
    expect(plugin.getStats()).toMatchObject({ received: 100, pending: 10, dropped: 90 });
    // Another burst, the stub full: the newest 10 wait here.
    for (let i = 100; i < 200; i++) client.logEvent(`event ${i}`);
    plugin.flush();
    expect(stubQueue().length - queued).toBe(10);
    expect(plugin.getStats()).toMatchObject({
      received: 200,
      forwarded: 0,
      pending: 20, // 10 in the stub, 10 here
      dropped: 180,
      heap: 'snippet',
    });
    expect(lines().filter((line) => line.includes('Heap’s library has not loaded'))).toHaveLength(
      1,
    );
    // The library arrives: what the stub held (the first burst's newest 10) is replayed and
    // counted, then what waited here (the second burst's newest 10).
    const library = loadHeapLibrary();
    plugin.flush();
    expect(library.tracks().map(([name]) => name)).toEqual(
      [
        ...Array.from({ length: 10 }, (_, i) => i + 90),
        ...Array.from({ length: 10 }, (_, i) => i + 190),
      ].map((i) => `event ${i}`),
    );
    expect(plugin.getStats()).toMatchObject({ forwarded: 20, pending: 0, heap: 'loaded' });
  });
});

describe('identify never by an identity heap.js ignores', () => {
  test.each([
    'anonymous',
    ' Guest ',
    'UNKNOWN',
    'none',
    'email',
    'true',
    'false',
    'not_authenticated',
    'NaN',
    'na',
    'unique_identifier',
    '0',
    '""',
    '[object Object]',
    '{{ customer.email }}',
    '{{ email }}',
    'null',
    'undefined',
    'x'.repeat(255),
  ])('userID %j: no identify, a counted drop, said under debug', (userID) => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false, debug: true });
    const user = { userID };
    clients.push(bootstrapClient([plugin], { user, values: initializeResponse({ user }) }));
    expect(heap.calls.map(([method]) => method)).not.toContain('identify');
    expect(plugin.getStats()).toMatchObject({ received: 1, dropped: 1, forwarded: 0 });
    expect(lines()).toContain('[statsig-heap] dropped (Heap ignores this identity)');
  });

  test.each(['anonymous1', 'guest user', '00', 'x'.repeat(254), 'nulls'])(
    'userID %j is a real identity: identified',
    (userID) => {
      const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false });
      const user = { userID };
      clients.push(bootstrapClient([plugin], { user, values: initializeResponse({ user }) }));
      expect(heap.calls).toContainEqual(['identify', userID]);
    },
  );

  test('a switch from a real user to a placeholder resets Heap’s identity', () => {
    const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    const guest = { userID: 'guest' };
    switchUser(client, guest, initializeResponse({ user: guest }));
    expect(heap.calls.map(([method]) => method)).toEqual(['identify', 'resetIdentity']);
  });
});

describe('Heap’s library without a user', () => {
  test('getUserId() null for good (tracking stopped): identify waits 5 s, then it and what follows go out in order', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    let userId: string | null = null;
    window.heap = {
      loaded: true,
      track: (name: string) => calls.push(name),
      identify: (id: string) => calls.push(`identify ${id}`),
      getUserId: () => userId,
    } as never;
    const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false });
    const client = bootstrapClient([plugin]);
    clients.push(client);
    client.logEvent('purchase');
    vi.advanceTimersByTime(4000);
    expect(calls).toEqual([]); // a new Heap user comes a task later: worth waiting for
    vi.advanceTimersByTime(2000);
    expect(calls).toEqual([`identify ${USER.userID}`, 'purchase']);
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 2, pending: 0 });
    // With a Heap user there, identify goes out at once.
    userId = 'heap-user';
    const other = { userID: 'someone-else' };
    switchUser(client, other, initializeResponse({ user: other }));
    plugin.flush();
    expect(calls.at(-1)).toBe('identify someone-else');
  });
});

describe('a silent page explains itself under debug', () => {
  const SILENT = /^\[statsig-heap\] no Statsig values 3 s after binding/;

  test('a client never initialized: its status, 3 s after binding', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ debug: true });
    const client = new StatsigClient('client-silent', USER, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: [plugin],
    });
    clients.push(client);
    vi.advanceTimersByTime(2900);
    expect(lines().filter((line) => SILENT.test(line))).toEqual([]);
    vi.advanceTimersByTime(200);
    expect(lines().filter((line) => SILENT.test(line))).toEqual([
      '[statsig-heap] no Statsig values 3 s after binding (client status: Uninitialized) (README: Troubleshooting)',
    ]);
  });

  test('Statsig unreachable: the network error Statsig reported', { timeout: 40_000 }, async () => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ debug: true });
    // A port nothing listens on: the SDK's request fails as behind an ad blocker or offline.
    const client = new StatsigClient('client-unreachable', USER, {
      networkConfig: { api: 'http://127.0.0.1:9/v1', networkTimeoutMs: 500 },
      plugins: [plugin],
    });
    clients.push(client);
    await client.initializeAsync();
    // Bounded, not timed: the line comes 3 s after binding, whenever the SDK gave up.
    await vi.waitFor(() => expect(lines().some((line) => SILENT.test(line))).toBe(true), {
      timeout: 20_000,
    });
    expect(lines().find((line) => SILENT.test(line))).toMatch(
      /\(client status: Ready; Statsig reported: .+\) \(README: Troubleshooting\)$/,
    );
  });

  test('values arrive: nothing said; debug off: nothing said', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const lines = debugLines();
    clients.push(bootstrapClient([new StatsigHeapPlugin({ debug: true })]));
    const quiet = new StatsigClient('client-quiet', USER, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: [new StatsigHeapPlugin()],
    });
    clients.push(quiet);
    vi.advanceTimersByTime(5000);
    expect(lines().filter((line) => SILENT.test(line))).toEqual([]);
  });
});
