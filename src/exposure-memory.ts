import { storedText } from './browser-storage';
import { djb2 } from './djb2';
import type { Exposure } from './heap-event';
import type { DedupeMode } from './options';
import type { Reporter } from './reporter';

/** First exposures remembered per browser: enough for every experiment a site runs. */
export const MAX_REMEMBERED = 1000;
/** The most of a stored text read, whatever another writer left: 1,000 keys and some. */
const MAX_READ = MAX_REMEMBERED * 24;

export interface ExposureMemory {
  /** True when this exposure was already forwarded; otherwise remembers it. */
  seen(exposure: Exposure): boolean;
  /** Storage is written only while consent is granted; granting writes what was held. */
  persist(on: boolean): void;
  /** Consent denied: forget what was not written. */
  forget(): void;
}

/** A second, independent 32-bit hash (the text read backwards): two make a 64-bit key. */
const reverseHash = (value: string) => {
  let hash = 5381;
  for (let i = value.length; i--; ) hash = (hash * 33) ^ value.charCodeAt(i);
  return hash >>> 0;
};

/**
 * The `dedupe` option beyond what the SDK does: `session` (sessionStorage) and `first`
 * (localStorage). A key is two 32-bit hashes of the project, unit, entity (and for `session`
 * the value and rule): no ID or name is kept. The list is JSON, the newest 1,000 keys.
 * Storage is read at each check, so other tabs and clients count, and parsed only when its
 * text changed, from its newest end and by the keys' own shape, so whatever another writer
 * left there (another format, a huge list, trailing text) costs one bounded read and is
 * replaced at the next write. New keys are written once per burst of checks, at the end of
 * the app's current task (nothing can close the page before that). Without storage, or
 * before consent, keys are held in memory.
 */
export function createExposureMemory(
  mode: DedupeMode | undefined,
  { log }: Reporter,
): ExposureMemory | undefined {
  if (mode !== 'session' && mode !== 'first') return undefined;
  const store = storedText(mode === 'first' ? 'localStorage' : 'sessionStorage', mode);
  if (!store) log(`no storage: ${mode} exposures kept in memory`);
  /** Keys not yet written (consent pending, or the burst not over). */
  const held = new Set<string>();
  let writing = true;
  let scheduled = false;
  let text: string | null | undefined; // the storage's text as last read or written
  let stored = new Set<string>(); // its keys, oldest first
  const refresh = () => {
    const now = store?.read() ?? null;
    if (now !== text) {
      text = now;
      stored = new Set(
        now
          ?.slice(-MAX_READ)
          // Bounded repeats (a key's hashes have at most 10 digits): linear on any text,
          // where \d+ backtracks quadratically over a long run of digits.
          .match(/\d{1,10}\.\d{1,10}/g)
          ?.slice(-MAX_REMEMBERED),
      );
    }
  };
  const save = () => {
    scheduled = false;
    if (!writing || !held.size) return;
    refresh();
    for (const key of held) stored.add(key);
    const keys = [...stored].slice(-MAX_REMEMBERED);
    const next = JSON.stringify(keys);
    if (store?.write(next)) {
      text = next;
      stored = new Set(keys);
      held.clear();
    }
  };
  return {
    seen({ key: unitAndEntity, variant }) {
      // Bounded work whatever the app's IDs: the first 2,000 characters identify the exposure.
      const value = (mode === 'first' ? unitAndEntity : `${variant}\u0000${unitAndEntity}`).slice(
        0,
        2000,
      );
      const key = `${djb2(value)}.${reverseHash(value)}`;
      refresh();
      if (held.has(key) || stored.has(key)) return true;
      if (held.size < MAX_REMEMBERED) held.add(key);
      if (writing && store && !scheduled) {
        scheduled = true;
        Promise.resolve().then(save);
      }
      return false;
    },
    persist(on) {
      writing = on;
      save();
    },
    forget() {
      held.clear();
    },
  };
}
