import { storedList } from './browser-storage';
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
 * (localStorage). Keys are stored as two djb2 hashes (64 bits), so no user ID or name is
 * kept; the list keeps the newest 1,000. Storage is read at each check, so other tabs and
 * clients count; without storage, or before consent, keys are held in memory.
 */
export function createExposureMemory(
  mode: DedupeMode | undefined,
  { log }: Reporter,
): ExposureMemory | undefined {
  if (mode !== 'session' && mode !== 'first') return undefined;
  const store = storedList(mode === 'first' ? 'localStorage' : 'sessionStorage', mode);
  if (!store) log(`no storage: ${mode} exposures kept in memory`);
  let held: string[] = [];
  let writing = true;
  /** `stored`: the list as just read, so a miss parses storage once, not twice. */
  const save = (stored = store?.read() ?? []) => {
    if (store && writing && held.length) {
      if (store.write([...stored, ...held].slice(-MAX_REMEMBERED))) held = [];
    }
  };
  return {
    seen({ key: unitAndEntity, variant }) {
      const text = mode === 'first' ? unitAndEntity : `${unitAndEntity}\u0000${variant}`;
      const key = `${djb2(text)}.${djb2([...text].reverse().join(''))}`;
      if (held.includes(key)) return true;
      const stored = store?.read() ?? [];
      if (stored.includes(key)) return true;
      held = [...held, key].slice(-MAX_REMEMBERED);
      save(stored);
      return false;
    },
    persist(on) {
      writing = on;
      save();
    },
    forget() {
      held = [];
    },
  };
}
