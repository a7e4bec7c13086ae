import { removeStored } from './browser-storage';
import { createConsent } from './consent';
import { getWindow } from './environment';
import { createExperimentProperties } from './experiment-properties';
import { createExposureMemory } from './exposure-memory';
import type { HeapCall, HeapMethod } from './heap-call';
import { createHeapDelivery } from './heap-delivery';
import { type Exposure, eventKind, type StatsigEventLike, toHeapEvent } from './heap-event';
import { cut, splitProperties, toHeapProperties } from './heap-limits';
import { identityOf, isHeapIdentity } from './identity';
import type {
  HeapProperties,
  StatsigHeapEvent,
  StatsigHeapHandle,
  StatsigHeapOptions,
} from './options';
import { watchPage } from './page-lifecycle';
import { createReporter } from './reporter';
import type { Source } from './source';
import { createNameBook, initializeMaps, type StatsigValues } from './statsig-values';
import { createTabLock } from './tab-lock';

const DEFAULT_BUFFER = 1000;
const INITIALIZE_EVENTS = ['Statsig Feature Gates', 'Statsig Experiments'];

/**
 * One item of the queue, as the app's call kept it: an event the SDK logged (`event`), or
 * values ready for a user (on-device: a user seen), with what was true at that moment.
 */
interface Item {
  source: Source;
  event?: StatsigEventLike;
  /** js-client: its own copy of the current user, which it never changes; on-device: the app's. */
  user?: unknown;
  /** The values the SDK held at that moment (on-device: made later, for the user). */
  values?: unknown;
  /** The client's initializes and rule loads so far, when the item was kept. */
  resets: number;
}

/** The same properties with the same values: compared in place, nothing serialized. */
const sameMap = (a: HeapProperties, b: HeapProperties) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
};

/**
 * The one ordered queue from Statsig's event to Heap's call. The app's call only keeps the
 * event and what is true at that moment (an item, counted); everything else runs in the
 * plugin's own tasks, in order, a slice of at most 8 ms at a time:
 *   1. keep: in the app's call, the item is queued (consent denied: dropped);
 *   2. expand: an item becomes Heap calls: mapped (heap-event.ts), renamed, cut to Heap's
 *      limits (heap-limits.ts), filtered; values become the initialize maps, split at 1,000
 *      properties; experiment properties follow exposures. No storage is touched;
 *   3. deliver, once consent is granted: when Heap may take each call (heap-delivery.ts):
 *      identity first, then de-duplication, then the call.
 * On `pagehide`, the page turning hidden, a route change, `flush()` and `detach()` the queue
 * is handed over at once. The reporter counts every step.
 */
