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
 * (an npm bundle and the tag on one page): its release, and whether the zero-code tag bound
 * it. The tag never binds a client the app bound, and gives way when the app binds one later.
 */
const BOUND = Symbol.for('statsig-heap');
type Bound = { [BOUND]?: [auto: boolean, release: () => void] };

/**
 * The plugin for `@statsig/js-client` 3.x: pass it in `options.plugins`, or call `bind(client)`.
 * Also binds the on-device evaluation client, which has no `plugins` option.
 */
export class StatsigHeapPlugin implements StatsigHeapHandle {
  readonly __plugin = 'statsig-heap';
  private readonly _pipeline: Pipeline;
  /** Every client this plugin forwards from; none once detached (detach() is final). */
  private _clients: Set<object> | undefined = new Set();

  /** `auto`: the zero-code tag's plugin, which binds only clients no other plugin has. */
  constructor(
    options?: StatsigHeapOptions,
    private readonly _auto?: boolean,
  ) {
    this._pipeline = createPipeline(options ?? {});
    // js-client before 3.5 accepts `plugins` but never calls bind(): once the client that
    // was given this plugin exists, bind it here, and say that bind() is the way.
    Promise.resolve().then(() =>
      this._pipeline.guard(() => {
        type Registry = { __STATSIG__?: { instances?: Record<string, object> } };
        const registry = (getWindow() as Registry | undefined)?.__STATSIG__?.instances;
        for (const client of Object.values(registry ?? {})) {
          const fields: { plugins?: unknown[] }[] = Object.values(client);
          if (
            this._clients &&
            !this._clients.has(client) &&
            fields.some((value) => value?.plugins?.includes?.(this))
          ) {
            this._pipeline.error(
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
   * Called by the client's constructor (plugins option), or by the app on an existing client:
   * then what Statsig still holds of its events goes first. One plugin may serve several
   * clients (one per SDK key); each forwards its own events.
   */
  bind(client: object): void {
    const pipeline = this._pipeline;
    const clients = this._clients;
    pipeline.guard(() => {
      if (!getWindow() || typeof client !== 'object' || !client || !clients || clients.has(client))
        return;
      const bound = (client as Bound)[BOUND];
      if (bound && this._auto) return; // the app's own plugin has it
      // The app binds a client the tag had: the app's wins, and what the tag already kept
      // is the tag's to hand over (not recovered again here).
      if (bound?.[0]) bound[1]();
      clients.add(client);
      const unbind = bindJsClient(client as ClientLike, pipeline, !bound);
      const release = () => {
        clients.delete(client);
        unbind();
      };
      pipeline.cleanups.push(release);
      Object.defineProperty(client, BOUND, { value: [!!this._auto, release], configurable: true });
    });
  }

  getStats(): StatsigHeapStats {
    if (!this._clients?.size) this._pipeline.log('not bound to any client');
    return this._pipeline.handle.getStats();
  }

  setConsent(state: ConsentState): void {
    this._pipeline.handle.setConsent(state);
  }

  flush(): void {
    this._pipeline.handle.flush();
  }

  detach(): void {
    this._clients = undefined;
    this._pipeline.handle.detach();
  }
}
