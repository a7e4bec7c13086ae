import type { Core, SentMaps } from './core';
import type { StatsigEventLike } from './heap-event';
import { createOnDeviceValues, ON_DEVICE_CALLS, type OnDeviceClientLike } from './on-device-values';
import { patchMethod } from './patch';

type Listener = (event: Record<string, unknown>) => void;

/** What the binding uses of a `@statsig/js-client` (or on-device) client: public names only. */
export interface ClientLike {
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
  sdkKey?: unknown;
  options?: { loggingEnabled?: unknown; disableLogging?: unknown };
}
/** The SDK's event logger: its public method names survive the CDN build's mangling. */
type LoggerLike = Record<string, unknown>;

/**
 * Connects one client to the core, in named steps, one concern each: find the SDK's logger,
 * hook it (or fall back to the flush event), follow its logging switch, the on-device path,
 * and the client's public events. `detach()` undoes them all (core.cleanups).
 */
export function bindClient(client: ClientLike, core: Core): void {
  const context = () => client.getContextHandle?.() ?? client.getContext?.();
  const patch = <S>(
    target: object,
    key: string,
    before: ((args: unknown[]) => S) | undefined,
    after: (args: unknown[], seen: S | undefined) => void,
  ) => {
    const undo = patchMethod(target, key, before, after, core.error);
    core.cleanups.push(undo);
    return undo;
  };
  const listen = (name: string, listener: Listener) => {
    const safe: Listener = (event) => {
      try {
        listener(event); // every check emits one: no closure per call
      } catch (e) {
        core.error(e);
      }
    };
    client.on?.(name, safe);
    core.cleanups.push(() => client.off?.(name, safe));
  };
  const sent: SentMaps = {};
  const onDevice =
    typeof (client as OnDeviceClientLike).getClientInitializeResponse === 'function'
      ? createOnDeviceValues(client as OnDeviceClientLike, core, sent)
      : undefined;

  /**
   * One event the SDK logged. `user`: its user before the SDK copied it: js-client's own copy
   * of the current user, which it never changes; on-device, the app's, which picks the values.
   */
  let statsigMetadata: { stableID?: unknown } = {};
  const forward = (event: StatsigEventLike, user?: unknown) => {
    const ctx = context();
    const stableID = ctx?.stableID;
    // One object while the stableID stays the same, not one per event.
    if (statsigMetadata.stableID !== stableID) statsigMetadata = { stableID };
    core.forward(event, {
      values: (onDevice ? onDevice.valuesFor(user ?? event.user) : ctx?.values) as never,
      statsigMetadata,
      project: ctx?.sdkKey,
      user: onDevice ? undefined : (user as object | undefined),
    });
  };
  const valuesChanged = () => {
    const ctx = context();
    core.valuesChanged(ctx?.values, ctx?.user, sent);
  };

  /** The SDK's event logger, found by shape: the CDN build mangles the `_logger` name. */
  const logger: LoggerLike | undefined = Object.values(client).find(
    (value) =>
      typeof value?.enqueue === 'function' && typeof value.incrementNonExposureCount === 'function',
  );
  const boundAt = Date.now();

  /**
   * Where the hook cannot work: the public flush event carries exactly what Statsig logged,
   * only later. Retries re-send the same event objects, so a WeakSet keeps each one once;
   * events from before binding (an earlier page's retries) are not ours, but those between
   * binding and a switch to this path are.
   */
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
    /**
     * The exact hook: the SDK copies the user of every event it keeps (to strip
     * privateAttributes) and leaves the ones it drops (de-duplicated, server-side) untouched:
     * that tells us, synchronously and exactly, which events Statsig itself will log.
     */
    const undo = patch(
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
    );
    // The SDK resets its logger at every initialize and user update: from then on the maps
    // go out again, even for the same user and values.
    patch(logger, 'reset', undefined, () => {
      for (const name in sent) delete sent[name];
    });
    // Statsig's own consent switch, followed through the logger's setters, which
    // updateRuntimeOptions calls: `loggingEnabled` (3.18+) or `disableLogging` (before).
    patch(logger, 'setLoggingEnabled', undefined, ([value]) =>
      core.statsigLogging(client, value !== 'disabled'),
    );
    patch(logger, 'setLoggingDisabled', undefined, ([value]) =>
      core.statsigLogging(client, !value),
    );
  } else forwardAtFlush('SDK logger not found');
  // A client shut down (an app making a new one, React StrictMode) holds nothing any more.
  patch(client, 'shutdown', undefined, () => core.statsigLogging(client, 'shut down'));
  // ... and as the app set it at start.
  const options = context()?.options;
  core.statsigLogging(
    client,
    (options?.loggingEnabled ?? (options?.disableLogging === true && 'disabled')) !== 'disabled',
  );

  // On-device: a user's maps go out at their first check, before any exposure of theirs.
  for (const name of onDevice ? ON_DEVICE_CALLS : []) {
    patch(
      client,
      name,
      ([, user]) => onDevice?.valuesFor(user),
      () => {},
    );
  }

  // The client's public events: names the app evaluates, and values becoming ready.
  const remember = (entity: unknown) => core.remember((entity as { name?: unknown })?.name);
  listen('gate_evaluation', (e) => remember(e['gate']));
  listen('experiment_evaluation', (e) => remember(e['experiment']));
  listen('dynamic_config_evaluation', (e) => remember(e['dynamicConfig']));
  listen(
    'values_updated',
    (e) => e['status'] === 'Ready' && (onDevice ? onDevice.reset() : valuesChanged()),
  );
  if (client.loadingStatus === 'Ready' && !onDevice) {
    core.log('bound late: checks before bind() not forwarded');
    valuesChanged();
  }
}
