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

/**
 * The two initialize maps, within Heap's limits: gate → value, and experiment → group for
 * experiments the user is in. Unhashed values carry their names; hashed ones are matched to
 * `knownNames` (the options' lists and names the app evaluated) through djb2. `unnamed`
 * counts the hashed entries no known name matches.
 */
export function initializeMaps(
  values: StatsigValues | null | undefined,
  knownNames: Iterable<string>,
): [gates: HeapProperties, experiments: HeapProperties, unnamed: number] {
  const names = new Map<string, string>();
  const hashed = values?.hash_used !== 'none';
  let unnamed = 0;
  if (hashed) for (const name of knownNames) names.set(djb2(name), name);
  const collect = (
    map: Record<string, StatsigEntry> | undefined,
    pick: (e: StatsigEntry) => string | boolean | undefined,
  ) => {
    const result: HeapProperties = {};
    for (const key in map) {
      const entry = own(map, key) ? map[key] : undefined;
      const name = hashed ? names.get(key) : (entry?.name ?? key);
      const value = entry && pick(entry);
      if (value === undefined) continue;
      if (name === undefined) unnamed++;
      else setProperty(result, name, value);
    }
    return result;
  };
  return [
    collect(values?.feature_gates, (entry) => entry.value === true),
    collect(values?.dynamic_configs, groupName),
    unnamed,
  ];
}
