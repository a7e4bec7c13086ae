import { removeStored } from './browser-storage';
import { createExperimentProperties } from './experiment-properties';
import { createExposureMemory, type ExposureMemory } from './exposure-memory';
import { createHeapAdapter, type HeapMethod } from './heap-adapter';
import { type EventContext, type Exposure, type StatsigEventLike, toHeapEvent } from './heap-event';
import { cut, MAX_EVENT_NAME, toHeapProperties } from './heap-limits';
import { createIdentity } from './identity';
import type {
  ConsentState,
  HeapProperties,
  StatsigHeapEvent,
  StatsigHeapHandle,
  StatsigHeapOptions,
} from './options';
import { createReporter, type Reporter } from './reporter';
import { createNameBook, initializeMaps, type StatsigValues } from './statsig-values';

const DEFAULT_BUFFER = 1000;
const INITIALIZE_EVENTS = ['Statsig Feature Gates', 'Statsig Experiments'] as const;

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
  log: Reporter['log'];
  /** An error caught inside the plugin, or a misuse found: counted, logged, sent to onError. */
  error(error: unknown): void;
  /** A gate/experiment name the app used: names hashed values in the initialize events. */
  remember(name: unknown): void;
  /** One event the SDK logged: an exposure or a custom event (SDK-internal ones are ignored). */
  forward(event: StatsigEventLike, context: EventContext): void;
  /**
   * Values ready for a user: identity, experiment properties, then the initialize events.
   * `sent` belongs to the client; the adapter empties it when the app starts a new
   * initialize or user update, so every one of those sends the maps again.
   */
  valuesChanged(values: unknown, user: unknown, sent: SentMaps): void;
  /**
   * A bound client's own logging switch, at bind and at each change: while it is off, the
   * plugin holds (consent). A client shut down leaves the set; if its logging was off, the
   * plugin holds on until some client's logging is on.
   */
  statsigLogging(client: object, enabled: boolean | 'shut down'): void;
  /** Undo functions for every listener and patch of every binding. */
  cleanups: (() => void)[];
}

/** The options as given, copied once (a throwing getter must not reach the app later). */
function readOptions(input: StatsigHeapOptions): [StatsigHeapOptions, Reporter] {
  let options: StatsigHeapOptions = {};
  try {
    options = { ...input };
  } catch {}
  const reporter = createReporter(options);
  // Bad option values get the default and say so.
  const { bufferSize, dedupe } = options;
  const validBuffer = typeof bufferSize === 'number' && bufferSize >= 1 && bufferSize < Infinity;
  if (bufferSize !== undefined && !validBuffer) {
    reporter.log(`bufferSize ${bufferSize} is not a number ≥ 1: using ${DEFAULT_BUFFER}`);
  }
  options.bufferSize = validBuffer ? bufferSize : DEFAULT_BUFFER;
  if (dedupe !== undefined && !['sdk', 'session', 'first'].includes(dedupe)) {
    reporter.log(`unknown dedupe ${dedupe}: using sdk`);
  }
  return [options, reporter];
}

/**
 * The SDK-agnostic core that both adapters feed. One event's route, top to bottom in
 * `forward`: not Statsig's own, mapped to its Heap event, then `track`: renamed, Heap's
 * limits, the filter, de-duplication, then `call`: consent, and the Heap adapter. Each step
 * keeps `received = forwarded + filtered + deduplicated + dropped + pending` true.
 */
