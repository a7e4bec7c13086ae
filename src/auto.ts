import { getWindow } from './environment';
import type { StatsigHeapConfig, StatsigHeapHandle } from './options';
import { createReporter } from './reporter';
import { StatsigHeapPlugin } from './statsig-client-plugin';

/** Statsig's page-wide registry, shared by every Statsig bundle on the page. */
interface Registry {
  instances?: Record<string, object>;
  firstInstance?: object;
  instance?: (sdkKey?: string) => object | undefined;
}

/**
 * The zero-code tag's switch: `window.StatsigHeapConfig = { auto: true, ...options }` set
 * before the tag, or the tag's own `data-auto` attribute. Read once; a throwing getter is no.
 */
export function autoConfig(): StatsigHeapConfig | undefined {
  try {
    const win = getWindow() as (Window & { StatsigHeapConfig?: StatsigHeapConfig }) | undefined;
    const config = win?.StatsigHeapConfig;
    if (config?.auto === true || win?.document.currentScript?.hasAttribute('data-auto')) {
      return { ...config };
    }
  } catch {}
  return undefined;
}

/**
 * Binds every `@statsig/js-client` and on-device client on the page: those registered in
 * `window.__STATSIG__.instances` before now, and each one registered later (every client
 * registers at the end of its constructor, and the registry's `instances` is set again each
 * time: a setter hears it, nothing polls). A client is bound a task later, once built: what
 * its logger holds by then is recovered. Clients the app bound itself are left to it.
 * Returns the handle: its `detach()` also stops watching.
 */
export function bindEveryClient(options: StatsigHeapConfig): StatsigHeapHandle {
  const plugin = new StatsigHeapPlugin(options, true);
  const win = getWindow() as unknown as { __STATSIG__?: Registry } | undefined;
  let watching = true;
  let stop = () => {};
  try {
    // Statsig's own code asks the registry for `instance(sdkKey)`: provided if it is ours.
    const registry: Registry = win?.__STATSIG__ ?? {
      instance: (key) => (key ? registry.instances?.[key] : registry.firstInstance),
    };
    if (win) win.__STATSIG__ = registry;
    const bindAll = () => {
      for (const client of Object.values(registry.instances ?? {})) {
        Promise.resolve().then(() => plugin.bind(client));
      }
    };
    bindAll(); // the clients made before the tag, whatever comes next
    // Another script's own accessor on `instances` keeps working: read and set through it.
    const prior = Object.getOwnPropertyDescriptor(registry, 'instances');
    let instances = registry.instances;
    const get = prior?.get ? () => prior.get?.call(registry) : () => instances;
    const watched: PropertyDescriptor = {
      configurable: true,
      enumerable: true,
      get,
      set(next: Record<string, object>) {
        if (prior?.set) prior.set.call(registry, next);
        else instances = next;
        if (watching) bindAll();
      },
    };
    Object.defineProperty(registry, 'instances', watched);
    stop = () => {
      // Put back what was there, holding today's clients, unless another script wraps ours.
      if (Object.getOwnPropertyDescriptor(registry, 'instances')?.get !== get) return;
      Object.defineProperty(
        registry,
        'instances',
        prior?.get ? prior : { value: get(), writable: true, configurable: true, enumerable: true },
      );
    };
  } catch (e) {
    // A frozen registry: the clients already made are bound; later ones cannot be heard of.
    createReporter(options).log(
      `Statsig's registry cannot be watched: clients made from now on are not bound (${e})`,
    );
  }
  return {
    getStats: () => plugin.getStats(),
    setConsent: (state) => plugin.setConsent(state),
    flush: () => plugin.flush(),
    detach() {
      watching = false;
      stop();
      plugin.detach();
    },
  };
}
