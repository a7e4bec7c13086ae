import { removeStored } from './browser-storage';
import { createExperimentProperties } from './experiment-properties';
import { createExposureMemory } from './exposure-memory';
import { createHeapAdapter, type HeapMethod } from './heap-adapter';
import { type StatsigEventLike, toHeapEvent } from './heap-event';
import { cut, MAX_EVENT_NAME, toHeapProperties } from './heap-limits';
import { createIdentity } from './identity';
import type {
  ConsentState,
  HeapProperties,
  StatsigHeapEvent,
  StatsigHeapHandle,
  StatsigHeapOptions,
} from './options';
import { createReporter } from './reporter';
import { initializeMaps, type StatsigValues } from './statsig-values';

const MAX_KNOWN_NAMES = 10_000;
const DEFAULT_BUFFER = 1000;

/**
 * What one bound client last sent as its initialize events: an immediate repeat for the same
 * user (cached values, then the same values again) is not sent twice. Two maps per client.
 */
export type SentMaps = Record<string, [user: string, map: HeapProperties]>;

/** The same properties with the same values: compared in place, nothing serialized. */
const sameMap = (a: HeapProperties, b: HeapProperties) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

/** What the SDK adapters use of the core, besides the public handle. */
export interface Core extends StatsigHeapHandle {
  /** Every entry point runs behind this: nothing the plugin does may throw into the app. */
  guard(fn: () => void): void;
  log(message: string): void;
  /** An error caught inside the plugin, or a misuse found: counted, logged, sent to onError. */
  error(error: unknown): void;
  /** A gate/experiment name the app used: names hashed values in the initialize events. */
  remember(name: unknown): void;
  /** One event the SDK logged: an exposure or a custom event (SDK-internal ones are ignored). */
  forward(event: StatsigEventLike, values: unknown, statsigMetadata: Record<string, unknown>): void;
  /**
   * Values ready for a user: identity, experiment properties, then the initialize events.
   * `sent` belongs to the client; the adapter empties it when the app starts a new
   * initialize or user update, so every one of those sends the maps again.
   */
  valuesChanged(values: unknown, user: unknown, sent: SentMaps): void;
  /** Undo functions for every listener and patch of every binding. */
  cleanups: (() => void)[];
}

/**
 * The SDK-agnostic core that both adapters feed. Each event goes: Heap mapping, rename,
 * Heap's limits, filter, consent, de-duplication, then the Heap adapter, keeping
 * `received = forwarded + filtered + deduplicated + dropped + pending` true at every step.
 */
