import { getWindow } from './environment';

/** The plugin's own storage keys: it reads and writes nothing else. */
export const STORAGE_PREFIX = 'statsig-heap:';

/**
 * A list of strings kept as JSON in localStorage or sessionStorage under the plugin's
 * namespace; undefined where storage is missing or throws (privacy modes, sandboxed frames).
 * Reads and writes never throw: a full or broken storage reads as empty and writes nothing.
 */
export function storedList(kind: 'localStorage' | 'sessionStorage', name: string) {
  const key = STORAGE_PREFIX + name;
  try {
    const storage = getWindow()?.[kind];
    storage?.getItem(key);
    return (
      storage && {
        read(): string[] {
          try {
            const list = JSON.parse(storage.getItem(key) ?? '[]');
            return Array.isArray(list) ? list : [];
          } catch {
            return [];
          }
        },
        /** False when storage is full or throws: the caller keeps the list in memory. */
        write(list: string[]): boolean {
          try {
            storage.setItem(key, JSON.stringify(list));
            return true;
          } catch {
            return false;
          }
        },
      }
    );
  } catch {
    return undefined;
  }
}

/** Consent denied: removes every key the plugin may have stored, in both storages. */
export function removeStored(): void {
  for (const kind of ['localStorage', 'sessionStorage'] as const) {
    for (const name of ['first', 'session']) {
      try {
        getWindow()?.[kind].removeItem(STORAGE_PREFIX + name);
      } catch {} // storage missing or throwing: nothing was stored there either
    }
  }
}
