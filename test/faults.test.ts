import type { StatsigClient } from '@statsig/js-client';
import Statsig from 'statsig-js';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapOptions, StatsigHeapPlugin, wrapStatsig } from '../src';
import {
  freshPage,
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { bootstrapClient } from './support/statsig-client';
import { initializeResponse, USER } from './support/statsig-values';

// Fault injection: Heap, storage and the SDKs misbehaving. The app must never see an error,
// never get a different result, and the stats must account for every event.
let heap: HeapLibrary;
const clients: StatsigClient[] = [];
beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

function setup(options: StatsigHeapOptions = {}) {
  const plugin = new StatsigHeapPlugin({ initializeEvents: false, ...options });
  const client = bootstrapClient([plugin]);
  clients.push(client);
  return { plugin, client };
}
const balanced = (plugin: StatsigHeapPlugin) => {
  const s = plugin.getStats();
  return s.received === s.forwarded + s.filtered + s.deduplicated + s.dropped + s.pending;
};

describe('Heap misbehaving', () => {
  test('addEventProperties throwing: the exposure still goes, the error is counted', () => {
    const onError = vi.fn();
    const { client, plugin } = setup({ eventProperties: true, onError });
    (window.heap as unknown as Record<string, unknown>)['addEventProperties'] = () => {
      throw new Error('cookie full');
    };
    expect(client.getExperiment('checkout_button_color').get('color', '')).toBe('blue');
    expect(heap.tracks().map(([n]) => n)).toEqual(['statsig::experiment_exposure']);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 1, dropped: 1, errors: 1 });
  });

  test('window.heap replaced mid-run: later calls go to the new Heap', () => {
    const { client, plugin } = setup();
    client.logEvent('before');
    plugin.flush(); // the plugin's task after the app's: Heap took it
    const first = heap;
    const second = loadHeapLibrary(); // e.g. Heap's library re-initialised by a tag manager
    client.logEvent('after');
    expect(first.tracks().map(([n]) => n)).toEqual(['before']);
    expect(second.tracks().map(([n]) => n)).toEqual(['after']);
  });

  test('Heap never loads (ad blocker): 100,000 events, memory stays bounded by bufferSize', () => {
    removeHeap();
    const { client, plugin } = setup({ bufferSize: 500 });
    for (let i = 0; i < 100_000; i++) client.logEvent('blocked', i);
    expect(plugin.getStats()).toMatchObject({
      received: 100_000,
      pending: 500,
      dropped: 99_500,
      forwarded: 0,
    });
    installClassicSnippet();
    plugin.flush();
    const library = loadHeapLibrary();
    expect(library.tracks().map(([, p]) => p['value'])).toEqual(
      Array.from({ length: 500 }, (_, i) => 99_500 + i),
    );
  });

  test('a heap whose track is not a function counts as absent; a missing method is a counted drop', () => {
    window.heap = { track: 'nope' } as never;
    const { client, plugin } = setup({ identify: true });
    client.logEvent('held');
    plugin.flush();
    expect(plugin.getStats()).toMatchObject({ pending: 1 }); // identify is made once Heap is there
    window.heap = { track: vi.fn() } as never; // no identify
    plugin.flush();
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 1, dropped: 1, pending: 0 });
  });
});

describe('storage misbehaving', () => {
  test('storage throwing: session de-duplication works in memory', () => {
    vi.spyOn(Storage.prototype, 'getItem').mockImplementation(function (
      this: Storage,
      key: string,
    ) {
      if (this === sessionStorage || key.startsWith('statsig-heap:')) throw new Error('denied');
      return null;
    });
    const { client, plugin } = setup({ dedupe: 'session' });
    client.checkGate('new_checkout_flow');
    client.updateUserSync(USER);
    client.checkGate('new_checkout_flow');
    plugin.flush();
    expect(plugin.getStats()).toMatchObject({ forwarded: 1, deduplicated: 1, errors: 0 });
  });
});

