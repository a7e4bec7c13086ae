import type { StatsigClient } from '@statsig/js-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapHandle, StatsigHeapPlugin } from '../src';
import { bindEveryClient } from '../src/auto';
import { captureDebugLines } from './support/debug-lines';
import {
  freshPage,
  type HeapLibrary,
  installV5Snippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { bootstrapClient, switchUser } from './support/statsig-client';
import { initializeResponse, USER, USER_2 } from './support/statsig-values';
import { taskEnd } from './support/stored-lists';

// What an adversarial review of architecture v3 broke, each case as it found it, now held.

let heap: HeapLibrary;
const clients: StatsigClient[] = [];
const handles: StatsigHeapHandle[] = [];
beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  for (const handle of handles.splice(0)) handle.detach();
  await Promise.all(clients.splice(0).map((client) => client.shutdown()));
});
const client = (...args: Parameters<typeof bootstrapClient>) => {
  const made = bootstrapClient(...args);
  clients.push(made);
  return made;
};
const balanced = (s: ReturnType<StatsigHeapPlugin['getStats']>) =>
  s.received === s.forwarded + s.filtered + s.deduplicated + s.dropped + s.pending;
const identities = () =>
  heap.calls.filter(([method]) => /identi/i.test(method)).map(([method, id]) => [method, id]);

describe('identity', () => {
  test('the deciding client shut down, a new one for the next user: identified as that user', async () => {
    const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false });
    const a = bootstrapClient([plugin], { sdkKey: 'client-k' });
    a.logEvent('as_ada');
    await taskEnd();
    await a.shutdown();
    const b = client([plugin], {
      sdkKey: 'client-k',
      user: USER_2,
      values: initializeResponse({ user: USER_2 }),
    });
    b.logEvent('as_dan');
    const records = heap.recorded().filter((r) => r.type === 'track');
    expect(
      records.map((r) => [r.type === 'track' && r.name, r.type === 'track' && r.identity]),
    ).toEqual([
      ['as_ada', 'ada'],
      ['as_dan', 'dan'],
    ]);
  });

  test('a numeric userID is an identity, as Heap takes it (text): never reset', async () => {
    (window.heap as unknown as { identify: (id: string) => void }).identify('12345');
    heap.calls.length = 0;
    const user = { userID: 12345 as unknown as string };
    client([new StatsigHeapPlugin({ identify: true })], {
      user,
      values: initializeResponse({ user: { userID: '12345' } }),
    }).logEvent('numbered');
    expect(identities()).toEqual([]); // Heap already has it
    expect(heap.tracks().map(([name]) => name)).toContain('numbered');
  });
});

describe('experiment properties with several clients', () => {
  test('one client’s values never remove the property another client set', async () => {
    const plugin = new StatsigHeapPlugin({ eventProperties: true });
    client([plugin], { sdkKey: 'client-A' }).getExperiment('checkout_button_color');
    await taskEnd();
    const values = initializeResponse();
    values.dynamic_configs = {}; // another project, without that experiment
    client([plugin], { sdkKey: 'client-B', values });
    expect(heap.calls.filter(([method]) => method === 'removeEventProperty')).toEqual([]);
  });
});

describe('a full buffer', () => {
  test('the initialize maps dropped to make room are counted, and nothing else is lost', async () => {
    removeHeap();
    const plugin = new StatsigHeapPlugin({ bufferSize: 3 });
    const c = client([plugin]);
    c.checkGate('new_checkout_flow');
    for (const name of ['e1', 'e2', 'e3']) c.logEvent(name);
    plugin.flush();
    heap = freshPage();
    const names = heap.tracks().map(([name]) => name);
    const stats = plugin.getStats();
    expect(names).toEqual(['e1', 'e2', 'e3']);
    // 2 maps and 4 events meant; the 3 newest kept, the other 3 dropped and said.
    expect(stats).toMatchObject({ received: 6, forwarded: 3, dropped: 3, pending: 0 });
  });
});

