import { createCore } from './core';
import { getWindow } from './environment';
import type { StatsigEventLike } from './heap-event';
import type { StatsigHeapHandle, StatsigHeapOptions } from './options';
import { patchMethod } from './patch';

/** What the wrapper uses of a `statsig-js` 4.36+/5.x client instance (public method names). */
interface LegacyClient {
  getLogger?: () => object | undefined;
  getOptions?: () => LegacyOptions | undefined;
  getSDKKey?: () => string;
  /** 4.36 and later: the values of the current user, as the initialize response gave them. */
  getStore?: () => { userValues?: unknown } | undefined;
  getCurrentUser?: () => unknown;
  getStatsigMetadata?: () => Record<string, unknown> | undefined;
  initializeCalled?: () => boolean;
}

/** statsig-js's logging switch: `disableAllLogging`, turned back on by `reenableAllLogging()`. */
interface LegacyOptions {
  isAllLoggingDisabled?: () => boolean;
  reenableAllLogging?: () => void;
}

/** The methods whose first argument names a gate, config or experiment the app evaluates. */
const EVALUATIONS = ['checkGate', 'getFeatureGate', 'getConfig', 'getExperiment'].flatMap(
  (name) => [name, `${name}WithExposureLoggingDisabled`],
);

const wrapped = new WeakMap<object, StatsigHeapHandle>();

/**
 * The adapter for `statsig-js` 4.36+/5.x (npm default export, or `window.statsig`): patches the
 * static Statsig object in place, so app code stays as it is. Call it before `initialize`.
 * Calling it again on the same object returns the first handle.
 */
export function wrapStatsig(statsig: object, options?: StatsigHeapOptions): StatsigHeapHandle {
  const existing = statsig && wrapped.get(statsig);
  if (existing) return existing;
  const core = createCore(options ?? {});
  const { guard, cleanups } = core;
  guard(() => {
    if (!getWindow() || !statsig) return;
    if (typeof (statsig as { initialize?: unknown }).initialize !== 'function') {
      core.error(new Error('statsig-heap: wrapStatsig needs statsig-js'));
    }
    wrapped.set(statsig, core);
    cleanups.push(() => wrapped.delete(statsig));
    const attached = new WeakSet<object>();
    const host = statsig as { instance?: LegacyClient | null };
    let client: LegacyClient | undefined;

    // Read where statsig-js keeps them, at each use: no copy, no parse.
    const currentValues = () => client?.getStore?.()?.userValues;
    // statsig-js reports values once per initialize or user update: each sends the maps.
    const valuesChanged = () => {
      core.valuesChanged(currentValues(), client?.getCurrentUser?.(), {});
    };
    const afterUpdate = (_args: unknown[], _seen: unknown, result: unknown) => {
      // The app handles its own rejection; ours must not surface as unhandled.
      if (typeof (result as Promise<unknown>)?.then === 'function') {
        (result as Promise<unknown>).then(
          () => guard(valuesChanged),
          () => {},
        );
      } else valuesChanged();
    };
    const attach = (instance: LegacyClient | null | undefined) => {
      if (!instance || attached.has(instance)) return;
      attached.add(instance);
      client = instance;
      // Before 4.36 statsig-js keys its values by sha256: no names to read, no unit types.
      const [major, minor] = String(instance.getStatsigMetadata?.()?.['sdkVersion'])
        .split('.')
        .map(Number);
      if ((major as number) * 1000 + (minor as number) < 4036) {
        core.error(new Error('statsig-heap: statsig-js before 4.36 is not supported'));
      }
      // Its consent switch: while all logging is disabled, the plugin holds (unless the app
      // manages consent), and delivers once `reenableAllLogging()` turns it back on.
      const statsigOptions = instance.getOptions?.();
      core.statsigLogging(instance, !statsigOptions?.isAllLoggingDisabled?.());
      if (statsigOptions) {
        cleanups.push(
          patchMethod(
            statsigOptions,
            'reenableAllLogging',
            undefined,
            () => core.statsigLogging(instance, true),
            core.error,
          ),
        );
      }
      // Shut down (before a new initialize), it holds nothing any more.
      cleanups.push(
        patchMethod(
          instance,
          'shutdown',
          undefined,
          () => core.statsigLogging(instance, 'shut down'),
          core.error,
        ),
      );
      const logger = instance.getLogger?.();
      if (logger) {
        // Every event statsig-js means to log goes through logger.log, after its own
        // de-duplication (it drops them there while all logging is disabled).
        cleanups.push(
          patchMethod(
            logger,
            'log',
            undefined,
            ([event]) => {
              const meta = instance.getStatsigMetadata?.() ?? {};
              core.forward(event as StatsigEventLike, {
                values: currentValues() as never,
                statsigMetadata: {
                  sdkType: meta['sdkType'],
                  sdkVersion: meta['sdkVersion'],
                  stableID: meta['stableID'],
                },
                project: instance.getSDKKey?.(),
              });
            },
            core.error,
          ),
        );
      } else core.log('statsig-js logger not found');
      for (const method of EVALUATIONS) {
        cleanups.push(
          patchMethod(instance, method, undefined, ([name]) => core.remember(name), core.error),
        );
      }
      cleanups.push(
        patchMethod(instance, 'updateUser', undefined, afterUpdate, core.error),
        patchMethod(instance, 'updateUserWithValues', undefined, valuesChanged, core.error),
      );
    };

    cleanups.push(
      patchMethod(
        statsig,
        'initialize',
        undefined,
        (args, seen, result) => {
          attach(host.instance); // statsig-js creates the instance synchronously
          afterUpdate(args, seen, result);
        },
        core.error,
      ),
    );
    // Wrapped late, on an instance that already exists: attach now.
    attach(host.instance);
    if (host.instance?.initializeCalled?.()) valuesChanged();
  });
  return core;
}
