import { getWindow } from './environment';

/** The plugin's own storage keys: it reads and writes nothing else. */
export const STORAGE_PREFIX = 'statsig-heap:';

/**
 * A JSON list kept in localStorage or sessionStorage under the plugin's namespace. Returns
 * undefined where storage is missing or throws (privacy modes, sandboxed frames).
 */
export function storedList(
  kind: 'localStorage' | 'sessionStorage',
  name: string,
): { read(): string[]; write(list: string[]): boolean } | undefined {
  let storage: Storage | undefined;
  try {
    storage = getWindow()?.[kind];
    storage?.getItem(STORAGE_PREFIX);
  } catch {
    return undefined;
  }
  if (!storage) return undefined;
  const key = STORAGE_PREFIX + name;
  const store = storage;
  return {
    read() {
      try {
        const list: unknown = JSON.parse(store.getItem(key) ?? '[]');
        return Array.isArray(list) ? list.filter((item) => typeof item === 'string') : [];
      } catch {
        return [];
      }
    },
    write(list) {
      try {
        store.setItem(key, JSON.stringify(list));
        return true;
      } catch {
        return false; // full or throwing: the memory copy still holds
      }
    },
  };
}
