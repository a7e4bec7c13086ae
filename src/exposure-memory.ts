import { storedList } from './browser-storage';
import { djb2 } from './djb2';
import type { Exposure } from './heap-event';
import type { DedupeMode } from './options';
import type { Reporter } from './reporter';

/** First exposures remembered per browser: enough for every experiment a site runs. */
export const MAX_REMEMBERED = 1000;

/** 64 bits of hash from two djb2 passes, so a thousand keys practically never collide. */
function hashKey(text: string): string {
  return `${djb2(text)}.${djb2([...text].reverse().join(''))}`;
}

/**
 * The `dedupe` option beyond what the SDK does: `session` (once per unit, entity, value and
 * rule per browser session) and `first` (once per unit and entity, ever). Keys are hashed, so
 * no user ID or name is stored; the list is bounded, oldest first out. Storage is written
 * only while `persist` is on (consent granted); without storage it works in memory.
 */
export class ExposureMemory {
  private readonly keys: string[] = [];
  private readonly store;
  persist = true;

  constructor(
    private readonly mode: DedupeMode,
    reporter: Reporter,
  ) {
    this.store =
      mode === 'sdk'
        ? undefined
        : storedList(mode === 'first' ? 'localStorage' : 'sessionStorage', mode);
    if (mode !== 'sdk' && !this.store) {
      reporter.log(`storage unavailable: ${mode} exposures are remembered in memory only`);
    }
  }

  /** True when this exposure was already forwarded; otherwise remembers it. */
  seen(exposure: Exposure): boolean {
    if (this.mode === 'sdk') return false;
    const text = `${exposure.unit}\u0000${exposure.entity}`;
    const key = hashKey(this.mode === 'first' ? text : `${text}\u0000${exposure.variant}`);
    if (this.keys.includes(key)) return true;
    // Another tab or client may have stored it since: read through on a miss only.
    const stored = this.store?.read() ?? [];
    if (stored.includes(key)) {
      this.keys.push(key);
      return true;
    }
    this.keys.push(key);
    if (this.keys.length > MAX_REMEMBERED) this.keys.shift();
    if (this.persist) this.save(stored);
    return false;
  }

  /** Writes what memory holds, merged with what others stored, bounded. */
  save(stored = this.store?.read() ?? []): void {
    if (!this.store || this.keys.length === 0) return;
    const merged = [...stored.filter((key) => !this.keys.includes(key)), ...this.keys];
    this.store.write(merged.slice(-MAX_REMEMBERED));
  }

  /** Consent denied: forget what was not written. */
  forget(): void {
    this.keys.length = 0;
  }
}
