import type { StatsigClient } from '@statsig/js-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapOptions, StatsigHeapPlugin } from '../src';
import { captureDebugLines } from './support/debug-lines';
import {
  installClassicSnippet,
  installV5Snippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { bootstrapClient } from './support/statsig-client';

const clients: StatsigClient[] = [];
beforeEach(() => removeHeap());
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
});

function setup(options: StatsigHeapOptions = {}) {
  const plugin = new StatsigHeapPlugin(options);
  clients.push(bootstrapClient([plugin]));
  return { plugin, client: clients[clients.length - 1] as StatsigClient };
}

const invariant = (plugin: StatsigHeapPlugin) => {
  const s = plugin.getStats();
  expect(s.received).toBe(s.forwarded + s.filtered + s.deduplicated + s.dropped + s.pending);
};

describe('Heap absent at first', () => {
  test('calls are held, then delivered in order once the classic snippet appears', () => {
    vi.useFakeTimers();
    const { plugin, client } = setup();
    client.checkGate('new_checkout_flow');
    client.logEvent('first');
    vi.advanceTimersByTime(1); // the plugin's own task: the maps made, all four held
    expect(plugin.getStats()).toMatchObject({ received: 4, pending: 4, forwarded: 0 });
    invariant(plugin);
    installClassicSnippet(); // e.g. a tag manager adds Heap late
    vi.advanceTimersByTime(1000);
    expect(Array.isArray(window.heap)).toBe(true);
    const heap = loadHeapLibrary(); // Heap's library replays what the stub queued
    expect(heap.tracks().map(([n]) => n)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'first',
    ]);
    expect(plugin.getStats()).toMatchObject({ received: 4, pending: 0, forwarded: 4 });
  });

  test('debug says once why calls wait, and again when Heap’s snippet comes without its library', () => {
    const lines = captureDebugLines();
    const { plugin, client } = setup({ debug: true, initializeEvents: false });
    client.logEvent('a');
    plugin.flush();
    client.logEvent('b');
    plugin.flush();
    const waits = () => lines().filter((line) => / wait/.test(line));
    expect(waits()).toEqual(['[statsig-heap] Heap is not on the page yet: calls wait']);
    installClassicSnippet();
    client.logEvent('c');
    plugin.flush();
    expect(waits().slice(1)).toEqual([
      '[statsig-heap] Heap’s library has not loaded: calls wait (README: Troubleshooting)',
    ]);
  });

  test('flush() delivers at once when Heap has arrived; the v5 snippet queue is used too', () => {
    const { plugin, client } = setup();
    client.logEvent('early');
    installV5Snippet();
    plugin.flush();
    expect((window as unknown as { heapReadyCb: unknown[] }).heapReadyCb).toHaveLength(3);
    const heap = loadHeapLibrary();
    expect(heap.tracks().map(([n]) => n)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'early',
    ]);
  });

  test('a Heap that tells no identity: compared with what the plugin gave it last, identified once', () => {
    const calls: unknown[][] = [];
    const custom = {
      track: (...args: unknown[]) => calls.push(['track', ...args]),
      identify: (...args: unknown[]) => calls.push(['identify', ...args]),
    };
    const { plugin, client } = setup({ heap: custom, identify: true, initializeEvents: false });
    client.logEvent('one');
    client.logEvent('two');
    plugin.flush();
    client.logEvent('three');
    plugin.flush();
    expect(calls.map(([method, name]) => `${method} ${name}`)).toEqual([
      'identify ada',
      'track one',
      'track two',
      'track three',
    ]);
  });

  test('the v5 snippet before heap.load() has no stubs: still treated as absent', () => {
    window.heap = [] as never; // what the v5 snippet sets before heap.load runs
    const { plugin } = setup();
    plugin.flush();
    expect(plugin.getStats()).toMatchObject({ pending: 2, forwarded: 0, heap: 'absent' });
  });

  test('the buffer is bounded: overflow drops the oldest, counted', () => {
    const { plugin, client } = setup({ bufferSize: 3, initializeEvents: false });
    for (let i = 0; i < 5; i++) client.logEvent(`e${i}`);
    expect(plugin.getStats()).toMatchObject({ received: 5, pending: 3, dropped: 2 });
    invariant(plugin);
    installClassicSnippet();
    plugin.flush();
    expect(
      loadHeapLibrary()
        .tracks()
        .map(([n]) => n),
    ).toEqual(['e2', 'e3', 'e4']);
  });
});

describe('the heap option', () => {
  test('takes a Heap object or a function returning one instead of window.heap', () => {
    const calls: unknown[] = [];
    const custom = { track: (...args: unknown[]) => calls.push(args) };
    const { client, plugin } = setup({ heap: custom, initializeEvents: false });
    client.logEvent('to_object');
    plugin.flush();
    const viaFunction = setup({ heap: () => custom, initializeEvents: false });
    viaFunction.client.logEvent('to_function');
    viaFunction.plugin.flush();
    expect(calls.map((c) => (c as unknown[])[0])).toEqual(['to_object', 'to_function']);
  });
});

describe('consent', () => {
  test('pending holds in memory, granted delivers in order, denied drops and stops', () => {
    installClassicSnippet();
    const heap = loadHeapLibrary();
    const { plugin, client } = setup({ consent: 'pending', initializeEvents: false });
    client.logEvent('a');
    client.logEvent('b');
    expect(heap.calls).toEqual([]);
    plugin.setConsent('granted');
    expect(heap.tracks().map(([n]) => n)).toEqual(['a', 'b']);
    plugin.setConsent('pending');
    client.logEvent('c');
    plugin.setConsent('denied');
    client.logEvent('d');
    plugin.setConsent('granted');
    client.logEvent('e');
    expect(heap.tracks().map(([n]) => n)).toEqual(['a', 'b', 'e']);
    expect(plugin.getStats()).toMatchObject({ received: 5, forwarded: 3, dropped: 2, pending: 0 });
  });
});