describe('consent', () => {
  test('Statsig’s kept events go to Heap once, when its logging goes from off to on only', async () => {
    const sdkKey = 'client-stored';
    const earlier = bootstrapClient([], { sdkKey, options: { loggingEnabled: 'disabled' } });
    earlier.logEvent('earlier_page_event');
    await earlier.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 5)); // the next page comes later
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const c = client([plugin], { sdkKey }); // logging on from the start
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' }); // on again: Statsig sends none
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    expect(heap.tracks()).toEqual([]);
    c.updateRuntimeOptions({ loggingEnabled: 'disabled' });
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' }); // off to on: Statsig sends it
    expect(heap.tracks().map(([name]) => name)).toEqual(['earlier_page_event']);
  });

  test('denied from inside the filter: that event goes nowhere, nothing stored', async () => {
    let plugin: StatsigHeapPlugin | undefined;
    plugin = new StatsigHeapPlugin({
      dedupe: 'first',
      initializeEvents: false,
      filter: () => {
        plugin?.setConsent('denied');
        return true;
      },
    });
    client([plugin]).checkGate('new_checkout_flow');
    await taskEnd();
    expect(heap.tracks()).toEqual([]);
    expect(localStorage.getItem('statsig-heap:first')).toBeNull();
    expect(plugin.getStats()).toMatchObject({ received: 1, dropped: 1, pending: 0 });
  });

  test('denied from inside heap.track: nothing written after the denial removed it', async () => {
    const plugin = new StatsigHeapPlugin({ dedupe: 'first', initializeEvents: false });
    const c = client([plugin]);
    const library = window.heap as unknown as { track: (...args: unknown[]) => void };
    const track = library.track;
    library.track = (...args) => {
      track(...args);
      plugin.setConsent('denied');
    };
    c.checkGate('new_checkout_flow');
    c.checkGate('beta_banner');
    await taskEnd();
    expect(localStorage.getItem('statsig-heap:first')).toBeNull();
    expect(heap.tracks()).toHaveLength(1);
    expect(balanced(plugin.getStats())).toBe(true);
  });
});

describe('detach()', () => {
  test('just after Heap’s v5 library loads, with identify: everything handed over, nothing dropped', () => {
    removeHeap();
    installV5Snippet();
    const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false });
    const c = client([plugin]);
    c.logEvent('a');
    c.logEvent('b');
    const library = loadHeapLibrary(); // its user comes a task later
    plugin.detach();
    expect(library.callsSoFar.map(([method, first]) => [method, first])).toEqual([
      ['identify', 'ada'],
      ['track', 'a'],
      ['track', 'b'],
    ]);
    expect(plugin.getStats()).toMatchObject({ dropped: 0, pending: 0, forwarded: 3 });
  });
});

describe('Heap stopped before the plugin first looked', () => {
  test('stopped, not a snippet: nothing fed to the stopped library, and said so', async () => {
    const lines = captureDebugLines();
    const track = vi.spyOn(window.heap as unknown as { track: () => void }, 'track');
    (window.heap as unknown as { loaded: boolean }).loaded = false; // an opt-out at start
    const plugin = new StatsigHeapPlugin({ debug: true, initializeEvents: false });
    client([plugin]).logEvent('held');
    plugin.flush();
    expect(track).not.toHaveBeenCalled();
    expect(plugin.getStats()).toMatchObject({ heap: 'stopped', pending: 1 });
    expect(lines()).toContain('[statsig-heap] Heap stopped tracking (stopTracking): calls wait');
  });
});

