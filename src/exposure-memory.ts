import { storedText } from './browser-storage';
import { djb2 } from './djb2';
import type { Exposure } from './heap-event';
import type { DedupeMode } from './options';
import type { Reporter } from './reporter';

/** First exposures remembered per browser: enough for every experiment a site runs. */
export const MAX_REMEMBERED = 1000;

export interface ExposureMemory {
  /** True when this exposure was already forwarded; otherwise remembers it. */
  seen(exposure: Exposure): boolean;
  /** Storage is written only while consent is granted; granting writes what was held. */
  persist(on: boolean): void;
  /** Consent denied: forget what was not written. */
  forget(): void;
}

/**
 * The `dedupe` option beyond what the SDK does: `session` (sessionStorage) and `first`
 * (localStorage). Keys are two djb2 hashes (64 bits), so no user ID or name is kept; the list
 * keeps the newest 1,000, as JSON. Storage is read at each check, so other tabs and clients
 * count, but parsed only when its text changed; a new key is appended to the text as it is
 * (keys need no escaping), so an exposure costs no parse and no stringify. Without storage,
 * or before consent, keys are held in memory.
 */
export function createExposureMemory(
  mode: DedupeMode | undefined,
  { log }: Reporter,
): ExposureMemory | undefined {
  if (mode !== 'session' && mode !== 'first') return undefined;
  const store = storedText(mode === 'first' ? 'localStorage' : 'sessionStorage', mode);
  if (!store) log(`no storage: ${mode} exposures kept in memory`);
  const held = new Set<string>();
  let writing = true;
  let text: string | null | undefined; // the storage's text as last read or written
  let stored = new Set<unknown>(); // its keys, oldest first
  const refresh = () => {
    const now = store?.read() ?? null;
    if (now !== text) {
      text = now;
      try {
        const list = JSON.parse(now as string);
        stored = new Set(Array.isArray(list) ? list : []);
      } catch {
        stored = new Set(); // not ours, or damaged: starts again
      }
    }
  };
  /** Writes `key` after the stored ones, the oldest out past the bound; false if it failed. */
  const append = (key: string) => {
    const full = stored.size >= MAX_REMEMBERED;
    // The text as JSON.stringify writes it, edited in place (keys need no escaping).
    const next = `[${stored.size ? `${(text as string).slice(full ? (text as string).indexOf(',') + 1 : 1, -1)},` : ''}"${key}"]`;
    if (!store?.write(next)) return false;
    text = next;
    if (full) stored.delete(stored.values().next().value);
    stored.add(key);
    return true;
  };
  const save = () => {
    if (writing) {
      refresh();
      for (const key of held) if (stored.has(key) || append(key)) held.delete(key);
    }
  };
  return {
    seen({ key: unitAndEntity, variant }) {
      const value = mode === 'first' ? unitAndEntity : `${unitAndEntity}\u0000${variant}`;
      const key = `${djb2(value)}.${djb2([...value].reverse().join(''))}`;
      refresh();
      if (held.has(key) || stored.has(key)) return true;
      if (!(writing && append(key)) && held.size < MAX_REMEMBERED) held.add(key);
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
