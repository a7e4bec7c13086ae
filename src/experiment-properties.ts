import type { HeapMethod } from './heap-adapter';
import { cut, MAX_USER_PROPERTY_VALUE } from './heap-limits';
import type { StatsigHeapOptions } from './options';
import { findEntry, groupName, type StatsigValues } from './statsig-values';

/**
 * What the plugin may add to Heap's event-properties cookie, in characters of keys and values.
 * Heap keeps all event properties in one cookie with a 4 KB budget per domain, shared with
 * the app's own properties and Heap's identifiers: a quarter of it is the most we take.
 */
export const EVENT_PROPERTIES_BUDGET = 1024;
const PREFIX = 'Statsig: ';
const MAX_KEY = 511;

type Call = (method: HeapMethod, args: unknown[], dropReason?: string) => void;

/**
 * `eventProperties` / `userProperties`: "Statsig: <experiment>" = group, as Heap's own
 * Optimizely and VWO integrations do, so every later Heap event carries the variant. Only
 * keys the plugin set are ever removed, one by one (never `clearEventProperties`).
 */
export class ExperimentProperties {
  private readonly eventKeys = new Map<string, string>();
  private readonly userKeys = new Map<string, string>();

  constructor(
    private readonly options: StatsigHeapOptions,
    private readonly call: Call,
  ) {}

  private size(): number {
    let size = 0;
    for (const [key, group] of this.eventKeys) size += key.length + group.length;
    return size;
  }

  exposed(experiment: string, group: string): void {
    const key = cut(PREFIX + experiment, MAX_KEY);
    if (this.options.eventProperties && this.eventKeys.get(key) !== group) {
      const previous = this.eventKeys.get(key);
      const size = this.size() - (previous === undefined ? 0 : key.length + previous.length);
      if (size + key.length + group.length > EVENT_PROPERTIES_BUDGET) {
        this.call('addEventProperties', [{ [key]: group }], 'event properties budget full');
      } else {
        this.eventKeys.set(key, group);
        this.call('addEventProperties', [{ [key]: group }]);
      }
    }
    if (this.options.userProperties && this.userKeys.get(key) !== group) {
      this.userKeys.set(key, group);
      this.call('addUserProperties', [{ [key]: cut(group, MAX_USER_PROPERTY_VALUE) }]);
    }
  }

  /** New values: remove the keys of experiments the user left, or all of them for a new user. */
  valuesChanged(values: StatsigValues | null | undefined, newUser: boolean): void {
    for (const [key, group] of this.eventKeys) {
      const entry = findEntry(values?.dynamic_configs, key.slice(PREFIX.length));
      if (newUser || groupName(entry) !== group) {
        this.eventKeys.delete(key);
        this.call('removeEventProperty', [key]);
      }
    }
    if (newUser) this.userKeys.clear();
  }
}
