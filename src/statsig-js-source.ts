import type { StatsigEventLike } from './heap-event';
import { patchMethod } from './patch';
import type { Pipeline } from './pipeline';
import type { Source } from './source';

/** What the source uses of a `statsig-js` 4.36+/5.x client instance (public method names). */
export interface LegacyClient {
  getLogger?: () => { queue?: unknown } | undefined;
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

/**
 * The source for one `statsig-js` 4.36+/5.x instance: every event it means to log goes
 * through its logger's `log`, after its own de-duplication (it drops them there while all
 * logging is disabled): the app's call hands the pipeline that event and the values of that
 * moment. Its values are reported per initialize or user update (`valuesChanged`).
 */
export function bindStatsigJs(instance: LegacyClient, pipeline: Pipeline) {
  const { cleanups, error } = pipeline;
  const patch = (
    target: object,
    key: string,
    after: (args: unknown[], seen: unknown, result: unknown) => void,
  ) => cleanups.push(patchMethod(target, key, undefined, after, error));
  // statsig-js changes its values object in place on a user update: the tables of the
  // moment are kept (four references, once per update, not per event).
  const snapshot = () => {
    const now = instance.getStore?.()?.userValues as Record<string, unknown> | undefined;
    return (
      now && {
        hash_used: now['hash_used'],
        feature_gates: now['feature_gates'],
        dynamic_configs: now['dynamic_configs'],
        layer_configs: now['layer_configs'],
      }
    );
  };
  let values = snapshot();
  const source: Source = {
    sent: {},
    resets: 0,
    describe() {
      const meta = instance.getStatsigMetadata?.() ?? {};
      return {
        statsigMetadata: {
          sdkType: meta['sdkType'],
          sdkVersion: meta['sdkVersion'],
          stableID: meta['stableID'],
        },
        project: instance.getSDKKey?.(),
      };
    },
  };
  const unlist = pipeline.bind(source);
  cleanups.push(unlist);
  // Before 4.36 statsig-js keys its values by sha256: no names to read, no unit types.
  const [major, minor] = String(instance.getStatsigMetadata?.()?.['sdkVersion'])
    .split('.')
    .map(Number);
  if ((major as number) * 1000 + (minor as number) < 4036) {
    error(new Error('statsig-heap: statsig-js before 4.36 is not supported'));
  }
  // Its consent switch: while all logging is disabled, the plugin holds (unless the app
  // manages consent), and delivers once `reenableAllLogging()` turns it back on.
  const statsigOptions = instance.getOptions?.();
  pipeline.statsigLogging(instance, !statsigOptions?.isAllLoggingDisabled?.());
  if (statsigOptions) {
    patch(statsigOptions, 'reenableAllLogging', () => pipeline.statsigLogging(instance, true));
  }
  // Shut down (before a new initialize), it holds nothing any more, and the next instance
  // decides Heap's identity.
  patch(instance, 'shutdown', () => {
    unlist();
    pipeline.statsigLogging(instance, 'shut down');
  });
  const logger = instance.getLogger?.();
  if (logger) {
    patch(logger, 'log', ([event]) =>
      pipeline.event(source, event as StatsigEventLike, undefined, values),
    );
    // Wrapped late: what it still holds, not yet sent, goes first.
    const held = logger.queue;
    if (Array.isArray(held)) pipeline.recover(source, held, values);
  } else pipeline.log('statsig-js logger not found');
  for (const method of EVALUATIONS) patch(instance, method, ([name]) => pipeline.remember(name));
  const valuesChanged = () => {
    source.resets++; // statsig-js reports values once per initialize or user update
    values = snapshot();
    pipeline.values(source, instance.getCurrentUser?.(), values);
  };
  const afterUpdate = (_args: unknown[], _seen: unknown, result: unknown) => {
    // The app handles its own rejection; ours must not surface as unhandled.
    if (typeof (result as Promise<unknown>)?.then === 'function') {
      (result as Promise<unknown>).then(
        () => pipeline.guard(valuesChanged),
        () => {},
      );
    } else valuesChanged();
  };
  patch(instance, 'updateUser', afterUpdate);
  patch(instance, 'updateUserWithValues', valuesChanged);
  return { afterUpdate, valuesChanged };
}
