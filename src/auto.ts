import { getWindow } from './environment';
import type { StatsigHeapConfig, StatsigHeapHandle } from './options';
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
  let stop = () => {};
  try {
    // Statsig's own code asks the registry for `instance(sdkKey)`: provided if it is ours.
    const registry: Registry = win?.__STATSIG__ ?? {
      instance: (key) => (key ? registry.instances?.[key] : registry.firstInstance),
    };
    if (win) win.__STATSIG__ = registry;
    let instances = registry.instances;
    const bindAll = () => {
      for (const client of Object.values(instances ?? {})) {
        Promise.resolve().then(() => plugin.bind(client));
      }
    };
    const watch = (value: unknown) =>
      Object.defineProperty(registry, 'instances', {
        configurable: true,
        enumerable: true,
        ...(value
          ? { value: instances, writable: true }
          : {
              get: () => instances,
              set(next: Record<string, object>) {
                instances = next;
                bindAll();
              },
            }),
      });
    watch(false);
    stop = () => watch(true);
    bindAll();
  } catch {}
  return {
    getStats: () => plugin.getStats(),
    setConsent: (state) => plugin.setConsent(state),
    flush: () => plugin.flush(),
    detach() {
      stop();
      plugin.detach();
    },
  };
}
