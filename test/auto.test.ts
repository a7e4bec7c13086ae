import type { StatsigClient } from '@statsig/js-client';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapHandle, StatsigHeapPlugin } from '../src';
import { autoConfig, bindEveryClient } from '../src/auto';
import { captureDebugLines } from './support/debug-lines';
import { freshPage, type HeapLibrary } from './support/heap-stand-in';
import { bootstrapClient } from './support/statsig-client';
import { taskEnd } from './support/stored-lists';

// The zero-code tag's two parts from the sources: its switch (autoConfig) and the binding of
// every client through Statsig's registry (bindEveryClient), with the real js-client. The
// built tag is in test/dist.test.ts; Chromium with Statsig's CDN build and Heap's real
// library in test/e2e/heap-auto-tag.test.ts.

/** The page's globals, as other scripts may leave them (Statsig's own type is left aside). */
const page = window as unknown as Record<string, unknown>;
let heap: HeapLibrary;
let statsigOwn: unknown;
const clients: StatsigClient[] = [];
const handles: StatsigHeapHandle[] = [];
beforeEach(() => {
  heap = freshPage();
  statsigOwn = page['__STATSIG__'];
  page['__STATSIG__'] = {}; // a registry of this test's own: other files' tags may wrap Statsig's
});
afterEach(async () => {
  for (const handle of handles.splice(0)) handle.detach();
  await Promise.all(clients.splice(0).map((c) => c.shutdown()));
  page['__STATSIG__'] = statsigOwn;
  delete page['StatsigHeapConfig'];
  vi.restoreAllMocks();
});
const client = (...args: Parameters<typeof bootstrapClient>) => {
  const made = bootstrapClient(...args);
  clients.push(made);
  return made;
};
const tag = (options = {}) => {
  const handle = bindEveryClient({ auto: true, initializeEvents: false, ...options });
  handles.push(handle);
  return handle;
};
const tracks = () => heap.tracks().map(([name]) => name);

describe('the switch', () => {
  test('off unless StatsigHeapConfig.auto is exactly true, or the tag has data-auto', () => {
    expect(autoConfig()).toBeUndefined();
    for (const auto of ['true', 1, 'yes', {}]) {
      page['StatsigHeapConfig'] = { auto };
      expect(autoConfig()).toBeUndefined();
    }
    const config = { auto: true, identify: true };
    page['StatsigHeapConfig'] = config;
    expect(autoConfig()).toEqual(config);
    expect(autoConfig()).not.toBe(config); // a copy: the page changing it later changes nothing
  });

  test('data-auto on the tag’s own script element, with or without a config', () => {
    const script = document.createElement('script');
    script.setAttribute('data-auto', '');
    vi.spyOn(document, 'currentScript', 'get').mockReturnValue(script);
    expect(autoConfig()).toEqual({});
    page['StatsigHeapConfig'] = { debug: true };
    expect(autoConfig()).toEqual({ debug: true });
  });

  test('a config whose getter throws is off, and nothing is thrown', () => {
    Object.defineProperty(page, 'StatsigHeapConfig', {
      configurable: true,
      get() {
        throw new Error('hostile');
      },
    });
    expect(autoConfig()).toBeUndefined();
  });
});

describe('every client, whenever it is made', () => {
  test('a client made before the tag and one after: both bound, each event once', async () => {
    const before = client([]);
    before.logEvent('before_tag');
    tag();
    const after = client([], { sdkKey: 'client-after-tag' });
    await taskEnd();
    after.logEvent('after_tag');
    before.logEvent('again');
    await taskEnd();
    expect(tracks()).toEqual(['before_tag', 'after_tag', 'again']);
  });

  test('a client the app bound itself is never bound twice', async () => {
    const own = new StatsigHeapPlugin({ initializeEvents: false });
    tag();
    const c = client([own]);
    await taskEnd();
    c.logEvent('purchase');
    await taskEnd();
    expect(tracks()).toEqual(['purchase']);
    expect(own.getStats().forwarded).toBe(1);
  });

  test('a page without Statsig: the tag makes the registry Statsig then uses, instance() too', async () => {
    delete page['__STATSIG__'];
    tag();
    const registry = page['__STATSIG__'] as unknown as { instance(key?: string): unknown };
    expect(registry.instance()).toBeUndefined();
    const c = client([], { sdkKey: 'client-into-ours' });
    expect(page['__STATSIG__']).toBe(registry); // Statsig registered into ours
    expect(registry.instance('client-into-ours')).toBe(c);
    await taskEnd();
    c.logEvent('purchase');
    await taskEnd();
    expect(tracks()).toEqual(['purchase']);
  });

  test('the handle: getStats, setConsent and flush reach the tag’s plugin', async () => {
    const handle = tag();
    const c = client([]);
    await taskEnd();
    c.logEvent('held');
    expect(handle.getStats()).toMatchObject({ received: 1, pending: 1 });
    // callsSoFar: read as it is (reading tracks() is a route change, which hands over).
    const soFar = () => heap.callsSoFar.filter(([method]) => method === 'track');
    expect(soFar()).toEqual([]);
    handle.flush();
    expect(soFar()).toHaveLength(1); // at once, not in a task of its own
    handle.setConsent('denied');
    c.logEvent('denied');
    handle.flush();
    expect(tracks()).toEqual(['held']);
    expect(handle.getStats()).toMatchObject({ received: 2, forwarded: 1, dropped: 1 });
  });

  test('detach() stops finding clients and gives the registry back a plain list of them', async () => {
    const handle = tag();
    const first = client([]);
    await taskEnd();
    handle.detach();
    const registry = page['__STATSIG__'] as object;
    const descriptor = Object.getOwnPropertyDescriptor(registry, 'instances');
    expect(descriptor?.get).toBeUndefined();
    expect(descriptor).toMatchObject({ writable: true, enumerable: true, configurable: true });
    expect(Object.values(descriptor?.value ?? {})).toContain(first);
    const later = client([], { sdkKey: 'client-after-detach' });
    await taskEnd();
    later.logEvent('after_detach');
    first.logEvent('after_detach_too');
    await taskEnd();
    expect(tracks()).toEqual([]);
  });
});

describe('a hostile registry: nothing thrown into the page', () => {
  test('an instances getter that throws: the tag still loads, says why, and its handle works', () => {
    const lines = captureDebugLines();
    page['__STATSIG__'] = Object.defineProperty({}, 'instances', {
      configurable: false,
      get() {
        throw new Error('hostile');
      },
    });
    const handle = tag({ debug: true });
    expect(lines().some((line) => /registry cannot be watched/.test(line))).toBe(true);
    expect(handle.getStats()).toMatchObject({ received: 0 });
    expect(() => handle.detach()).not.toThrow();
  });

  test('a __STATSIG__ that cannot be read: no error, and the handle works', () => {
    Object.defineProperty(page, '__STATSIG__', {
      configurable: true,
      get() {
        throw new Error('hostile');
      },
    });
    try {
      const handle = tag();
      expect(handle.getStats().received).toBe(0);
    } finally {
      delete page['__STATSIG__'];
    }
  });
});