export function createCore(input: StatsigHeapOptions): Core {
  let options: StatsigHeapOptions = {};
  try {
    options = { ...input }; // a plain copy: throwing getters must not reach the app later
  } catch {}
  const reporter = createReporter(options);
  const { stats, log, drop, error } = reporter;
  // Bad option values get the default, or for consent the safe choice, and say so.
  const { bufferSize, dedupe } = options;
  const validBuffer = typeof bufferSize === 'number' && bufferSize >= 1 && bufferSize < Infinity;
  if (bufferSize !== undefined && !validBuffer) {
    log(`bufferSize ${bufferSize} is not a number ≥ 1: using ${DEFAULT_BUFFER}`);
  }
  options.bufferSize = validBuffer ? bufferSize : DEFAULT_BUFFER; // the adapter's bound
  if (dedupe !== undefined && !['sdk', 'session', 'first'].includes(dedupe)) {
    log(`unknown dedupe ${dedupe}: using sdk`);
  }
  const heap = createHeapAdapter(options, reporter);
  const memory = createExposureMemory(dedupe, reporter);
  const knownNames = new Set<string>();
  const cleanups: (() => void)[] = [];
  let consent: ConsentState;
  let userKey: string | undefined;
  let warnedHashed = false;

  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      error(e);
    }
  };
  /** One call to Heap, counted once: dropped with a reason, or held and delivered in order. */
  const call = (method: HeapMethod, args: unknown[], dropReason?: string) => {
    stats.received++;
    if (consent === 'denied') dropReason = 'consent denied';
    if (dropReason) drop(dropReason, args);
    else heap.send(method, args);
  };
  const track = (
    name: string,
    properties: unknown,
    kind: StatsigHeapEvent['kind'],
    seen?: () => unknown,
  ) => {
    let event: StatsigHeapEvent;
    let kept: unknown;
    try {
      const renamed = options.eventNames?.[name];
      event = {
        name: cut(typeof renamed === 'string' ? renamed : name, MAX_EVENT_NAME),
        // The initialize maps are built within Heap's limits already (initializeMaps).
        properties:
          kind === 'initialize'
            ? (properties as HeapProperties)
            : toHeapProperties(properties, log),
        kind,
      };
      const { filter } = options;
      kept = typeof filter !== 'function' || filter(event);
    } catch (e) {
      error(e);
      return call('track', [name], 'error');
    }
    if (!kept) {
      stats.received++;
      stats.filtered++;
      log('filtered', event);
    } else if (consent !== 'denied' && seen?.()) {
      stats.received++;
      stats.deduplicated++;
      log('deduplicated', event);
    } else call('track', [event.name, event.properties], event.name ? undefined : 'no name');
  };
  const properties = createExperimentProperties(options, call);
  const identify = createIdentity(call);
  const remember = (name: unknown) => {
    if (typeof name === 'string' && knownNames.size < MAX_KNOWN_NAMES) knownNames.add(name);
  };

  const core: Core = {
    guard,
    log,
    error,
    remember,
    cleanups,
    forward(event, values, statsigMetadata) {
      const mapped = toHeapEvent(
        event,
        values as StatsigValues,
        options.includeUser !== false,
        statsigMetadata,
      );
      const exposure = mapped?.exposure;
      if (mapped && options[exposure ? 'exposures' : 'customEvents'] !== false) {
        track(
          mapped.name,
          mapped.properties,
          mapped.kind,
          () => exposure && memory?.seen(exposure),
        );
      }
      if (exposure?.group) properties.exposed(exposure.experiment as string, exposure.group);
    },
    valuesChanged(values, user, sent) {
      const u = (user ?? {}) as Record<string, unknown>;
      const key = JSON.stringify([u['userID'], u['customIDs']]);
      if (options.identify) identify(user);
      properties.valuesChanged(values as StatsigValues, userKey !== undefined && userKey !== key);
      userKey = key;
      const [gates, experiments, unnamed] = initializeMaps(values as StatsigValues, knownNames);
      if (unnamed && !warnedHashed) {
        warnedHashed = true;
        log(`values are hashed: ${unnamed} names unknown (README: Hashed values)`);
      }
      for (const [name, map] of [
        ['Statsig Feature Gates', gates],
        ['Statsig Experiments', experiments],
      ] as const) {
        const last = sent[name];
        // Never empty, and never the same map for the same user twice in a row.
        if (
          options.initializeEvents !== false &&
          Object.keys(map).length &&
          !(last && last[0] === key && sameMap(last[1], map))
        ) {
          track(name, map, 'initialize');
        }
        sent[name] = [key, map];
      }
    },
    getStats: () => ({ ...stats }),
    setConsent(input) {
      guard(() => {
        // Fails closed: only exactly 'granted' or 'pending' allow anything.
        const state = input === 'granted' || input === 'pending' ? input : 'denied';
        if (state !== input) log(`consent ${input} is not granted or pending: denied`);
        consent = state;
        memory?.persist(state === 'granted'); // nothing is stored before consent
        if (state === 'denied') {
          heap.clear('consent denied');
          memory?.forget();
          removeStored();
        }
        heap.hold(state === 'pending');
      });
    },
    flush: () => guard(heap.deliver),
    detach() {
      guard(() => {
        for (const cleanup of cleanups.splice(0)) guard(cleanup);
      });
      consent = 'denied';
      heap.clear('detached');
    },
  };
  // Only a consent never given means granted; null or anything else is denied.
  core.setConsent(options.consent === undefined ? 'granted' : options.consent);
  guard(() => [...(options.gates ?? []), ...(options.experiments ?? [])].forEach(remember));
  return core;
}
