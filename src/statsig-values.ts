import { djb2 } from './djb2';

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
}

// Object.hasOwn is newer than the browsers this supports.
const own = (map: object, key: string): boolean => Object.prototype.hasOwnProperty.call(map, key);

/** The SDKs' own lookup: the name itself, or its djb2 hash. */
export function findEntry(
  map: Record<string, StatsigEntry> | undefined,
  name: unknown,
): StatsigEntry | undefined {
  if (!map || typeof name !== 'string') return undefined;
  if (own(map, name)) return map[name];
  const hash = djb2(name);
  return own(map, hash) ? map[hash] : undefined;
}

/** An experiment is a dynamic config that carries experiment fields. */
export function isExperiment(entry: StatsigEntry | undefined): boolean {
  return (
    !!entry && (entry.is_experiment_active !== undefined || typeof entry.group_name === 'string')
  );
}

/** The group the user is allocated to, when there is one. */
export function groupName(entry: StatsigEntry | undefined): string | undefined {
  const group = entry?.group_name;
  return typeof group === 'string' && group !== '' ? group : undefined;
}

/**
 * The two initialize maps. Unhashed values carry their names; hashed ones are matched to
 * `knownNames` (the options' lists and names the app evaluated) through djb2.
 */
export function initializeMaps(
  values: StatsigValues | null | undefined,
  knownNames: Iterable<string>,
): { gates: Record<string, boolean>; experiments: Record<string, string> } {
  const gates: Record<string, boolean> = {};
  const experiments: Record<string, string> = {};
  if (!values || typeof values !== 'object') return { gates, experiments };
  const hashed = values.hash_used !== 'none';
  const names = new Map<string, string>();
  if (hashed) for (const name of knownNames) names.set(djb2(name), name);
  const nameOf = (key: string, entry: StatsigEntry): string | undefined =>
    hashed ? (names.get(key) ?? names.get(String(entry.name))) : (entry.name ?? key);
  const set = (target: Record<string, unknown>, key: string, value: unknown) =>
    Object.defineProperty(target, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });

  for (const [key, entry] of Object.entries(values.feature_gates ?? {})) {
    const name = entry && nameOf(key, entry);
    if (name !== undefined) set(gates, name, entry.value === true);
  }
  for (const [key, entry] of Object.entries(values.dynamic_configs ?? {})) {
    const name = entry && nameOf(key, entry);
    const group = groupName(entry);
    if (name !== undefined && group !== undefined) set(experiments, name, group);
  }
  return { gates, experiments };
}