describe('the SDK’s internals absent or changed', () => {
  test('js-client logger not found by shape: says so, falls back to the flush event', async () => {
    const lines = vi.spyOn(console, 'log').mockImplementation(() => {});
    const client = bootstrapClient([]);
    clients.push(client);
    // A build whose logger lacks the hook's shape: the plugin must not patch it.
    const logger = (client as unknown as { _logger: Record<string, unknown> })._logger;
    const shape = logger['incrementNonExposureCount'];
    logger['incrementNonExposureCount'] = undefined;
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, debug: true });
    expect(() => plugin.bind(client)).not.toThrow();
    logger['incrementNonExposureCount'] = shape;
    expect(lines.mock.calls.map((c) => c[0])).toContain(
      '[statsig-heap] SDK logger not found: forwarding at flush',
    );
    client.checkGate('new_checkout_flow');
    client.logEvent('purchase');
    expect(heap.calls).toEqual([]); // not hooked: nothing until the SDK flushes
    await client.flush();
    expect(heap.tracks().map(([n]) => n)).toEqual(['statsig::gate_exposure', 'purchase']);
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 2, errors: 0 });
  });

  test('a client that is not a StatsigClient at all: no throw, counted, and the plugin still works', () => {
    const onError = vi.fn();
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, onError });
    for (const odd of [{}, Object.create(null), null, undefined, 7, 'x']) {
      expect(() => plugin.bind(odd as never)).not.toThrow();
    }
    expect(plugin.getStats().errors).toBe(0);
    const throwing = {
      getContextHandle: () => {
        throw new Error('x');
      },
      loadingStatus: 'Ready',
      on() {},
    };
    for (const hostile of [throwing, { on: 1, off: 2 }]) {
      expect(() => plugin.bind(hostile)).not.toThrow();
    }
    expect(onError).toHaveBeenCalledTimes(2);
    expect(plugin.getStats().errors).toBe(2);
    // After all that, a real client bound to the same plugin forwards as usual.
    const client = bootstrapClient([plugin]);
    clients.push(client);
    client.checkGate('new_checkout_flow');
    expect(heap.tracks().map(([n]) => n)).toEqual(['statsig::gate_exposure']);
  });

  test('getContextHandle throwing at exposure time: the check still returns, the error is counted', () => {
    const { client, plugin } = setup();
    vi.spyOn(client, 'getContextHandle').mockImplementation(() => {
      throw new Error('internal');
    });
    expect(client.checkGate('new_checkout_flow')).toBe(true);
    // Read in the plugin's own task: reported, never thrown; the event goes without it.
    expect(() => plugin.flush()).not.toThrow();
    expect(plugin.getStats()).toMatchObject({ errors: 1, forwarded: 1, pending: 0 });
    expect(heap.tracks()[0]?.[1]).not.toHaveProperty('statsigMetadata.stableID');
  });

  test('options with throwing getters, or a filter that is not a function', () => {
    const hostile = Object.defineProperty({}, 'consent', {
      enumerable: true,
      get() {
        throw new Error('getter');
      },
    });
    expect(() => new StatsigHeapPlugin(hostile)).not.toThrow();
    const { client } = setup({ filter: true as never });
    client.logEvent('kept');
    expect(heap.tracks().map(([n]) => n)).toEqual(['kept']);
  });

  test('statsig-js without getLogger: initialize and checks work, nothing throws', async () => {
    const proto = Object.getPrototypeOf(
      await Statsig.initialize('client-probe', USER, {
        localMode: true,
        disableAutoMetricsLogging: true,
      }).then(() => (Statsig as unknown as { instance: object }).instance),
    ) as { getLogger: unknown };
    Statsig.shutdown();
    vi.spyOn(proto as { getLogger: () => unknown }, 'getLogger').mockReturnValue(undefined);
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const handle = wrapStatsig(Statsig, { debug: true });
    await Statsig.initialize('client-nologger', USER, {
      initializeValues: initializeResponse() as never,
      localMode: true,
      disableAutoMetricsLogging: true,
    });
    expect(Statsig.checkGate('new_checkout_flow')).toBe(true);
    expect(log.mock.calls.map((c) => c[0])).toContain('[statsig-heap] statsig-js logger not found');
    expect(handle.getStats().errors).toBe(0);
    Statsig.shutdown();
    handle.detach();
  });
});

describe('detach mid-flight', () => {
  test('detach from inside heap.track: no throw, what was made before it handed over, nothing after, stats balanced', () => {
    const { client, plugin } = setup();
    const track = window.heap?.track;
    (window.heap as unknown as Record<string, unknown>)['track'] = (...args: unknown[]) => {
      track?.(...(args as [string]));
      plugin.detach();
    };
    client.logEvent('first');
    client.logEvent('second');
    expect(() => plugin.flush()).not.toThrow();
    client.logEvent('after detach');
    expect(heap.tracks().map(([n]) => n)).toEqual(['first', 'second']);
    expect(balanced(plugin)).toBe(true);
    expect(plugin.getStats()).toMatchObject({ received: 2, forwarded: 2, pending: 0 });
  });

  test('detach with calls held: they are dropped and counted', () => {
    removeHeap();
    const { client, plugin } = setup();
    client.logEvent('a');
    client.logEvent('b');
    plugin.detach();
    installClassicSnippet();
    plugin.flush();
    expect(loadHeapLibrary().calls).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ received: 2, dropped: 2, pending: 0 });
  });
});

describe('the heap option misbehaving', () => {
  test('a heap function that throws: calls are held, the error counted, nothing thrown', () => {
    let fail = true;
    const calls: unknown[] = [];
    const { client, plugin } = setup({
      heap: () => {
        if (fail) throw new Error('tag manager not ready');
        return { track: (...args: unknown[]) => calls.push(args) };
      },
    });
    expect(() => client.logEvent('early')).not.toThrow();
    expect(() => plugin.flush()).not.toThrow();
    expect(plugin.getStats()).toMatchObject({ received: 1, pending: 1, errors: 1 });
    fail = false;
    plugin.flush();
    expect(calls).toHaveLength(1);
    expect(plugin.getStats()).toMatchObject({ received: 1, forwarded: 1, pending: 0 });
  });
});
