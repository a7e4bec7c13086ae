import { storedText } from './browser-storage';
import { djb2 } from './djb2';
import type { HeapLike } from './heap-type';
import type { DedupeMode } from './options';

/** Exposures remembered per browser: enough for every experiment a site runs. */
export const MAX_REMEMBERED = 1000;
/** The most of a stored text read, whatever another writer left: 1,000 keys and some. */
const MAX_READ = MAX_REMEMBERED * 24;

/** A second, independent 32-bit hash (the text read backwards): two make a 64-bit key. */
const reverseHash = (value: string) => {
  let hash = 5381;
  for (let i = value.length; i--; ) hash = (hash * 33) ^ value.charCodeAt(i);
  return hash >>> 0;
};

/** One stored list: its keys, oldest first, and the text they were read from. */
interface List {
  store: ReturnType<typeof storedText>;
  text: string | null | undefined;
  keys: Set<string>;
  changed: boolean;
}

/**
 * The `dedupe` option beyond what the SDK does. A key is two 32-bit hashes of the project,
 * unit and entity, and for `session` the value, the rule and Heap's session: no ID or name is
 * kept. `first` keys live in localStorage; `session` keys too, with Heap's session id in
 * them, so every tab of one Heap session shares them (where Heap tells no session id, its
 * classic library say, they live in the tab's sessionStorage). A list is JSON, the newest
 * 1,000 keys, read from its newest end and by the keys' own shape, so whatever another writer
 * left there costs one bounded read and is replaced at the next write.
 *
 * The pipeline asks only while consent is granted, in its own tasks (never while a client is
 * being built): `read` once per run, `seen` before Heap's loaded library gets an exposure,
 * `taken` once it took it, `write` once at the end of the run. Across tabs, the pipeline runs
 * under one Web Lock, so two tabs never both find a key unseen.
 */
export function createExposureMemory(mode: DedupeMode | undefined, log: (line: string) => void) {
  if (mode !== 'session' && mode !== 'first') return undefined;
  const lists: Record<string, List> = {};
  const listFor = (kind: 'localStorage' | 'sessionStorage'): List => {
    let list = lists[kind];
    if (!list) {
      const store = storedText(kind, mode);
      if (!store) log(`no storage: ${mode} exposures kept in memory`);
      list = lists[kind] = { store, text: undefined, keys: new Set(), changed: false };
      read(list);
    }
    return list;
  };
  const read = (list: List) => {
    const now = list.store?.read() ?? null;
    if (now !== list.text) {
      list.text = now;
      const keys = new Set(
        now
          ?.slice(-MAX_READ)
          // Bounded repeats (a key's hashes have at most 10 digits): linear on any text,
          // where \d+ backtracks quadratically over a long run of digits.
          .match(/\d{1,10}\.\d{1,10}/g)
          ?.slice(-MAX_REMEMBERED),
      );
      // Keys taken since the last write stay, whatever storage says now.
      if (list.changed) for (const key of list.keys) keys.add(key);
      list.keys = keys;
    }
  };
  /** The stored key of an exposure, and the list it belongs in. */
  const keyOf = (unitAndEntity: string, variant: string, heap: HeapLike): [List, string] => {
    let value = unitAndEntity;
    let list: List;
    if (mode === 'first') list = listFor('localStorage');
    else {
      let session: unknown;
      try {
        session = heap.getSessionId?.();
      } catch {}
      value = `${session}\u0000${variant}\u0000${value}`;
      list = listFor(session ? 'localStorage' : 'sessionStorage');
    }
    // Bounded work whatever the app's IDs: the first 2,000 characters identify the exposure.
    value = value.slice(0, 2000);
    return [list, `${djb2(value)}.${reverseHash(value)}`];
  };
  return {
    /** What storage holds now: other tabs and other clients count. */
    read(): void {
      for (const kind in lists) read(lists[kind] as List);
    },
    seen(unitAndEntity: string, variant: string, heap: HeapLike): boolean {
      const [list, key] = keyOf(unitAndEntity, variant, heap);
      return list.keys.has(key);
    },
    /** Heap's loaded library took it: remembered from now on. */
    taken(unitAndEntity: string, variant: string, heap: HeapLike): void {
      const [list, key] = keyOf(unitAndEntity, variant, heap);
      list.keys.delete(key); // newest last
      list.keys.add(key);
      list.changed = true;
    },
    /** Writes what changed, the newest 1,000 keys; a full or broken storage keeps them here. */
    write(): void {
      for (const kind in lists) {
        const list = lists[kind] as List;
        if (!list.changed) continue;
        const text = JSON.stringify([...list.keys].slice(-MAX_REMEMBERED));
        if (list.store?.write(text)) {
          list.text = text;
          list.changed = false;
        }
      }
    },
    /** Consent denied: forget what was kept here (the pipeline removes what was stored). */
    forget(): void {
      for (const kind in lists) delete lists[kind];
    },
  };
}

export type ExposureMemory = NonNullable<ReturnType<typeof createExposureMemory>>;