export function createCore(input: StatsigHeapOptions): Core {
  const [options, reporter] = readOptions(input);
  const { stats, log, drop, error } = reporter;
  const heap = createHeapAdapter(options, reporter);
  const memory: ExposureMemory | undefined = createExposureMemory(options.dedupe, reporter);
  const names = createNameBook();
  const cleanups: (() => void)[] = [];
  /** The app's own decision, once given; until then Statsig's logging switch decides. */
  let appConsent: ConsentState | undefined;
  const statsigOff = new Set<object>();
  /**
   * A client shut down while its logging was off: Statsig keeps what it held for the next
   * client that turns logging on, and so does the plugin, whether or not other clients remain.
   */
  let offAtShutdown = false;
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
  /** One call to Heap, counted once: dropped with a reason, or handed to the Heap adapter. */
  const call = (method: HeapMethod, args: unknown[], dropReason?: string) => {
    stats.received++;
    if (consent === 'denied') dropReason = 'consent denied';
    if (dropReason) drop(dropReason, args);
    else heap.send(method, args);
  };
  /** The `user.*` properties of the SDK's current user, made once per user object. */
  let lastUser: object | undefined;
  let lastUserProperties: HeapProperties = {};
  const userProperties = (user: object) => {
    if (user !== lastUser) {
      lastUser = user;
      lastUserProperties = toHeapProperties({ user }, log);
    }
    return lastUserProperties;
  };
  const track = (
    name: string,
    properties: unknown,
    kind: StatsigHeapEvent['kind'],
    exposure?: Exposure,
    flattened?: HeapProperties,
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
            : toHeapProperties(properties, log, flattened),
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
    } else if (exposure && consent !== 'denied' && memory?.seen(exposure)) {
      stats.received++;
      stats.deduplicated++;
      log('deduplicated', event);
    } else call('track', [event.name, event.properties], event.name ? undefined : 'no name');
  };
  const properties = createExperimentProperties(options, call);
  const identify = createIdentity(call);
  const applyConsent = () => {
    const state = appConsent ?? (statsigOff.size || offAtShutdown ? 'pending' : 'granted');
    consent = state;
    memory?.persist(state === 'granted'); // nothing is stored before consent
    if (state === 'denied') {
      heap.clear('consent denied');
      memory?.forget();
      removeStored();
    }
    heap.hold(state === 'pending');
  };

  const core: Core = {
    guard,
    log,
    error,
    remember: names.remember,
    cleanups,
    forward(event, context) {
      const { eventNames } = options;
      // Statsig's autocapture: Heap captures the same interactions itself, and their
      // properties carry page URLs and query values. Forwarded only when the app names one.
      if (
        String(event.eventName).startsWith('auto_capture::') &&
        !(eventNames && Object.prototype.hasOwnProperty.call(eventNames, event.eventName))
      ) {
        return;
      }
      const includeUser = options.includeUser !== false;
      const mapped = toHeapEvent(event, context, includeUser && !context.user);
      const exposure = mapped?.exposure;
      if (mapped && options[exposure ? 'exposures' : 'customEvents'] !== false) {
        const { user } = context;
        track(
          mapped.name,
          mapped.properties,
          mapped.kind,
          exposure,
          includeUser && user ? userProperties(user) : undefined,
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
      if (options.initializeEvents === false) return;
      const [gates, experiments, sizes, unnamed] = initializeMaps(
        values as StatsigValues,
        names.byHash,
        !warnedHashed,
      );
      if (unnamed && !warnedHashed) {
        warnedHashed = true;
        log(
          `values are hashed: ${unnamed} names unknown, left out of the initialize events (README: Hashed values)`,
        );
      }
      [gates, experiments].forEach((map, i) => {
        const name = INITIALIZE_EVENTS[i] as string;
        const last = sent[name];
        // Never empty, and never the same map for the same user twice in a row.
        if (sizes[i] && !(last && last[0] === key && sameMap(last[1], map))) {
          track(name, map, 'initialize');
        }
        sent[name] = [key, map];
      });
    },
    statsigLogging(client, enabled) {
      const wasHolding = statsigOff.size > 0 || offAtShutdown;
      if (!enabled) statsigOff.add(client);
      else if (statsigOff.delete(client) && enabled !== true) offAtShutdown = true;
      if (enabled === true) offAtShutdown = false;
      // Said when it holds, and when it stops holding; a client bound with logging on says nothing.
      if (!appConsent && (!enabled || (wasHolding && !statsigOff.size && !offAtShutdown))) {
        log(`Statsig logging ${enabled ? 'on: forwarding' : 'off: holding'}`);
      }
      applyConsent();
    },
    getStats() {
      const state = heap.state(); // first: it counts what Heap's library has since replayed
      return { ...stats, heap: state };
    },
    setConsent(input) {
      guard(() => {
        // Fails closed: only exactly 'granted' or 'pending' allow anything.
        const state = input === 'granted' || input === 'pending' ? input : 'denied';
        if (state !== input) log(`consent ${input} is not granted or pending: denied`);
        appConsent = state;
        applyConsent();
      });
    },
    flush: () => guard(heap.deliver),
    detach() {
      guard(() => {
        for (const cleanup of cleanups.splice(0)) guard(cleanup);
      });
      appConsent = consent = 'denied';
      heap.clear('detached');
    },
  };
  // Only a consent never given follows Statsig; null or anything else given is denied.
  if (options.consent === undefined) applyConsent();
  else core.setConsent(options.consent);
  guard(() => [...(options.gates ?? []), ...(options.experiments ?? [])].forEach(names.remember));
  return core;
}
