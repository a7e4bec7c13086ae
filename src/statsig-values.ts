import { djb2 } from './djb2';
import { setProperty } from './heap-limits';
import type { HeapProperties } from './options';

/** The parts of Statsig's initialize response (v1 format, both SDKs) that the plugin reads. */
export interface StatsigValues {
  hash_used?: string;
  feature_gates?: Record<string, StatsigEntry>;
  dynamic_configs?: Record<string, StatsigEntry>;
  layer_configs?: Record<string, StatsigEntry>;
}

export interface StatsigEntry {
  name?: string;
  value?: unknown;
  id_type?: string;
  group_name?: string | null;
  is_experiment_active?: boolean;
  allocated_experiment_name?: string;
}

// Object.hasOwn is newer than the browsers this supports.
const own = (map: object, key: string) => Object.prototype.hasOwnProperty.call(map, key);

/** The SDKs' own lookup: the name itself, or its djb2 hash. */
export function findEntry(
  map: Record<string, StatsigEntry> | undefined,
  name: unknown,
): StatsigEntry | undefined {
  if (map && typeof name === 'string') {
    const key = own(map, name) ? name : djb2(name);
    if (own(map, key)) return map[key];
  }
  return undefined;
}

/** The group the user is allocated to, when there is one. */
export function groupName(entry: StatsigEntry | undefined): string | undefined {
  const group = entry?.group_name;
  return typeof group === 'string' && group ? group : undefined;
}

/** Names the app gave or evaluated, at most 10,000. */
const MAX_NAMES = 10_000;

/**
 * The gate and experiment names the plugin knows, by their djb2 hash: what names hashed
 * values. A name is hashed once, when values next need it, never on the app's check.
 */
export function createNameBook() {
  const known = new Set<string>();
  const byHash = new Map<string, string>();
  let fresh: string[] = [];
  return {
    remember(name: unknown): void {
      if (typeof name === 'string' && known.size < MAX_NAMES && !known.has(name)) {
        known.add(name);
        fresh.push(name);
      }
    },
    byHash(): ReadonlyMap<string, string> {
      for (const name of fresh) byHash.set(djb2(name), name);
      fresh = [];
      return byHash;
    },
  };
}

/**
 * The two initialize maps, within Heap's limits: gate → value, and experiment → group for
 * experiments the user is in. Unhashed values carry their names; hashed ones are named
 * through `names` (hash → name): only the known names are looked up, not every entry.
 * `unnamed` counts the hashed entries no known name matches, when `countUnnamed` asks.
 */
export function initializeMaps(
  values: StatsigValues | null | undefined,
  names: () => ReadonlyMap<string, string>,
  countUnnamed = true,
): [maps: HeapProperties[], unnamed: number] {
  const byHash = values?.hash_used !== 'none' ? names() : undefined;
  let unnamed = 0;
  const collect = (
    map: Record<string, StatsigEntry> | undefined,
    pick: (e: StatsigEntry | undefined) => string | boolean | undefined,
  ) => {
    const result: HeapProperties = {};
    let size = 0;
    // Own keys only: Object.keys, or hashes, which are digits and so never inherited names.
    const add = (key: string, name: string) => {
      const value = pick(map?.[key]);
      if (value !== undefined && setProperty(result, name, value)) size++;
    };
    if (map && byHash) {
      for (const [hash, name] of byHash) add(hash, name);
      const keys = countUnnamed ? Object.keys(map) : [];
      if (keys.length > size) {
        for (const key of keys) if (pick(map[key]) !== undefined) unnamed++;
        unnamed -= size;
      }
    } else if (map) {
      for (const key of Object.keys(map)) add(key, map[key]?.name ?? key);
    }
    return result;
  };
  return [
    [
      collect(values?.feature_gates, (entry) => entry && entry.value === true),
      collect(values?.dynamic_configs, groupName),
    ],
    unnamed,
  ];
}
