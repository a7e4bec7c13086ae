import { getWindow } from './environment';
import { Forwarder } from './forwarder';
import type { StatsigEventLike } from './heap-event';
import type {
  ConsentState,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
import { patchMethod } from './patch';

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

/**
 * The SDK's event logger: a client property with `enqueue` and `incrementNonExposureCount`.
 * Matched by shape because the CDN build mangles the `_logger` name.
 */
function findLogger(client: object): object | undefined {
  return Object.values(client).find(
    (value) =>
      value &&
      typeof value === 'object' &&
      typeof value.enqueue === 'function' &&
      typeof value.incrementNonExposureCount === 'function',
  );
}

/**
 * The plugin for `@statsig/js-client` 3.x: pass it in `options.plugins`, or call `bind(client)`.
 */
export class StatsigHeapPlugin implements StatsigHeapHandle {
  readonly __plugin = 'statsig-heap';
  private readonly core: Forwarder;
  private client: object | undefined;

  constructor(options?: StatsigHeapOptions) {
    this.core = new Forwarder(options ?? {});
  }

  /**
   * The SDK serializes its options, plugins included, into its diagnostics events: without
   * this, the plugin's link back to the client would make that JSON circular and break
   * Statsig's own event logging.
   */
  toJSON(): { __plugin: string } {
    return { __plugin: this.__plugin };
  }

  /** Called by the client's constructor (plugins option), or by the app on an existing client. */
  bind(client: object): void {
    const { core } = this;
    core.guard(() => {
      if (!getWindow() || !client || client === this.client) return;
      core.unhook();
      this.client = client;
      const c = client as ClientLike;
      const context = () => c.getContextHandle?.() ?? c.getContext?.();
      const listen = (name: string, listener: Listener) => {
        const safe: Listener = (event) => core.guard(() => listener(event));
        c.on?.(name, safe);
        core.cleanups.push(() => c.off?.(name, safe));
      };
      const forward = (event: StatsigEventLike) => {
        const ctx = context();
        core.forward(event, ctx?.values, { stableID: ctx?.stableID });
      };
      const sendInitialize = () => {
        const ctx = context();
        core.valuesChanged(ctx?.values, ctx?.user);
      };

      const logger = findLogger(client);
      if (logger) {
        // The SDK copies the user of every event it keeps (to strip privateAttributes) and
        // leaves the ones it drops (de-duplicated, server-side) untouched: that tells us,
        // synchronously and exactly, which events Statsig itself will log.
        core.cleanups.push(
          patchMethod(
            logger,
            'enqueue',
            ([event], _result, user) => {
              const e = event as StatsigEventLike;
              if (user && e.user !== user) forward(e);
            },
            core.guard.bind(core),
            ([event]) => (event as StatsigEventLike | undefined)?.user,
          ),
        );
      } else {
        // Another SDK build: the public flush event carries exactly what Statsig logged, only
        // later. Retries re-send the same event objects, so a WeakSet keeps each one once.
        core.reporter.log(
          "SDK logger not found: exposures are forwarded at Statsig's flush instead",
        );
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

      const remember = (entity: unknown) => core.remember((entity as { name?: unknown })?.name);
      listen('gate_evaluation', (e) => remember(e['gate']));
      listen('experiment_evaluation', (e) => remember(e['experiment']));
      listen('dynamic_config_evaluation', (e) => remember(e['dynamicConfig']));
      listen('values_updated', (e) => {
        if (e['status'] === 'Ready') sendInitialize();
      });
      core.cleanups.push(() => {
        this.client = undefined;
      });
      if (c.loadingStatus === 'Ready') sendInitialize();
    });
  }

  getStats(): StatsigHeapStats {
    return this.core.getStats();
  }

  setConsent(state: ConsentState): void {
    this.core.setConsent(state);
  }

  flush(): void {
    this.core.flush();
  }

  detach(): void {
    this.core.detach();
  }
}
