import { getWindow } from './environment';
import { Forwarder } from './forwarder';
import { type StatsigEventLike, toHeapEvent } from './heap-event';
import type {
  ConsentState,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
import { initializeMaps, type StatsigValues } from './statsig-values';

type Listener = (event: Record<string, unknown>) => void;

/** What the plugin uses of `@statsig/js-client`'s StatsigClient, found by shape, not by name. */
interface ClientLike {
  loadingStatus?: unknown;
  on?: (name: string, listener: Listener) => void;
  off?: (name: string, listener: Listener) => void;
  getContextHandle?: () => ContextLike;
  getContext?: () => ContextLike;
}
interface ContextLike {
  values?: unknown;
  user?: unknown;
  stableID?: unknown;
}
interface LoggerLike {
  enqueue: (event: StatsigEventLike) => unknown;
}

const MAX_KNOWN_NAMES = 10_000;

/**
 * The SDK's event logger: a client property with `enqueue` and `incrementNonExposureCount`.
 * Matched by shape because the CDN build mangles the `_logger` name.
 */
function findLogger(client: object): LoggerLike | undefined {
  for (const value of Object.values(client)) {
    if (
      value &&
      typeof value === 'object' &&
      typeof value.enqueue === 'function' &&
      typeof value.incrementNonExposureCount === 'function'
    ) {
      return value as LoggerLike;
    }
  }
  return undefined;
}

function userKey(user: unknown): string {
  const u = (user ?? {}) as Record<string, unknown>;
  return JSON.stringify([u['userID'], u['customIDs']]);
}

/**
 * The plugin for `@statsig/js-client` 3.x: pass it in `options.plugins`, or call `bind(client)`.
 */
export class StatsigHeapPlugin implements StatsigHeapHandle {
  readonly __plugin = 'statsig-heap';
  private readonly forwarder: Forwarder;
  private readonly knownNames = new Set<string>();
  private client: object | undefined;
  private cleanups: (() => void)[] = [];

  constructor(options?: StatsigHeapOptions) {
    this.forwarder = new Forwarder(options ?? {});
    this.guard(() => {
      for (const name of [...(options?.gates ?? []), ...(options?.experiments ?? [])]) {
        this.knownNames.add(String(name));
      }
    });
  }

  /**
   * The SDK serializes its options, plugins included, into its diagnostics events: without
   * this, the plugin's link back to the client would make that JSON circular and break
   * Statsig's own event logging.
   */
  toJSON(): { __plugin: string } {
    return { __plugin: this.__plugin };
  }

  /** Every entry point runs behind this: nothing the plugin does may throw into the app. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.forwarder.reporter.error(error);
    }
  }

  /** Called by the client's constructor (plugins option), or by the app on an existing client. */
  bind(client: object): void {
    this.guard(() => {
      if (!getWindow() || !client || client === this.client) return;
      this.unbind();
      this.client = client;
      const c = client as ClientLike;
      const { forwarder } = this;
      const { reporter } = forwarder;
      const includeUser = forwarder.options.includeUser !== false;
      const context = () => c.getContextHandle?.() ?? c.getContext?.();
      const listen = (name: string, listener: Listener) => {
        const safe: Listener = (event) => this.guard(() => listener(event));
        c.on?.(name, safe);
        this.cleanups.push(() => c.off?.(name, safe));
      };

      const forward = (event: StatsigEventLike) => {
        const ctx = context();
        const mapped = toHeapEvent(event, ctx?.values as StatsigValues, includeUser, {
          stableID: ctx?.stableID,
        });
        if (mapped && forwarder.wants(mapped.kind)) {
          forwarder.track(mapped.name, mapped.properties, mapped.kind);
        }
      };

      const sendInitialize = () => {
        const ctx = context();
        const user = ctx?.user;
        const maps = initializeMaps(ctx?.values as StatsigValues, this.knownNames);
        forwarder.trackInitialize('Statsig Feature Gates', maps.gates, userKey(user));
        forwarder.trackInitialize('Statsig Experiments', maps.experiments, userKey(user));
      };

      const logger = findLogger(client);
      if (logger) {
        const original = logger.enqueue;
        const guard = this.guard.bind(this);
        let active = true;
        // The SDK copies the user of every event it keeps (to strip privateAttributes) and
        // leaves the ones it drops (de-duplicated, server-side) untouched: that tells us,
        // synchronously and exactly, which events Statsig itself will log.
        const hook = function (this: unknown, event: StatsigEventLike) {
          const user = event?.user;
          const result = original.apply(this, [event]);
          if (active && user && event.user !== user) guard(() => forward(event));
          return result;
        };
        logger.enqueue = hook;
        this.cleanups.push(() => {
          active = false;
          if (logger.enqueue === hook) logger.enqueue = original;
        });
      } else {
        // Another SDK build: the public flush event carries exactly what Statsig logged, only
        // later. Retries re-send the same event objects, so a WeakSet keeps each one once.
        reporter.log("SDK logger not found: exposures are forwarded at Statsig's flush instead");
        const seen = new WeakSet<object>();
        const since = Date.now();
        listen('pre_logs_flushed', (payload) => {
          const events = payload['events'];
          if (!Array.isArray(events)) return;
          for (const event of events as StatsigEventLike[]) {
            if (!event || seen.has(event) || (event.time ?? since) < since) continue;
            seen.add(event);
            forward(event);
          }
        });
      }

      const remember = (entity: unknown) => {
        const name = (entity as { name?: unknown } | undefined)?.name;
        if (typeof name === 'string' && this.knownNames.size < MAX_KNOWN_NAMES) {
          this.knownNames.add(name);
        }
      };
      listen('gate_evaluation', (e) => remember(e['gate']));
      listen('experiment_evaluation', (e) => remember(e['experiment']));
      listen('dynamic_config_evaluation', (e) => remember(e['dynamicConfig']));
      listen('values_updated', (e) => {
        if (e['status'] === 'Ready') sendInitialize();
      });
      if (c.loadingStatus === 'Ready') sendInitialize();
    });
  }

  private unbind(): void {
    for (const cleanup of this.cleanups.splice(0)) this.guard(cleanup);
    this.client = undefined;
  }

  getStats(): StatsigHeapStats {
    return this.forwarder.getStats();
  }

  setConsent(state: ConsentState): void {
    this.guard(() => this.forwarder.setConsent(state));
  }

  flush(): void {
    this.guard(() => this.forwarder.heap.deliver());
  }

  detach(): void {
    this.guard(() => {
      this.unbind();
      this.forwarder.close();
    });
  }
}