export function createPipeline(input: StatsigHeapOptions) {
  let options: StatsigHeapOptions = {};
  try {
    options = { ...input }; // copied once: a throwing getter must not reach the app later
  } catch {}
  const reporter = createReporter(options);
  const { add, settle, drop, log, error, counts } = reporter;
  // Bad option values get the default and say so.
  const { bufferSize: size, dedupe } = options;
  const limit = typeof size === 'number' && size >= 1 && size < Infinity ? size : DEFAULT_BUFFER;
  options.bufferSize = limit;
  if (size !== undefined && size !== limit) {
    log(`bufferSize ${size} is not a number ≥ 1: using ${DEFAULT_BUFFER}`);
  }
  if (dedupe !== undefined && !['sdk', 'session', 'first'].includes(dedupe)) {
    log(`unknown dedupe ${dedupe}: using sdk`);
  }
  const memory = createExposureMemory(options.dedupe, log);
  const heap = createHeapDelivery(options, reporter, memory);
  const locks = getWindow()?.navigator?.locks;
  const tabLock = memory && locks && createTabLock(locks, memory);
  const names = createNameBook();
  /** Bound clients, in order: with `identify`, the first decides Heap's identity. */
  const sources: Source[] = [];
  const cleanups: (() => void)[] = [];
  const items: Item[] = [];
  const calls: HeapCall[] = [];
  let scheduled = false;
  let draining = false;
  let detached = false;
  let warnedHashed = false;
  /** The identity the calls being made now must go under (identify, deciding client). */
  let who: string | null | undefined;

  const guard = (fn: () => void) => {
    try {
      fn();
    } catch (e) {
      error(e);
    }
  };

  // --- 2. expand: an item becomes Heap calls -------------------------------------------------
  /** One Heap call made now, counted (unless it was since the app's call); or dropped. */
  const call = (
    method: HeapMethod | undefined,
    args: unknown[],
    why?: string,
    exposure?: Exposure,
    counted?: boolean,
  ) => {
    if (consent.state() === 'denied') why = 'consent denied';
    if (why) {
      if (counted) return settle('dropped', why, args);
      return method && drop(why, args);
    }
    if (method && !counted) add();
    const made: HeapCall = { method, args };
    if (who !== undefined) made.who = who;
    if (exposure && memory) made.exposure = [exposure.key, exposure.variant];
    calls.push(made);
  };
  const properties = createExperimentProperties(options, call);
  /** A track call: renamed, within Heap's limits, filtered; `counted` since the app's call. */
  const track = (
    name: string,
    properties: unknown,
    kind: StatsigHeapEvent['kind'],
    counted?: boolean,
    exposure?: Exposure,
  ) => {
    if (!counted) add();
    let event: StatsigHeapEvent;
    let kept: unknown;
    try {
      const renamed = options.eventNames?.[name];
      event = {
        name: cut(typeof renamed === 'string' ? renamed : name, 255),
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
      return settle('dropped', 'error', [name]);
    }
    if (!kept) return settle('filtered', undefined, event);
    if (!event.name) return settle('dropped', 'no name', event);
    call('track', [event.name, event.properties], undefined, exposure, true);
  };
  /** With `identify`, the first bound client decides Heap's identity; the others never do. */
  const whoFor = (source: Source, user: unknown) =>
    options.identify && sources[0] === source ? identityOf(user) : undefined;

  const expandValues = ({ source, user, values, resets }: Item) => {
    if (source.valuesFor) {
      const [made, first] = source.valuesFor(user, resets);
      if (!first) return;
      values = made;
    }
    const u = (user ?? {}) as Record<string, unknown>;
    const key = JSON.stringify([u['userID'], u['customIDs']]);
    who = whoFor(source, user);
    if (who !== undefined) {
      const id = u['userID'];
      if (id && typeof id === 'string' && !isHeapIdentity(id))
        drop('Heap ignores this identity', [id]);
      call(undefined, []); // Heap's identity follows the user even with nothing to send
    }
    properties.valuesChanged(
      values as StatsigValues,
      source.user !== undefined && source.user !== key,
      source,
    );
    source.user = key;
    if (options.initializeEvents === false) return;
    const [maps, unnamed] = initializeMaps(values as StatsigValues, names.byHash, !warnedHashed);
    if (unnamed && !warnedHashed) {
      warnedHashed = true;
      log(
        `values are hashed: ${unnamed} names unknown, left out of the initialize events (README: Hashed values)`,
      );
    }
    maps.forEach((map, i) => {
      const name = INITIALIZE_EVENTS[i] as string;
      const last = source.sent[name];
      // Never the same map for the same user twice in a row (empty ones split into nothing).
      if (!(last && last[0] === key && last[1] === resets && sameMap(last[2], map))) {
        for (const part of splitProperties(map)) track(name, part, 'initialize');
      }
      source.sent[name] = [key, resets, map];
    });
  };

  const expandEvent = (item: Item) => {
    const { source, event, user, resets } = item;
    let values = item.values;
    let mapped: ReturnType<typeof toHeapEvent>;
    try {
      const eventUser = user ?? event?.user;
      if (source.valuesFor) {
        // On-device: a user's maps go out at their first event, before it.
        expandValues({ source, user: eventUser, resets });
        values = source.valuesFor(eventUser, resets)[0];
      }
      who = whoFor(source, eventUser);
      mapped = toHeapEvent(
        event as StatsigEventLike,
        { values: values as StatsigValues, user, ...source.describe() },
        options.includeUser !== false,
      );
    } catch (e) {
      error(e);
      return settle('dropped', 'error', event);
    }
    if (!mapped) return settle('dropped', 'not an exposure', event);
    const { exposure } = mapped;
    track(mapped.name, mapped.properties, mapped.kind, true, exposure);
    if (exposure?.group) properties.exposed(exposure.experiment as string, exposure.group, source);
  };

  // --- 1. keep, consent, and the plugin's own tasks ----------------------------------------
  /** Makes the oldest item its Heap calls. */
  const expandNext = () => {
    const item = items.shift() as Item;
    guard(() => (item.event ? expandEvent(item) : expandValues(item)));
    who = undefined;
  };
  /**
   * Drops the oldest held call, counted. Values not yet made into calls are made now (no
   * storage is touched), so that what they would have sent is counted as dropped too.
   */
  const discard = (why: string) => {
    const at = calls.findIndex((held) => held.method);
    if (at < 0) {
      calls.length = 0; // identity steps only
      if (items[0]?.event) settle('dropped', why, items.shift()?.event);
      else if (items.length) expandNext();
    } else settle('dropped', why, calls.splice(at, 1)[0]?.args);
  };
  /**
   * `bufferSize` calls held at most, oldest out, counted; and at most as many again of what
   * is not counted yet (values waiting for their turn hold the SDK's values object).
   */
  const bound = () => {
    while (counts.pending - heap.inSnippet() > limit || items.length + calls.length > 2 * limit) {
      discard('buffer full');
    }
  };
  const consent = createConsent(log, (state) => {
    if (state === 'denied') {
      while (calls.length || items.length) discard('consent denied');
      heap.removeEventProperties(properties.withdraw());
      memory?.forget();
      removeStored();
    } else if (state === 'granted') schedule();
  });

  /**
   * Moves the queue: every item becomes its Heap calls (whatever the consent), then, once
   * consent is granted, the calls go to Heap until it must be waited for. `sliced`: a task of
   * the plugin's own, which stops after 8 ms and goes on in another; otherwise all at once
   * (flush, a route change, detach). `going`: the page is going, nothing waits for Heap's user.
   */
  const drain = (sliced?: boolean, going?: boolean) => {
    if (draining) return;
    draining = true;
    const start = Date.now();
    // Read again at every call: the app may deny consent from inside one (its filter, Heap).
    const granted = () => consent.state() === 'granted';
    let retry = 0;
    try {
      if (granted()) memory?.read();
      while (!retry && (items.length || (granted() && calls.length))) {
        if (sliced && Date.now() - start >= 8) retry = -1;
        else if (items.length) expandNext();
        else retry = heap.deliver(calls, going || detached);
      }
      if (granted()) memory?.write();
    } catch (e) {
      error(e);
    }
    draining = false;
    // Detached: what Heap could not take now is dropped, said and counted.
    if (detached) while (calls.length || items.length) discard('detached');
    else if (retry) schedule(retry);
  };
  /**
   * The next run in a task of the plugin's own: after `delay` ms, or when the page is idle
   * (within half a second: events reach Heap within a second); under the Web Lock where first
   * or session exposures must be exact across tabs.
   */
  function schedule(delay = -1) {
    const win = getWindow();
    if (scheduled || !win) return;
    scheduled = true;
    const run = () => {
      scheduled = false;
      guard(() => {
        // Consent not granted: storage is not read or written, nothing to wait for.
        // A lock refused (a sandboxed frame: SecurityError) must not hold the queue: it runs
        // without, exact within the tab.
        if (tabLock && consent.state() === 'granted') {
          tabLock(() => drain(true)).catch(() => guard(() => drain(true)));
        } else drain(true);
      });
    };
    if (delay < 0 && win.requestIdleCallback) win.requestIdleCallback(run, { timeout: 500 });
    else setTimeout(run, Math.max(delay, 0));
  }
  /**
   * The app's call: keeps the item (counted if it is an event; `recovered`: Statsig held it
   * from before), and nothing more.
   */
  const keep = (item: Item, recovered?: boolean) => {
    if (detached) return;
    if (consent.state() === 'denied') {
      if (item.event) drop('consent denied', item.event);
      return;
    }
    if (item.event) add(1, recovered);
    items.push(item);
    bound();
    schedule();
  };
  /** Statsig's events the plugin forwards: exposures and custom events, as the options say. */
  const forwarded = (event: StatsigEventLike) => {
    const kind = eventKind(event?.eventName);
    const { eventNames } = options;
    // Statsig's autocapture: Heap captures the same interactions itself, and their
    // properties carry page URLs and query values. Forwarded only when the app names one.
    return kind === 'autocapture'
      ? !!eventNames && Object.prototype.hasOwnProperty.call(eventNames, event.eventName)
      : !!kind && options[kind === 'exposure' ? 'exposures' : 'customEvents'] !== false;
  };

  // The page going or moving hands over what is queued: the user may never come back.
  if (getWindow()) {
    cleanups.push(
      watchPage(
        () => guard(() => drain(false, true)),
        () => guard(() => drain()),
        error,
      ),
    );
  }

  const handle: StatsigHeapHandle = {
    getStats() {
      const state = heap.resolve(true)[1]; // first: it counts what Heap's library has replayed
      return { ...counts, heap: state };
    },
    setConsent: (state) => guard(() => consent.decide(state)),
    flush: () => guard(() => drain()),
    detach() {
      guard(() => {
        // Everything Heap may take goes now, without waiting for its user; from inside one
        // of the plugin's own Heap calls, the run under way does it.
        detached = true;
        drain(false, true);
        for (const cleanup of cleanups.splice(0)) guard(cleanup);
      });
    },
  };
  // Only a consent never given follows Statsig; null or anything else given is denied.
  if (options.consent !== undefined) handle.setConsent(options.consent);
  guard(() => [...(options.gates ?? []), ...(options.experiments ?? [])].forEach(names.remember));

  return {
    handle,
    debug: options.debug,
    log,
    error,
    guard,
    cleanups,
    /** A client bound: its events count from now; the first decides Heap's identity. */
    bind(source: Source): () => void {
      sources.push(source);
      return () => sources.splice(sources.indexOf(source) >>> 0, 1);
    },
    /** The app's call: one event the SDK logged, with what is true now. */
    event(source: Source, event: StatsigEventLike, user?: unknown, values?: unknown): void {
      // The app's Heap called back into Statsig, which called us: not forwarded again.
      if (forwarded(event)) {
        if (heap.calling()) drop('sent from inside a Heap call', event);
        else keep({ source, event, user, values, resets: source.resets });
      }
    },
    /** Values ready for a user (on-device: a user seen, values made later). */
    values(source: Source, user: unknown, values?: unknown): void {
      keep({ source, user, values, resets: source.resets });
    },
    /**
     * Events Statsig still held from before: kept as if made now, each with its own time;
     * `first`: older than everything held (for consent), so ahead of it.
     */
    recover(
      source: Source,
      events: readonly StatsigEventLike[],
      values: unknown,
      first?: boolean,
    ): void {
      const found = events.filter((event) => event && forwarded(event));
      if (!found.length || detached || consent.state() === 'denied') return;
      log(`recovered ${found.length} events Statsig still held`);
      // `first`: older than everything held, so ahead of the calls already made from it.
      const held = first ? calls.splice(0) : [];
      for (const event of found) {
        const item = { source, event, values, resets: source.resets };
        if (first) {
          add(1, true);
          expandEvent(item);
        } else keep(item, true);
      }
      who = undefined;
      calls.push(...held);
      bound();
      schedule();
    },
    /** A name the app evaluated: names hashed values in the initialize maps. */
    remember: names.remember,
    /** A bound client's logging switch, or its shutdown. */
    statsigLogging: consent.statsig,
    followsStatsig: consent.followsStatsig,
  };
}

export type Pipeline = ReturnType<typeof createPipeline>;
