import { storedText } from './browser-storage';
import { djb2 } from './djb2';
import type { HeapLike } from './heap-type';
import type { DedupeMode } from './options';

/** Exposures remembered per browser: enough for every experiment a site runs. */
export const MAX_REMEMBERED = 1000;

/** A second, independent 32-bit hash (the text read backwards): two make a 64-bit key. */
const reverseHash = (value: string) => {
  let hash = 5381;
  for (let i = value.length; i--; ) hash = (hash * 33) ^ value.charCodeAt(i);
  return hash >>> 0;
};

/** The generation a stored list starts with (`[7,"…"]`); 0 where none (older versions'). */
const generationOf = (text: string | null | undefined) =>
  +(/^\[(\d{1,15}),/.exec(text ?? '')?.[1] ?? 0);

/**
 * The `dedupe` option beyond what the SDK does, kept in localStorage so that every tab
 * counts. A key is two 32-bit hashes of the project, unit and entity, and for `session` the
 * value, the rule and Heap's session id: no ID or name is kept. The list is JSON, a generation
 * (one more at every write) then the newest 1,000 keys, read from its newest end and by the
 * keys' own shape, so whatever another writer left there costs one bounded read and is
 * replaced at the next write.
 *
 * The pipeline asks only while consent is granted, in its own tasks (never while a client is
 * being built): `read` once per run, `seen` before Heap's loaded library gets an exposure,
 * `taken` once it took it, `write` once at the end of the run. Across tabs, the pipeline runs
 * under one Web Lock (tab-lock.ts), so two tabs never both find a key unseen.
 */
export function createExposureMemory(mode: DedupeMode | undefined, log: (line: string) => void) {
  if (mode !== 'session' && mode !== 'first') return undefined;
  let store: ReturnType<typeof storedText> | null = null;
  let text: string | null | undefined; // the storage's text as last read or written
  let keys = new Set<string>(); // its keys, oldest first, and those taken since
  let changed = false;
  /** The newest generation known: stored, written here, or announced by another tab. */
  let generation = 0;
  /** This page, where Heap tells no session (its classic library): `session` is per page then. */
  const page = Math.random();
  const opened = () => {
    if (store === null) {
      store = storedText(mode);
      if (!store) log(`no storage: ${mode} exposures kept in memory`);
    }
    return store;
  };
  /** The stored key of an exposure: its unit and entity, and for `session` more. */
  const keyOf = (unitAndEntity: string, variant: string, heap: HeapLike) => {
    let value = unitAndEntity;
    if (mode === 'session') {
      let session: unknown;
      try {
        session = heap.getSessionId?.();
      } catch {}
      value = `${session || page}\u0000${variant}\u0000${value}`;
    }
    // Bounded work whatever the app's IDs: the first 2,000 characters identify the exposure.
    value = value.slice(0, 2000);
    return `${djb2(value)}.${reverseHash(value)}`;
  };
  return {
    /** What storage holds now: other tabs and other clients count. */
    read(): void {
      const now = opened()?.read() ?? null;
      if (now !== text) {
        text = now;
        generation = Math.max(generation, generationOf(now));
        const found = new Set(
          now
            ?.slice(-MAX_REMEMBERED * 24)
            // Bounded repeats (a key's hashes have at most 10 digits): linear on any text,
            // where \d+ backtracks quadratically over a long run of digits.
            .match(/\d{1,10}\.\d{1,10}/g)
            ?.slice(-MAX_REMEMBERED),
        );
        // Keys taken since the last write stay, whatever storage says now.
        if (changed) for (const key of keys) found.add(key);
        keys = found;
      }
    },
    seen: (unitAndEntity: string, variant: string, heap: HeapLike): boolean =>
      keys.has(keyOf(unitAndEntity, variant, heap)),
    /** Heap's loaded library took it: remembered from now on, newest last. */
    taken(unitAndEntity: string, variant: string, heap: HeapLike): void {
      const key = keyOf(unitAndEntity, variant, heap);
      keys.delete(key);
      keys.add(key);
      changed = true;
    },
    /** Writes what changed, the newest 1,000 keys; a full or broken storage keeps them here. */
    write(): void {
      if (!changed) return;
      const list = [...keys].slice(-MAX_REMEMBERED);
      keys = new Set(list);
      const next = JSON.stringify([generation + 1, ...list]);
      if (store?.write(next)) {
        text = next;
        generation++;
        changed = false;
      }
    },
    /**
     * The generation storage holds now: a write of another tab may reach this one late.
     * Without storage there is nothing to wait for (Infinity).
     */
    stored(): number {
      const opening = opened();
      return opening ? generationOf(opening.read()) : Infinity;
    },
    /** The newest generation known here; `at least`: one another tab announced. */
    generation(atLeast = 0): number {
      generation = Math.max(generation, atLeast);
      return generation;
    },
    mode,
    /** Consent denied: forget what was kept here (the pipeline removes what was stored). */
    forget(): void {
      keys.clear();
      text = undefined;
      changed = false;
    },
  };
}

export type ExposureMemory = NonNullable<ReturnType<typeof createExposureMemory>>;
