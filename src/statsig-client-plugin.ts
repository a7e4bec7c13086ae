import { getWindow } from './environment';
import { bindJsClient, type ClientLike } from './js-client-source';
import type {
  ConsentState,
  StatsigHeapHandle,
  StatsigHeapOptions,
  StatsigHeapStats,
} from './options';
import { createPipeline, type Pipeline } from './pipeline';

/**
 * On every client a statsig-heap plugin binds, whatever copy of this package it comes from
 * (an npm bundle and the tag on one page): who bound it, so the zero-code tag never binds a
 * client the app bound itself, and gives way when the app binds one later.
 */
const BOUND = Symbol.for('statsig-heap');
interface Binding {
  auto: boolean;
  release(): void;
}

/**
 * The plugin for `@statsig/js-client` 3.x: pass it in `options.plugins`, or call `bind(client)`.
 * Also binds the on-device evaluation client, which has no `plugins` option.
 */
export class StatsigHeapPlugin implements StatsigHeapHandle {
  readonly __plugin = 'statsig-heap';
  private readonly _pipeline: Pipeline;
  /** Every client this plugin forwards from; `detach()` releases them all. */
  private readonly _clients = new Set<object>();
  /** detach() is final: no binding afterwards, the late one of js-client < 3.5 included. */
  private _detached = false;
  /** The zero-code tag's plugin: it binds only clients no other plugin has. */
  private readonly _auto: boolean;

  constructor(options?: StatsigHeapOptions, auto?: boolean) {
    this._auto = auto === true;
    this._pipeline = createPipeline(options ?? {});
    Promise.resolve().then(() => this._pipeline.guard(() => this._bindIfNoPluginsLoop()));
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
   * Called by the client's constructor (plugins option), or by the app on an existing client:
   * then what Statsig still holds of its events goes first. One plugin may serve several
   * clients (one per SDK key); each forwards its own events.
   */
  bind(client: object): void {
    const pipeline = this._pipeline;
    pipeline.guard(() => {
      if (
        !getWindow() ||
        typeof client !== 'object' ||
        !client ||
        this._clients.has(client) ||
        this._detached
      ) {
        return;
      }
      const bound = (client as { [BOUND]?: Binding })[BOUND];
      if (bound && this._auto) return; // the app's own plugin has it
      bound?.auto && bound.release(); // the app binds a client the tag had: the app's wins
      this._clients.add(client);
      const unbind = bindJsClient(client as ClientLike, pipeline);
      const release = () => {
        this._clients.delete(client);
        unbind();
      };
      pipeline.cleanups.push(release);
      const binding: Binding = { auto: this._auto, release };
      Object.defineProperty(client, BOUND, { value: binding, configurable: true });
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
        this._pipeline.error(
          new Error('statsig-heap: js-client before 3.5 runs no plugins; call plugin.bind(client)'),
        );
        this.bind(client);
      }
    }
  }

  getStats(): StatsigHeapStats {
    if (!this._clients.size) {
      this._pipeline.log(
        getWindow()
          ? 'not bound to any client'
          : 'not bound to any client: none is, on a server (no window)',
      );
    }
    return this._pipeline.handle.getStats();
  }

  setConsent(state: ConsentState): void {
    this._pipeline.handle.setConsent(state);
  }

  flush(): void {
    this._pipeline.handle.flush();
  }

  detach(): void {
    this._detached = true;
    this._pipeline.handle.detach();
  }
}
