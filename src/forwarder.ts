import { djb2 } from './djb2';
import { ExperimentProperties } from './experiment-properties';
import { ExposureMemory } from './exposure-memory';
import { HeapAdapter, type HeapMethod } from './heap-adapter';
import { type Exposure, type StatsigEventLike, toHeapEvent } from './heap-event';
import { cut, MAX_EVENT_NAME, toHeapProperties } from './heap-limits';
import { createIdentity } from './identity';
import type {
  ConsentState,
  StatsigHeapEvent,
  StatsigHeapEventKind,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
import { createReporter, type Reporter } from './reporter';
import { initializeMaps, type StatsigValues } from './statsig-values';

const MAX_KNOWN_NAMES = 10_000;

/**
 * The SDK-agnostic core that both adapters feed: maps Statsig events to Heap events, then
 * sends each through rename, Heap's limits, filter and consent to the Heap adapter. Keeps
 * `received = forwarded + filtered + deduplicated + dropped + pending` true at every step.
 */
export class Forwarder implements StatsigHeapHandle {
  readonly reporter: Reporter;
  readonly heap: HeapAdapter;
  /** Names for hashed values: the options' lists, then every name the app evaluates. */
  readonly knownNames = new Set<string>();
  /** Undo functions for every listener and patch of the current binding. */
  readonly cleanups: (() => void)[] = [];
  private consent: ConsentState = 'granted';
  private readonly initializeSent = new Set<string>();
  private readonly memory: ExposureMemory;
  private readonly properties: ExperimentProperties;
  private readonly identify: (user: unknown) => void;
  private userKey: string | undefined;

  readonly options: StatsigHeapOptions;

  constructor(options: StatsigHeapOptions) {
    // A plain copy: an options object with throwing getters must not break the app later.
    try {
      this.options = { ...options };
    } catch {
      this.options = {};
    }
    if (typeof this.options.filter !== 'function') delete this.options.filter;
    options = this.options;
    this.reporter = createReporter(options);
    this.heap = new HeapAdapter(options, this.reporter);
    const call = this.call.bind(this);
    const { dedupe } = options;
    this.memory = new ExposureMemory(
      dedupe === 'session' || dedupe === 'first' ? dedupe : 'sdk',
      this.reporter,
    );
    this.properties = new ExperimentProperties(options, call);
    this.identify = createIdentity(call);
    this.setConsent(options.consent ?? 'granted');
    this.guard(() => {
      for (const name of [...(options.gates ?? []), ...(options.experiments ?? [])]) {
        this.remember(name);
      }
    });
  }

  /** Every entry point runs behind this: nothing the plugin does may throw into the app. */
  guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.reporter.error(error);
    }
  }

  remember(name: unknown): void {
    if (typeof name === 'string' && this.knownNames.size < MAX_KNOWN_NAMES) {
      this.knownNames.add(name);
    }
  }

  /** Whether events of this kind are wanted at all (the kind switches). */
  wants(kind: StatsigHeapEventKind): boolean {
    const { options } = this;
    const flag =
      kind === 'initialize'
        ? options.initializeEvents
        : kind === 'exposure'
          ? options.exposures
          : options.customEvents;
    return flag !== false;
  }

  /** One event the SDK logged: an exposure or a custom event (SDK-internal ones are ignored). */
  forward(
    event: StatsigEventLike,
    values: unknown,
    statsigMetadata: Record<string, unknown>,
  ): void {
    const includeUser = this.options.includeUser !== false;
    const mapped = toHeapEvent(event, values as StatsigValues, includeUser, statsigMetadata);
    if (!mapped) return;
    const { exposure } = mapped;
    if (this.wants(mapped.kind)) this.track(mapped.name, mapped.properties, mapped.kind, exposure);
    if (exposure?.experiment && exposure.group) {
      this.properties.exposed(exposure.experiment, exposure.group);
    }
  }

  /**
   * "Statsig Feature Gates" / "Statsig Experiments" for the current user: never empty, and
   * the same map for the same user only once per page.
   */
  valuesChanged(values: unknown, user: unknown): void {
    const u = (user ?? {}) as Record<string, unknown>;
    const userKey = JSON.stringify([u['userID'], u['customIDs']]);
    const newUser = this.userKey !== undefined && this.userKey !== userKey;
    this.userKey = userKey;
    if (this.options.identify) this.identify(user);
    this.properties.valuesChanged(values as StatsigValues, newUser);
    if (!this.wants('initialize')) return;
    const maps = initializeMaps(values as StatsigValues, this.knownNames);
    for (const [name, map] of [
      ['Statsig Feature Gates', maps.gates],
      ['Statsig Experiments', maps.experiments],
    ] as const) {
      const key = djb2(`${name}\u0000${userKey}\u0000${JSON.stringify(map)}`);
      if (Object.keys(map).length === 0 || this.initializeSent.has(key)) continue;
      this.initializeSent.add(key);
      this.track(name, map, 'initialize');
    }
  }

  /**
   * One Heap call other than `track` (properties, identity): counted like events, held
   * like them, and dropped with a reason when consent is denied or `dropReason` is given.
   */
  call(method: HeapMethod, args: unknown[], dropReason?: string): void {
    this.reporter.stats.received++;
    if (dropReason || this.consent === 'denied') {
      this.dropped(dropReason ?? 'consent denied', { method, args });
    } else {
      this.heap.send({ method, args });
    }
  }

  /** Sends one event to `heap.track`, or counts why not. */
  track(name: string, properties: unknown, kind: StatsigHeapEventKind, exposure?: Exposure): void {
    const { reporter } = this;
    reporter.stats.received++;
    try {
      const renamed = this.options.eventNames?.[name];
      const event: StatsigHeapEvent = {
        name: cut(typeof renamed === 'string' ? renamed : name, MAX_EVENT_NAME),
        properties: toHeapProperties(properties),
        kind,
      };
      if (!event.name) {
        this.dropped('empty event name', event);
      } else if (this.options.filter && !this.options.filter(event)) {
        reporter.stats.filtered++;
        reporter.log('filtered', event);
      } else if (this.consent === 'denied') {
        this.dropped('consent denied', event);
      } else if (exposure && this.memory.seen(exposure)) {
        reporter.stats.deduplicated++;
        reporter.log(`deduplicated (${this.options.dedupe})`, event);
      } else {
        this.heap.send({ method: 'track', args: [event.name, event.properties] });
      }
    } catch (error) {
      reporter.error(error);
      this.dropped('error while mapping');
    }
  }

  private dropped(reason: string, event?: unknown): void {
    this.reporter.stats.dropped++;
    this.reporter.log(`dropped (${reason})`, event);
  }

  /** Undoes the hooks of the current binding. */
  unhook(): void {
    for (const cleanup of this.cleanups.splice(0)) this.guard(cleanup);
  }

  getStats(): StatsigHeapStats {
    return { ...this.reporter.stats };
  }

  setConsent(state: ConsentState): void {
    this.guard(() => {
      if (state !== 'granted' && state !== 'pending' && state !== 'denied') {
        return this.reporter.log(`ignored unknown consent state ${String(state)}`);
      }
      this.consent = state;
      this.heap.held = state === 'pending';
      // Nothing is written to storage until consent is granted.
      this.memory.persist = state === 'granted';
      if (state === 'denied') {
        this.heap.clear('consent denied');
        this.memory.forget();
      } else {
        if (state === 'granted') this.memory.save();
        this.heap.deliver();
      }
    });
  }

  flush(): void {
    this.guard(() => this.heap.deliver());
  }

  /** Stops for good: hooks undone, whatever is still held dropped (counted), nothing sent. */
  detach(): void {
    this.unhook();
    this.consent = 'denied';
    this.heap.clear('detached');
  }
}