describe('the zero-code tag and the app on one client', () => {
  test('the app binds a client the tag had: each event reaches Heap once', async () => {
    handles.push(bindEveryClient({ auto: true }));
    const c = client([]);
    await taskEnd(); // the tag binds a client once built
    c.checkGate('new_checkout_flow');
    c.logEvent('purchase', 5);
    const mine = new StatsigHeapPlugin({ initializeEvents: false });
    mine.bind(c); // the app's own module, loaded late
    c.logEvent('after');
    await taskEnd();
    const names = heap.tracks().map(([name]) => name);
    expect(names.filter((name) => name === 'purchase')).toHaveLength(1);
    expect(names.filter((name) => name === 'statsig::gate_exposure')).toHaveLength(1);
    expect(names.filter((name) => name === 'after')).toHaveLength(1);
    expect(mine.getStats().forwarded).toBe(1);
  });

  test('a frozen registry: the clients already there are bound, and debug says later ones cannot be', async () => {
    const lines = captureDebugLines();
    const c = client([]);
    const registry = (window as unknown as { __STATSIG__: Record<string, unknown> }).__STATSIG__;
    (window as unknown as { __STATSIG__: unknown }).__STATSIG__ = Object.freeze({
      ...registry,
      instances: { ...(registry['instances'] as object) },
    });
    try {
      handles.push(bindEveryClient({ auto: true, initializeEvents: false, debug: true }));
      await taskEnd();
      c.logEvent('purchase');
      expect(heap.tracks().map(([name]) => name)).toEqual(['purchase']);
      expect(lines().some((line) => /registry cannot be watched/.test(line))).toBe(true);
    } finally {
      (window as unknown as { __STATSIG__: unknown }).__STATSIG__ = registry;
    }
  });

  test('another script’s accessor on instances keeps hearing every client', async () => {
    const registry = (window as unknown as { __STATSIG__: Record<string, unknown> }).__STATSIG__;
    let kept = registry['instances'];
    let heard = 0;
    Object.defineProperty(registry, 'instances', {
      configurable: true,
      enumerable: true,
      get: () => kept,
      set: (next) => {
        heard++;
        kept = next;
      },
    });
    const tag = bindEveryClient({ auto: true, initializeEvents: false });
    const c = client([]);
    await taskEnd();
    c.logEvent('purchase');
    expect(heap.tracks().map(([name]) => name)).toEqual(['purchase']);
    expect(heard).toBe(1);
    tag.detach();
    expect(Object.getOwnPropertyDescriptor(registry, 'instances')?.set).toBeDefined();
    client([], { sdkKey: 'client-after' });
    expect(heard).toBe(2); // theirs again, and only theirs
    delete registry['instances'];
    registry['instances'] = kept;
  });

  test('two tags, the first detached: Statsig’s registry still finds a client made later', async () => {
    const first = bindEveryClient({ auto: true });
    handles.push(bindEveryClient({ auto: true }));
    const late = client([], { sdkKey: 'client-late' });
    await taskEnd();
    first.detach();
    const registry = (window as unknown as { __STATSIG__: { instance(key: string): unknown } })
      .__STATSIG__;
    expect(registry.instance('client-late')).toBe(late);
  });
});

describe('faults', () => {
  test('a stableID getter that throws: the event goes without it, the error counted', () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const c = client([plugin]);
    const handle = c.getContextHandle();
    Object.defineProperty(handle, 'stableID', {
      get() {
        throw new Error('storage');
      },
    });
    c.logEvent('still sent');
    expect(heap.tracks().map(([name]) => name)).toEqual(['still sent']);
    expect(plugin.getStats()).toMatchObject({ errors: 1, forwarded: 1 });
  });

  test('switching users and back with every option: the counts balance at every Heap call', async () => {
    const unbalanced: string[] = [];
    let plugin: StatsigHeapPlugin | undefined;
    plugin = new StatsigHeapPlugin({ identify: true, eventProperties: true, userProperties: true });
    const c = client([plugin]);
    const library = window.heap as unknown as Record<string, (...args: unknown[]) => void>;
    for (const method of ['track', 'identify', 'addEventProperties', 'addUserProperties']) {
      const original = library[method] as (...args: unknown[]) => void;
      library[method] = (...args) => {
        if (plugin && !balanced(plugin.getStats())) unbalanced.push(method);
        plugin?.flush(); // re-entered: must do nothing harmful
        original(...args);
      };
    }
    c.getExperiment('checkout_button_color');
    switchUser(c, USER_2, initializeResponse({ user: USER_2 }));
    c.getExperiment('checkout_button_color');
    switchUser(c, USER, initializeResponse());
    await taskEnd();
    expect(unbalanced).toEqual([]);
    expect(balanced(plugin.getStats())).toBe(true);
  });
});
