import { bindClient, type ClientLike } from './client-binding';
import { type Core, createCore } from './core';
import { getWindow } from './environment';
import type {
  ConsentState,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';

/**
 * The plugin for `@statsig/js-client` 3.x: pass it in `options.plugins`, or call `bind(client)`.
 * Also binds the on-device evaluation client, which has no `plugins` option.
 */
export class StatsigHeapPlugin implements StatsigHeapHandle {
  readonly __plugin = 'statsig-heap';
  private readonly _core: Core;
  /** Every client this plugin forwards from; `detach()` releases them all. */
  private readonly _clients = new Set<object>();
  /** detach() is final: no binding afterwards, the late one of js-client < 3.5 included. */
  private _detached = false;

  constructor(options?: StatsigHeapOptions) {
    this._core = createCore(options ?? {});
    Promise.resolve().then(() => this._core.guard(() => this._bindIfNoPluginsLoop()));
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
    core.guard(() => {
      if (!getWindow() || !client || this._clients.has(client) || this._detached) return;
      this._clients.add(client);
      core.cleanups.push(() => this._clients.delete(client));
      bindClient(client as ClientLike, core);
    });
  }

  /**
   * `@statsig/js-client` before 3.5 accepts `plugins` but never calls bind(): once the client
   * that was given this plugin exists, bind it here, and say that bind() is the way.
   */
  private _bindIfNoPluginsLoop(): void {
    type Registry = { __STATSIG__?: { instances?: Record<string, object> } };
    const registry = (getWindow() as Registry | undefined)?.__STATSIG__?.instances;
    for (const client of Object.values(registry ?? {})) {
      const fields: { plugins?: unknown[] }[] = Object.values(client);
      if (
        !this._clients.has(client) &&
        !this._detached &&
        fields.some((value) => value?.plugins?.includes?.(this))
      ) {
        this._core.error(
          new Error('statsig-heap: js-client before 3.5 runs no plugins; call plugin.bind(client)'),
        );
        this.bind(client);
      }
    }
  }

  getStats(): StatsigHeapStats {
    if (!this._clients.size) {
      this._core.log(
        getWindow()
          ? 'not bound to any client'
          : 'not bound to any client: none is, on a server (no window)',
      );
    }
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
