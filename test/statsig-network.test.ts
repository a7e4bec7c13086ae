import { StatsigClient, type StatsigOptions } from '@statsig/js-client';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { StatsigHeapPlugin } from '../src';
import {
  type HeapLibrary,
  installV5Snippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { type StatsigStandIn, startStatsigStandIn } from './support/statsig-server';
import { initializeResponse, USER, USER_2, USER_2_MAPS, USER_MAPS } from './support/statsig-values';

// The real SDK, over its own network code, against a Statsig stand-in on 127.0.0.1.
let server: StatsigStandIn;
let heap: HeapLibrary;
let client: StatsigClient | undefined;
let keys = 0;

beforeAll(async () => {
  server = await startStatsigStandIn((user) =>
    initializeResponse({ user, variant: user['userID'] === 'dan' ? 'b' : 'a' }),
  );
});
afterAll(() => server.close());
beforeEach(() => {
  removeHeap();
  installV5Snippet();
  heap = loadHeapLibrary();
  server.logged.length = 0;
  server.failLogs = 0;
});
afterEach(async () => {
  await client?.shutdown();
  client = undefined;
});

function networkClient(plugins: NonNullable<StatsigOptions['plugins']>) {
  client = new StatsigClient(`client-net-${++keys}`, USER, {
    networkConfig: { api: server.api },
    disableStatsigEncoding: true,
    disableCompression: true,
    plugins,
  });
  return client;
}

/** What Statsig logged, less its own bookkeeping events. */
const internal = (name: string) => /^statsig::(diagnostics|non_exposed_checks)$/.test(name);
const loggedExposures = () => server.logged.flat().filter((e) => !internal(e.eventName));

describe('against a local Statsig', () => {
  test('initializeAsync over the network: initialize events, then exposures; Statsig still logs', async () => {
    const plugin = new StatsigHeapPlugin();
    const c = networkClient([plugin]);
    await c.initializeAsync();
    expect(heap.tracks()).toEqual([
      ['Statsig Feature Gates', USER_MAPS.gates],
      ['Statsig Experiments', USER_MAPS.experiments],
    ]);
    c.checkGate('new_checkout_flow');
    c.logEvent('purchase', 3);
    await c.flush();
    // The plugin must not break the SDK's own logging (it serializes its options).
    expect(loggedExposures().map((e) => e.eventName)).toEqual([
      'statsig::gate_exposure',
      'purchase',
    ]);
    expect(
      heap
        .tracks()
        .slice(2)
        .map(([n]) => n),
    ).toEqual(['statsig::gate_exposure', 'purchase']);
  });

  test('updateUserAsync sends the new user’s maps', async () => {
    const c = networkClient([new StatsigHeapPlugin()]);
    await c.initializeAsync();
    heap.calls.length = 0;
    await c.updateUserAsync(USER_2);
    expect(heap.tracks()).toEqual([
      ['Statsig Feature Gates', USER_2_MAPS.gates],
      ['Statsig Experiments', USER_2_MAPS.experiments],
    ]);
    c.checkGate('new_checkout_flow');
    expect(heap.tracks()[2]?.[1]).toMatchObject({ userID: 'dan', 'metadata.gateValue': 'false' });
  });

  // Both ways the plugin catches exposures: the logger hook never sees a retry; the flush
  // fallback sees every retry and must forward each event once.
  test.each(['logger hook', 'flush fallback'])(
    'a flush that Statsig retries is not forwarded again (%s)',
    {
      timeout: 60_000,
    },
    async (path) => {
      const lines = vi.spyOn(console, 'log').mockImplementation(() => {});
      const plugin = new StatsigHeapPlugin({ initializeEvents: false, debug: true });
      const c = networkClient([]);
      // Hide the logger as another SDK build might: the hook point is then missing.
      if (path === 'flush fallback') Object.defineProperty(c, '_logger', { enumerable: false });
      plugin.bind(c);
      expect(lines.mock.calls.map((call) => call[0])).toEqual(
        path === 'flush fallback'
          ? ['[statsig-heap] SDK logger not found: forwarding at flush']
          : [],
      );
      const flushes: string[][] = [];
      c.on('pre_logs_flushed', (e) =>
        flushes.push(
          (e.events as { eventName: string }[])
            .map((ev) => ev.eventName)
            .filter((n) => !internal(n)),
        ),
      );
      await c.initializeAsync();
      await c.flush();
      flushes.length = 0;
      c.checkGate('new_checkout_flow');
      c.checkGate('beta_banner', { disableExposureLog: true });
      c.logEvent('purchase', 1);
      if (path === 'flush fallback') expect(heap.calls).toEqual([]); // not until Statsig flushes
      // The SDK's own network retries (3) all fail: the batch is requeued and sent again.
      server.failLogs = 4;
      await c.flush();
      await c.flush();
      const batch = ['statsig::gate_exposure', 'purchase'];
      expect(flushes).toEqual([batch, batch]); // the retry really happened
      expect(loggedExposures().map((e) => e.eventName)).toEqual(batch);
      expect(heap.tracks().map(([n, p]) => [n, p['userID']])).toEqual([
        ['statsig::gate_exposure', 'ada'],
        ['purchase', 'ada'],
      ]);
      expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 2 });
      expect(JSON.stringify(heap.calls)).not.toContain('PRIVATE');
    },
  );
});

describe('an SDK build that stops marking the events it keeps', () => {
  test('detected on the first custom event; everything is then forwarded at flush, once', {
    timeout: 30_000,
  }, async () => {
    const c = networkClient([]);
    // Simulate the change: the logger keeps events without copying their user.
    const logger = (c as unknown as { _logger: Record<string, unknown> })._logger;
    logger['_normalizeEvent'] = (event: object) => ({ ...event });
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, debug: true });
    plugin.bind(c);
    await c.initializeAsync();
    c.checkGate('new_checkout_flow'); // looks dropped to the hook: not forwarded yet
    // The switch comes later than the exposure (as on a real page): what was logged between
    // binding and the switch is still forwarded.
    await new Promise((resolve) => setTimeout(resolve, 5));
    c.logEvent('purchase', 1); // always kept: the hook notices and switches
    c.logEvent('refund', 2);
    expect(heap.calls).toEqual([]);
    expect(log.mock.calls.map((call) => call[0])).toContain(
      '[statsig-heap] SDK changed: forwarding at flush',
    );
    await c.flush();
    // Nothing lost: the exposure the hook could not judge arrives with the flush too.
    expect(heap.tracks().map(([name]) => name)).toEqual([
      'statsig::gate_exposure',
      'purchase',
      'refund',
    ]);
    expect(plugin.getStats()).toMatchObject({ received: 3, forwarded: 3 });
    log.mockRestore();
  });
});
