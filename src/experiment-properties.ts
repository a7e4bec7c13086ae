import type { HeapMethod } from './heap-call';
import { cut, fitsName } from './heap-limits';
import type { StatsigHeapOptions } from './options';
import { findEntry, groupName, type StatsigValues } from './statsig-values';

/**
 * What the plugin may add to Heap's event-properties cookie, in characters of keys and values.
 * Heap keeps all event properties in one cookie with a 4 KB budget per domain, shared with
 * the app's own properties and Heap's identifiers: a quarter of it is the most we take.
 */
export const EVENT_PROPERTIES_BUDGET = 1024;
const PREFIX = 'Statsig: ';

type Call = (method: HeapMethod, args: unknown[], dropReason?: string) => void;

/**
 * `eventProperties` / `userProperties`: "Statsig: <experiment>" = group, as Heap's own
 * Optimizely and VWO integrations do, so every later Heap event carries the variant. Only
 * keys the plugin set are ever removed, one by one (never `clearEventProperties`), and only
 * by the client that set them: another client's values say nothing of its experiments.
 */
export function createExperimentProperties(options: StatsigHeapOptions, call: Call) {
  /** Each event-property key the plugin set: its group, and the client that set it. */
  const eventKeys = new Map<string, [group: string, client: object]>();
  const userKeys = new Map<string, string>();
  let size = 0; // characters of the keys and values in eventKeys
  const remove = (key: string) => {
    size -= key.length + (eventKeys.get(key) as [string, object])[0].length;
    eventKeys.delete(key);
  };
  return {
    exposed(experiment: string, group: string, client: object): void {
      const key = PREFIX + experiment;
      const tooLong = fitsName(key) ? undefined : 'name too long for Heap';
      if (options.eventProperties && eventKeys.get(key)?.[0] !== group) {
        if (eventKeys.has(key)) remove(key);
        const fits = !tooLong && size + key.length + group.length <= EVENT_PROPERTIES_BUDGET;
        if (fits) {
          eventKeys.set(key, [group, client]);
          size += key.length + group.length;
        }
        call(
          'addEventProperties',
          [{ [key]: group }],
          tooLong ?? (fits ? undefined : 'over budget'),
        );
      }
      if (options.userProperties && userKeys.get(key) !== group) {
        userKeys.set(key, group);
        call('addUserProperties', [{ [key]: cut(group, 255) }], tooLong);
      }
    },
    /**
     * A client's new values: remove the keys it set for experiments its user left, or all of
     * them for a new user.
     */
    valuesChanged(
      values: StatsigValues | null | undefined,
      newUser: boolean,
      client: object,
    ): void {
      for (const [key, [group, owner]] of eventKeys) {
        if (
          owner === client &&
          (newUser ||
            groupName(findEntry(values?.dynamic_configs, key.slice(PREFIX.length))) !== group)
        ) {
          remove(key);
          call('removeEventProperty', [key]);
        }
      }
      if (newUser) userKeys.clear();
    },
    /** Consent denied: every event-property key the plugin set, forgotten here and returned. */
    withdraw(): string[] {
      const keys = [...eventKeys.keys()];
      eventKeys.clear();
      userKeys.clear();
      size = 0;
      return keys;
    },
  };
}
