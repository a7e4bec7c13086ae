import { vi } from 'vitest';
import type { ExposureMemory } from '../../src/exposure-memory';

/** The plugin's stored lists (contract 4, `dedupe`): each mode, its storage and its key. */
export const STORED_LISTS = [
  { mode: 'first' as const, storage: 'localStorage' as const, key: 'statsig-heap:first' },
  { mode: 'session' as const, storage: 'localStorage' as const, key: 'statsig-heap:session' },
];

/** The plugin's own keys in both storages. */
export const pluginKeys = () =>
  [...Object.keys(localStorage), ...Object.keys(sessionStorage)].filter((k) =>
    k.startsWith('statsig-heap:'),
  );

/**
 * Records every write and read of one storage key, as the length of the text, without
 * changing what storage does: the work a check costs, counted rather than timed.
 */
export function watchStorageKey(key: string) {
  const writes: string[] = [];
  const reads: number[] = [];
  // Watching again in the same test replaces the watch (spying on the spy would recurse).
  for (const method of [Storage.prototype.getItem, Storage.prototype.setItem]) {
    if (vi.isMockFunction(method)) method.mockRestore();
  }
  const { getItem, setItem } = Storage.prototype;
  vi.spyOn(Storage.prototype, 'setItem').mockImplementation(function (this: Storage, k, v) {
    if (k === key) writes.push(String(v));
    setItem.call(this, k, v);
  });
  vi.spyOn(Storage.prototype, 'getItem').mockImplementation(function (this: Storage, k) {
    const text = getItem.call(this, k);
    if (k === key) reads.push(text?.length ?? 0);
    return text;
  });
  return {
    writes,
    reads,
    clear() {
      writes.length = 0;
      reads.length = 0;
    },
  };
}

/**
 * The end of the current task and of what it scheduled for then (microtasks, a zero-delay
 * timer): by then the plugin has written what a burst of exposures left to store.
 */
export const taskEnd = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The page going away: Heap's and Statsig's signals that it may never run another task. */
export function hidePage(how: 'pagehide' | 'visibilitychange') {
  if (how === 'pagehide') {
    window.dispatchEvent(new Event('pagehide'));
    return;
  }
  Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
  try {
    document.dispatchEvent(new Event('visibilitychange'));
  } finally {
    delete (document as { visibilityState?: unknown }).visibilityState;
  }
}

/**
 * The list stored under `key`, as parsed JSON (throws when it is not valid JSON): the
 * plugin writes its generation (a count of writes, across tabs) and then the keys.
 */
export const storedList = (storage: Storage, key: string): unknown =>
  JSON.parse(storage.getItem(key) ?? 'null');

/** The keys of the list stored under `key`, without its generation. */
export const rememberedKeys = (key: string, storage: Storage = localStorage): unknown[] =>
  (storedList(storage, key) as unknown[]).slice(1);

/** The generation of the list stored under `key`: 1 after the first write, then one more each. */
export const storedGeneration = (key: string, storage: Storage = localStorage): unknown =>
  (storedList(storage, key) as unknown[])[0];

/** One exposure Heap took, as a run of the plugin makes it: storage read, remembered, written. */
export const takeOne = (memory: ExposureMemory, unit = 'unit') => {
  memory.read();
  memory.taken(unit, 'variant', {});
  memory.write();
};
