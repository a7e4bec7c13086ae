import type { StatsigClient } from '@statsig/js-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapOptions, StatsigHeapPlugin } from '../src';
import {
  freshPage,
  type HeapLibrary,
  installV5Snippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { bootstrapClient, switchUser } from './support/statsig-client';
import { initializeResponse, USER, USER_2 } from './support/statsig-values';
import { hidePage, pluginKeys, taskEnd, watchStorageKey } from './support/stored-lists';

// Contract 3.2 and 5: the app's call only keeps the event; the plugin hands it to Heap in its
// own tasks (a slice at a time, whatever Heap costs), and at once when the page goes, when a
// single-page app changes its route, on flush() and on detach().

let heap: HeapLibrary;
const clients: StatsigClient[] = [];
beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((client) => client.shutdown()));
});

function setup(
  options: StatsigHeapOptions = {},
  client: Parameters<typeof bootstrapClient>[1] = {},
) {
  const plugin = new StatsigHeapPlugin(options);
  const statsig = bootstrapClient([plugin], client);
  clients.push(statsig);
  return { plugin, client: statsig };
}
const names = (list: unknown[][]) => list.filter(([m]) => m === 'track').map(([, name]) => name);

describe('the app’s call only keeps the event', () => {
  test('nothing reaches Heap inside the check or logEvent; the plugin’s next task delivers, in order', async () => {
    const { plugin, client } = setup();
    const track = vi.spyOn(window.heap as unknown as { track: () => void }, 'track');
    client.checkGate('new_checkout_flow');
    client.logEvent('purchase', 5);
    expect(track).not.toHaveBeenCalled();
    expect(plugin.getStats()).toMatchObject({ forwarded: 0, pending: 2 });
    await taskEnd();
    expect(names(heap.callsSoFar)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'purchase',
    ]);
    expect(plugin.getStats()).toMatchObject({ received: 4, forwarded: 4, pending: 0 });
  });

  test('no storage is read or written in the app’s calls, nor while the client is built', async () => {
    const watch = watchStorageKey('statsig-heap:first');
    const { plugin, client } = setup({ dedupe: 'first' });
    client.checkGate('new_checkout_flow');
    client.getExperiment('checkout_button_color');
    expect([watch.reads, watch.writes]).toEqual([[], []]);
    await taskEnd(); // the plugin's own task: it reads, sends, and remembers what Heap took
    expect(watch.reads.length).toBeGreaterThan(0);
    expect(watch.writes).toHaveLength(1);
    expect(plugin.getStats()).toMatchObject({ forwarded: 4, pending: 0 });
  });

  test('consent pending: storage is never read or written, in any task; granted: it is', async () => {
    const watch = watchStorageKey('statsig-heap:session');
    const { plugin, client } = setup({ dedupe: 'session', consent: 'pending' });
    client.checkGate('new_checkout_flow');
    await taskEnd();
    plugin.flush();
    window.dispatchEvent(new Event('pagehide'));
    expect([watch.reads, watch.writes, pluginKeys()]).toEqual([[], [], []]);
    expect(heap.callsSoFar).toEqual([]);
    plugin.setConsent('granted');
    await taskEnd();
    expect(watch.writes).toHaveLength(1);
    expect(names(heap.callsSoFar)).toContain('statsig::gate_exposure');
  });

  test('the plugin’s tasks wait for an idle moment, at most half a second', async () => {
    const idle = vi.fn((run: () => void, options: { timeout: number }) => {
      setTimeout(run, 0);
      return options.timeout;
    });
    (window as { requestIdleCallback?: unknown }).requestIdleCallback = idle;
    try {
      const { plugin, client } = setup({ initializeEvents: false });
      client.logEvent('idle');
      expect(idle).toHaveBeenCalledTimes(1);
      expect(idle.mock.calls[0]?.[1]).toEqual({ timeout: 500 });
      client.logEvent('same task');
      expect(idle).toHaveBeenCalledTimes(1); // one task for the burst
      await taskEnd();
      expect(names(heap.callsSoFar)).toEqual(['idle', 'same task']);
      expect(plugin.getStats().pending).toBe(0);
    } finally {
      delete (window as { requestIdleCallback?: unknown }).requestIdleCallback;
    }
  });

  test('a slow Heap: each task of the plugin stops after a slice, the rest follows in order', async () => {
    const { plugin, client } = setup({ initializeEvents: false });
    const track = heap.callsSoFar;
    const slow = window.heap as { track: (...args: unknown[]) => void };
    const original = slow.track;
    slow.track = (...args) => {
      const until = Date.now() + 4; // heap.js with a long queue: a few ms a call
      while (Date.now() < until) {}
      original(...args);
    };
    for (let i = 0; i < 40; i++) client.logEvent(`e${i}`);
    // The page's own next task: it runs between two of the plugin's slices.
    let seenByPage = -1;
    setTimeout(() => {
      seenByPage = track.length;
    }, 0);
    await taskEnd();
    expect(seenByPage).toBeGreaterThan(0);
    expect(seenByPage).toBeLessThan(40); // 40 × 4 ms would be one long task: it yielded
    for (let i = 0; i < 100 && plugin.getStats().pending; i++) await taskEnd();
    expect(names(track)).toEqual(Array.from({ length: 40 }, (_, i) => `e${i}`));
  });
});

