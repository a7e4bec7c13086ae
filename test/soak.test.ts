import { afterEach, expect, test, vi } from 'vitest';
import { StatsigHeapPlugin } from '../src';
import { testSeed } from './support/heap-contract';
import { installClassicSnippet, loadHeapLibrary, removeHeap } from './support/heap-stand-in';
import { bootstrapClient } from './support/statsig-client';
import { initializeResponse } from './support/statsig-values';

// Conservation under load: 100,000 mixed exposures and events through the real SDK while Heap
// comes and goes, throws, and consent flips. At every step received = forwarded + filtered +
// deduplicated + dropped + pending; at the end every forwarded call reached Heap exactly once
// and every drop was explained.
const seed = testSeed('soak');

/** A small seeded PRNG, uniform on [0, 1): the same seed replays the same run. */
function mulberry32(a: number) {
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const OPERATIONS = 100_000;

afterEach(() => {
  vi.useRealTimers();
  removeHeap();
});

test(`${OPERATIONS.toLocaleString('en')} operations with random faults`, {
  timeout: 240_000,
}, async () => {
  const next = mulberry32(seed);

  vi.useFakeTimers({ toFake: ['Date'] }); // to step past the SDK's 10-minute de-duplication
  const drops: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((line: string) => {
    if (line.startsWith('[statsig-heap] dropped')) drops.push(line);
  });
  const values = initializeResponse(); // plus 40 gates (copies of a generated one) for variety
  for (let i = 0; i < 40; i++) {
    values.feature_gates[`gate_${i}`] = {
      ...values.feature_gates['new_checkout_flow'],
      name: `gate_${i}`,
      value: i % 2 === 0,
    } as never;
  }

  installClassicSnippet();
  let library = loadHeapLibrary();
  const libraries = [library];
  let trackThrows = 0;
  let heapPresent = true;
  const plugin = new StatsigHeapPlugin({
    debug: true,
    eventProperties: true,
    bufferSize: 300,
    filter: () => next() > 0.05,
  });
  const client = bootstrapClient([plugin], {
    values,
    options: { disableEvaluationMemoization: true },
  });
  const patchThrowing = () => {
    const original = window.heap?.track;
    if (!original) return;
    (window.heap as unknown as Record<string, unknown>)['track'] = (...args: unknown[]) => {
      if (trackThrows > 0) {
        trackThrows--;
        throw new Error('heap.track failed');
      }
      original(...(args as [string]));
    };
  };
  patchThrowing();

  for (let op = 0; op < OPERATIONS; op++) {
    const dice = next();
    if (dice < 0.01) {
      if (heapPresent) removeHeap();
      else {
        installClassicSnippet();
        library = loadHeapLibrary();
        libraries.push(library);
        patchThrowing();
      }
      heapPresent = !heapPresent;
    } else if (dice < 0.015) {
      trackThrows += 3;
    } else if (dice < 0.018) {
      plugin.setConsent(
        (['granted', 'pending', 'denied', 'granted'] as const)[Math.floor(next() * 4)]!,
      );
    }
    const action = next();
    if (action < 0.55) client.logEvent('soak_event', op, { op: String(op) });
    else if (action < 0.85) client.checkGate(`gate_${Math.floor(next() * 40)}`);
    else if (action < 0.95) client.getExperiment('checkout_button_color');
    else client.getLayer('homepage_layer').get('hero_title', '');
    // Each operation is a task of the app's; the plugin's own task follows it.
    plugin.flush();
    if (op % 1000 === 999) vi.setSystemTime(Date.now() + 11 * 60 * 1000);
    if (op % 500 === 0) {
      const s = plugin.getStats();
      expect(s.received).toBe(s.forwarded + s.filtered + s.deduplicated + s.dropped + s.pending);
    }
  }

  // Heap back, consent granted: whatever is held is delivered.
  if (!heapPresent) {
    installClassicSnippet();
    libraries.push(loadHeapLibrary());
  }
  trackThrows = 0;
  plugin.setConsent('granted');
  plugin.flush();

  const stats = plugin.getStats();
  console.info('[soak] stats', stats);
  expect(stats.pending).toBe(0);
  expect(stats.received).toBe(
    stats.forwarded + stats.filtered + stats.deduplicated + stats.dropped,
  );
  // Sanity: the run really exercised every path (the SDK de-duplicates repeated checks).
  expect(stats.received).toBeGreaterThan(OPERATIONS * 0.5);
  expect(stats.forwarded).toBeGreaterThan(OPERATIONS * 0.25);
  expect(stats.filtered).toBeGreaterThan(0);
  expect(stats.errors).toBeGreaterThan(0); // the injected throws happened and were counted
  // Every forwarded call reached a Heap exactly once.
  const received = libraries.flatMap((l) => l.calls);
  expect(received.length).toBe(stats.forwarded);
  const uuids = received
    .filter(([m]) => m === 'track')
    .map(([, , p]) => (p as Record<string, unknown>)['timeUUID'])
    .filter(Boolean);
  expect(new Set(uuids).size).toBe(uuids.length);
  // Every drop was explained.
  expect(drops.length).toBe(stats.dropped);
  await client.shutdown();
});
