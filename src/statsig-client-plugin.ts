import { getWindow } from './environment';
import { type Core, createCore, type SentMaps } from './forwarder';
import type { StatsigEventLike } from './heap-event';
import { createOnDeviceValues, ON_DEVICE_CALLS, type OnDeviceClientLike } from './on-device-values';
import type {
  ConsentState,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
import { patchMethod } from './patch';

type Listener = (event: Record<string, unknown>) => void;

/** What the plugin uses of `@statsig/js-client`'s StatsigClient: public names only. */
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
 * The plugin for `@statsig/js-client` 3.x: pass it in `options.plugins`, or call `bind(client)`.
 */
export class StatsigHeapPlugin implements StatsigHeapHandle {
  readonly __plugin = 'statsig-heap';
  private readonly _core: Core;
  /** Every client this plugin forwards from; `detach()` releases them all. */
  private readonly _clients = new Set<object>();
  /** detach() is final: no binding afterwards, the late one of js-client < 3.5 included. */
  private _detached = false;

  constructor(options?: StatsigHeapOptions) {
    const core = createCore(options ?? {});
    this._core = core;
    // @statsig/js-client before 3.5 accepts `plugins` but never calls bind(): once the client
    // that was given this plugin exists, bind it here, and say that bind() is the way.
    Promise.resolve().then(() =>
      core.guard(() => {
        type Registry = { __STATSIG__?: { instances?: Record<string, object> } };
        const registry = (getWindow() as Registry | undefined)?.__STATSIG__?.instances;
        for (const client of Object.values(registry ?? {})) {
          const fields: { plugins?: unknown[] }[] = Object.values(client);
          if (
            !this._clients.has(client) &&
            !this._detached &&
            fields.some((value) => value?.plugins?.includes?.(this))
          ) {
            core.error(
              new Error(
                'statsig-heap: js-client before 3.5 runs no plugins; call plugin.bind(client)',
              ),
            );
            this.bind(client);
          }
        }
      }),
    );
  }

  /**
   * The SDK serializes its options, plugins included, into its diagnostics events: without
   * this, the plugin's link back to the client would make that JSON circular and break
   * Statsig's own event logging.
   */
  toJSON(): { __plugin: string } {
    return { __plugin: this.__plugin };
  }

  /**
   * Called by the client's constructor (plugins option), or by the app on an existing client.
   * One plugin may serve several clients (one per SDK key); each forwards its own events.
   */
  bind(client: object): void {
    const core = this._core;
    const clients = this._clients;
    core.guard(() => {
      if (!getWindow() || !client || clients.has(client) || this._detached) return;
      clients.add(client);
      core.cleanups.push(() => clients.delete(client));
      const c = client as ClientLike;
      const sent: SentMaps = {};
      const onDevice =
        typeof (client as OnDeviceClientLike).getClientInitializeResponse === 'function'
          ? createOnDeviceValues(client as OnDeviceClientLike, core, sent)
          : undefined;
      /** A new initialize or update: the maps go out again, even the same ones. */
      const restart = () => {
        for (const name in sent) delete sent[name];
      };
      const context = () => c.getContextHandle?.() ?? c.getContext?.();
      const listen = (name: string, listener: Listener) => {
        const safe: Listener = (event) => {
          try {
            listener(event); // every check emits one: no closure per call
          } catch (e) {
            core.error(e);
          }
        };
        c.on?.(name, safe);
        core.cleanups.push(() => c.off?.(name, safe));
      };
      /** `user`: the event's user as the app gave it (on-device: it picks the values). */
      const forward = (event: StatsigEventLike, user = event.user) => {
        const ctx = context();
        const values = onDevice ? onDevice.valuesFor(user) : ctx?.values;
        core.forward(event, values, { stableID: ctx?.stableID });
      };
      const valuesChanged = () => {
        const ctx = context();
        core.valuesChanged(ctx?.values, ctx?.user, sent);
      };
      // The SDK's event logger, found by shape: the CDN build mangles the `_logger` name.
      const logger = Object.values(client).find(
        (value) =>
          typeof value?.enqueue === 'function' &&
          typeof value.incrementNonExposureCount === 'function',
      );
      // Where the hook cannot work: the public flush event carries exactly what Statsig
      // logged, only later. Retries re-send the same event objects, so a WeakSet keeps each
      // one once; events from before binding (an earlier page's retries) are not ours.
      const boundAt = Date.now();
      const forwardAtFlush = (why: string) => {
        core.log(`${why}: forwarding at flush`);
        const seen = new WeakSet<object>();
        listen('pre_logs_flushed', ({ events }) => {
          for (const event of Array.isArray(events) ? (events as StatsigEventLike[]) : []) {
            if (event && !seen.has(event) && (event.time ?? boundAt) >= boundAt) {
              seen.add(event);
              forward(event);
            }
          }
        });
      };
      if (logger) {
        // The SDK copies the user of every event it keeps (to strip privateAttributes) and
        // leaves the ones it drops (de-duplicated, server-side) untouched: that tells us,
        // synchronously and exactly, which events Statsig itself will log.
        const undo = patchMethod(
          logger,
          'enqueue',
          ([event]) => (event as StatsigEventLike | undefined)?.user,
          ([event], user) => {
            const e = event as StatsigEventLike;
            if (user && e.user !== user) forward(e, user);
            else if (user && !String(e.eventName).startsWith('statsig::')) {
              // A custom event is always kept: its user not copied means this SDK build no
              // longer marks what it keeps. Stop guessing and use the flush event instead.
              undo();
              forwardAtFlush('SDK changed');
            }
          },
          core.error,
        );
        core.cleanups.push(
          undo,
          // The SDK resets its logger at every initialize and user update: from then on the
          // maps go out again, even for the same user and values.
          patchMethod(logger, 'reset', undefined, restart, core.error),
        );
      } else forwardAtFlush('SDK logger not found');
      // On-device: a user's maps go out at their first check, before any exposure of theirs.
      for (const name of onDevice ? ON_DEVICE_CALLS : []) {
        core.cleanups.push(
          patchMethod(
            client,
            name,
            ([, user]) => onDevice?.valuesFor(user),
            () => {},
            core.error,
          ),
        );
      }
      const remember = (entity: unknown) => core.remember((entity as { name?: unknown })?.name);
      listen('gate_evaluation', (e) => remember(e['gate']));
      listen('experiment_evaluation', (e) => remember(e['experiment']));
      listen('dynamic_config_evaluation', (e) => remember(e['dynamicConfig']));
      listen(
        'values_updated',
        (e) => e['status'] === 'Ready' && (onDevice ? onDevice.reset() : valuesChanged()),
      );
      if (c.loadingStatus === 'Ready' && !onDevice) {
        core.log('bound late: checks before bind() not forwarded');
        valuesChanged();
      }
    });
  }

  getStats(): StatsigHeapStats {
    if (!this._clients.size) this._core.log('not bound to any client');
    return this._core.getStats();
  }

  setConsent(state: ConsentState): void {
    this._core.setConsent(state);
  }

  flush(): void {
    this._core.flush();
  }

  detach(): void {
    this._detached = true;
    this._core.detach();
  }
}
