import { getWindow } from './environment';
import type { StatsigHeapHandle, StatsigHeapOptions } from './options';
import { patchMethod } from './patch';
import { createPipeline } from './pipeline';
import { bindStatsigJs, type LegacyClient } from './statsig-js-source';

const wrapped = new WeakMap<object, StatsigHeapHandle>();

/**
 * The adapter for `statsig-js` 4.36+/5.x (npm default export, or `window.statsig`): patches the
 * static Statsig object in place, so app code stays as it is. Call it before `initialize`;
 * on an instance already initialized, it binds late and recovers what Statsig still holds.
 * Calling it again on the same object returns the first handle.
 */
export function wrapStatsig(statsig: object, options?: StatsigHeapOptions): StatsigHeapHandle {
  const existing = statsig && wrapped.get(statsig);
  if (existing) return existing;
  const pipeline = createPipeline(options ?? {});
  const { handle, guard, cleanups, error } = pipeline;
  let bound = false;
  const getStats = handle.getStats;
  handle.getStats = () => {
    if (!bound)
      pipeline.log(getWindow() ? 'not bound to statsig-js' : 'not bound: on a server (no window)');
    return getStats();
  };
  guard(() => {
    if (!getWindow() || !statsig) return;
    if (typeof (statsig as { initialize?: unknown }).initialize !== 'function') {
      error(new Error('statsig-heap: wrapStatsig needs statsig-js'));
    }
    wrapped.set(statsig, handle);
    cleanups.push(() => wrapped.delete(statsig));
    const attached = new WeakSet<object>();
    const host = statsig as { instance?: LegacyClient | null };
    let source: ReturnType<typeof bindStatsigJs> | undefined;
    const attach = (instance: LegacyClient | null | undefined) => {
      if (!instance || attached.has(instance)) return;
      attached.add(instance);
      bound = true;
      source = bindStatsigJs(instance, pipeline);
    };
    cleanups.push(
      patchMethod(
        statsig,
        'initialize',
        undefined,
        (args, seen, result) => {
          attach(host.instance); // statsig-js creates the instance synchronously
          source?.afterUpdate(args, seen, result);
        },
        error,
      ),
    );
    // Wrapped late, on an instance that already exists: attach now.
    attach(host.instance);
    if (host.instance?.initializeCalled?.()) source?.valuesChanged();
  });
  return handle;
}