describe('at once when the page goes or moves', () => {
  test.each(['pagehide', 'visibilitychange'] as const)(
    '%s: everything goes at once, identify without waiting for Heap’s user',
    (how) => {
      removeHeap();
      installV5Snippet();
      const { client } = setup({ identify: true, userProperties: true });
      client.getExperiment('checkout_button_color');
      client.logEvent('last_click');
      const library = loadHeapLibrary(); // heap.js loaded; its user comes a task later
      hidePage(how);
      expect(library.callsSoFar.map(([method, first]) => [method, first])).toEqual([
        ['identify', 'ada'],
        ['track', 'Statsig Feature Gates'],
        ['track', 'Statsig Experiments'],
        ['track', 'statsig::experiment_exposure'],
        ['addUserProperties', { 'Statsig: checkout_button_color': 'Blue' }],
        ['track', 'last_click'],
      ]);
    },
  );

  test('a visibilitychange to visible hands nothing over', () => {
    const { plugin, client } = setup({ initializeEvents: false });
    client.logEvent('kept');
    document.dispatchEvent(new Event('visibilitychange'));
    expect(heap.callsSoFar).toEqual([]);
    expect(plugin.getStats().pending).toBe(1);
  });

  test.each(['pushState', 'replaceState'] as const)(
    'history.%s: what was queued reaches Heap before the URL changes',
    (method) => {
      const { client } = setup({ initializeEvents: false });
      const urls: string[] = [];
      const library = window.heap as { track: (...args: unknown[]) => void };
      const track = library.track;
      library.track = (...args) => {
        urls.push(location.pathname);
        track(...args);
      };
      const before = location.pathname;
      client.logEvent('on the old page');
      history[method](null, '', '/next-page');
      client.logEvent('on the new page');
      window.dispatchEvent(new Event('pagehide'));
      expect(names(heap.callsSoFar)).toEqual(['on the old page', 'on the new page']);
      expect(urls).toEqual([before, '/next-page']);
      history.replaceState(null, '', before);
    },
  );

  test('popstate hands over what was queued', () => {
    const { client } = setup({ initializeEvents: false });
    client.logEvent('before back');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(names(heap.callsSoFar)).toEqual(['before back']);
  });

  test('detach() hands over, then no listener or patch stays', () => {
    const { pushState } = history;
    const { plugin, client } = setup({ initializeEvents: false });
    expect(history.pushState).not.toBe(pushState);
    client.logEvent('before detach');
    plugin.detach();
    expect(names(heap.callsSoFar)).toEqual(['before detach']);
    expect(history.pushState).toBe(pushState);
    const add = vi.spyOn(window, 'addEventListener');
    client.logEvent('after detach');
    window.dispatchEvent(new Event('pagehide'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(names(heap.callsSoFar)).toEqual(['before detach']);
    expect(add).not.toHaveBeenCalled();
  });
});

describe('identity follows each event’s user', () => {
  test('the app’s own resetIdentity() between two events of the same user: identified again', () => {
    const { plugin, client } = setup({ identify: true, initializeEvents: false });
    client.logEvent('one');
    plugin.flush();
    (window.heap as { resetIdentity: () => void }).resetIdentity(); // the app's own logout
    client.logEvent('two');
    expect(heap.calls.map(([method, first]) => [method, first])).toEqual([
      ['identify', 'ada'],
      ['track', 'one'],
      ['resetIdentity', undefined],
      ['identify', 'ada'],
      ['track', 'two'],
    ]);
  });

  test('an update still queued: each event goes under the user it was made for', () => {
    const { client } = setup({ identify: true, initializeEvents: false });
    client.logEvent('ada’s');
    switchUser(client, USER_2, initializeResponse({ user: USER_2, variant: 'b' }));
    client.logEvent('dan’s');
    switchUser(client, USER, initializeResponse());
    client.logEvent('ada’s again');
    expect(heap.calls.map(([method, first]) => [method, first])).toEqual([
      ['identify', 'ada'],
      ['track', 'ada’s'],
      ['identify', 'dan'],
      ['track', 'dan’s'],
      ['identify', 'ada'],
      ['track', 'ada’s again'],
    ]);
  });

  test('a second client never touches Heap’s identity; the first one decides', () => {
    const plugin = new StatsigHeapPlugin({ identify: true, initializeEvents: false });
    const first = bootstrapClient([plugin], { sdkKey: 'client-first' });
    const guest = { customIDs: { stableID: 'x' } };
    const second = bootstrapClient([plugin], {
      sdkKey: 'client-second',
      user: guest,
      values: initializeResponse({ user: guest }),
    });
    clients.push(first, second);
    second.logEvent('from the second');
    first.logEvent('from the first');
    expect(heap.calls.map(([method, first]) => [method, first])).toEqual([
      ['identify', 'ada'],
      ['track', 'from the second'],
      ['track', 'from the first'],
    ]);
  });
});

describe('initialize maps within Heap’s limits', () => {
  test('2,500 gates: three events of the same name, at most 1,000 properties each, every gate', () => {
    const values = initializeResponse();
    const base = values.feature_gates['new_checkout_flow'];
    for (let i = 0; i < 2500; i++) {
      values.feature_gates[`g${i}`] = { ...base, name: `g${i}`, value: i % 3 === 0 } as never;
    }
    setup({}, { values });
    const gates = heap.tracks().filter(([name]) => name === 'Statsig Feature Gates');
    expect(gates.map(([, props]) => Object.keys(props).length)).toEqual([1000, 1000, 505]);
    const all = Object.assign({}, ...gates.map(([, props]) => props));
    expect(Object.keys(all)).toHaveLength(2505);
    expect([all['g2498'], all['g2499']]).toEqual([false, true]);
  });
});

describe('Heap’s stopTracking()', () => {
  test('calls wait, bounded; getStats and debug say it stopped', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const { plugin, client } = setup({ initializeEvents: false, debug: true, bufferSize: 5 });
    client.logEvent('before');
    plugin.flush();
    (window.heap as { loaded: boolean }).loaded = false; // what heap.js's stopTracking() does
    for (let i = 0; i < 10; i++) client.logEvent(`after ${i}`);
    plugin.flush();
    expect(plugin.getStats()).toMatchObject({
      heap: 'stopped',
      forwarded: 1,
      pending: 5,
      dropped: 5,
    });
    const lines = log.mock.calls.map((call) => String(call[0]));
    expect(lines).toContain('[statsig-heap] Heap stopped tracking (stopTracking): calls wait');
    expect(lines.some((line) => line.includes('has not loaded'))).toBe(false);
  });
});
