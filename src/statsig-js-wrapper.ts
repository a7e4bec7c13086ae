import { getWindow } from './environment';
import { Forwarder } from './forwarder';
import type { StatsigEventLike } from './heap-event';
import type { StatsigHeapHandle, StatsigHeapOptions } from './options';
import { patchMethod } from './patch';

/** What the wrapper uses of a `statsig-js` 4.x/5.x client instance (public method names). */
interface LegacyClient {
  getLogger?: () => object | undefined;
  getOptions?: () => { isAllLoggingDisabled?: () => boolean } | undefined;
  getInitializeResponseJson?: () => { values?: unknown } | undefined;
  getCurrentUser?: () => unknown;
  getStatsigMetadata?: () => Record<string, unknown> | undefined;
  initializeCalled?: () => boolean;
}

/** The methods whose first argument names a gate, config, experiment or layer. */
const EVALUATIONS = [
  'checkGate',
  'checkGateWithExposureLoggingDisabled',
  'getFeatureGate',
  'getConfig',
  'getConfigWithExposureLoggingDisabled',
  'getExperiment',
  'getExperimentWithExposureLoggingDisabled',
];

const wrapped = new WeakMap<object, StatsigHeapHandle>();

/**
 * The adapter for `statsig-js` 4.x/5.x (npm default export, or `window.statsig`): patches the
 * static Statsig object in place, so app code stays as it is. Call it before `initialize`.
 * Calling it again on the same object returns the first handle.
 */
export function wrapStatsig(statsig: object, options?: StatsigHeapOptions): StatsigHeapHandle {
  const existing = statsig && wrapped.get(statsig);
  if (existing) return existing;
  const core = new Forwarder(options ?? {});
  core.guard(() => {
    if (!getWindow() || !statsig) return;
    wrapped.set(statsig, core);
    const guard = core.guard.bind(core);
    const attached = new WeakSet<object>();
    let client: LegacyClient | undefined;
    let values: unknown;

    // Parsed once per initialize or user update, not per exposure.
    const currentValues = () => {
      if (values === undefined) {
        const json = client?.getInitializeResponseJson?.()?.values;
        values = typeof json === 'string' ? JSON.parse(json) : null;
      }
      return values;
    };
    const statsigMetadata = () => {
      const meta = client?.getStatsigMetadata?.() ?? {};
      return {
        sdkType: meta['sdkType'],
        sdkVersion: meta['sdkVersion'],
        stableID: meta['stableID'],
      };
    };
    const valuesChanged = () => {
      values = undefined;
      core.valuesChanged(currentValues(), client?.getCurrentUser?.());
    };
    const afterPromise = (result: unknown) => {
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          () => guard(valuesChanged),
          () => {}, // the app handles its own rejection; ours must not surface as unhandled
        );
      } else {
        valuesChanged();
      }
    };

    const attach = (instance: unknown) => {
      if (!instance || typeof instance !== 'object' || attached.has(instance)) return;
      attached.add(instance);
      client = instance as LegacyClient;
      values = undefined;
      const logger = client.getLogger?.();
      if (logger) {
        // Every event statsig-js keeps goes through logger.log, after its own de-duplication;
        // it returns early only when all logging is disabled.
        core.cleanups.push(
          patchMethod(
            logger,
            'log',
            ([event], _result, disabled) => {
              if (!disabled)
                core.forward(event as StatsigEventLike, currentValues(), statsigMetadata());
            },
            guard,
            () => client?.getOptions?.()?.isAllLoggingDisabled?.() === true,
          ),
        );
      } else {
        core.reporter.log('statsig-js logger not found: exposures cannot be forwarded');
      }
      for (const method of EVALUATIONS) {
        core.cleanups.push(patchMethod(instance, method, ([name]) => core.remember(name), guard));
      }
      core.cleanups.push(
        patchMethod(instance, 'updateUser', (_args, result) => afterPromise(result), guard),
        patchMethod(instance, 'updateUserWithValues', valuesChanged, guard),
      );
    };

    const host = statsig as { instance?: unknown };
    core.cleanups.push(
      patchMethod(
        statsig,
        'initialize',
        (_args, result) => {
          attach(host.instance); // statsig-js creates the instance synchronously
          afterPromise(result);
        },
        guard,
      ),
    );
    // Wrapped late, on an instance that already exists: attach now.
    if (host.instance) {
      attach(host.instance);
      if ((host.instance as LegacyClient).initializeCalled?.()) valuesChanged();
    }
    core.cleanups.push(() => wrapped.delete(statsig));
  });
  return core;
}
