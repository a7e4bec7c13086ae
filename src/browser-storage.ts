import { getWindow } from './environment';

/** The plugin's own storage keys: it reads and writes nothing else. */
export const STORAGE_PREFIX = 'statsig-heap:';

/**
 * One string under the plugin's namespace in localStorage; undefined where storage is
 * missing or throws (privacy modes, sandboxed frames). Reads and writes never throw: a broken
 * storage reads as null, a full one writes nothing and says false.
 */
export function storedText(name: string) {
  const key = STORAGE_PREFIX + name;
  try {
    const storage = getWindow()?.localStorage;
    storage?.getItem(key);
    return (
      storage && {
        read(): string | null {
          try {
            return storage.getItem(key);
          } catch {
            return null;
          }
        },
        write(text: string): boolean {
          try {
            storage.setItem(key, text);
            return true;
          } catch {
            return false;
          }
        },
      }
    );
  } catch {}
}

/**
 * Consent denied: removes every key the plugin may have stored, in both storages (earlier
 * versions kept `session` in sessionStorage).
 */
export function removeStored(): void {
  for (const kind of ['localStorage', 'sessionStorage'] as const) {
    for (const name of ['first', 'session']) {
      try {
        getWindow()?.[kind].removeItem(STORAGE_PREFIX + name);
      } catch {} // storage missing or throwing: nothing was stored there either
    }
  }
}
