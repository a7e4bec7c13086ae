import type { Core, SentMaps } from './core';
import type { EventContext, StatsigEventLike } from './heap-event';
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
/** One event as the SDK logged it, and its user as the app gave it (on-device: the values). */
type Forward = (event: StatsigEventLike, user?: unknown) => void;

/**
 * Connects one client to the core: its exposures and custom events, its values, its logging
 * switch. Each step below is one concern; `detach()` undoes them all (core.cleanups).
 */
export function bindClient(client: ClientLike, core: Core): void {
  const context = () => client.getContextHandle?.() ?? client.getContext?.();
  const sent: SentMaps = {};
  const onDevice =
    typeof (client as OnDeviceClientLike).getClientInitializeResponse === 'function'
      ? createOnDeviceValues(client as OnDeviceClientLike, core, sent)
      : undefined;
  /** `user`: the event's user before the SDK's copy (js-client: its own; on-device: the app's). */
  const forward: Forward = (event, user) => {
    const ctx = context();
    const eventContext: EventContext = {
      values: (onDevice ? onDevice.valuesFor(user ?? event.user) : ctx?.values) as never,
      statsigMetadata: { stableID: ctx?.stableID },
      project: ctx?.sdkKey,
      // js-client's own copy of its current user is never changed; the app's may be.
      user: onDevice ? undefined : (user as object | undefined),
    };
    core.forward(event, eventContext);
  };
  const valuesChanged = () => {
    const ctx = context();
    core.valuesChanged(ctx?.values, ctx?.user, sent);
  };
  /** A new initialize or update: the maps go out again, even the same ones. */
  const restart = () => {
    for (const name in sent) delete sent[name];
  };
  const logger = findLogger(client);
  const boundAt = Date.now();
  const fallBack = (why: string) => forwardAtFlush(client, core, forward, why, boundAt);
  if (logger) hookLogger(logger, core, forward, restart, () => fallBack('SDK changed'));
  else fallBack('SDK logger not found');
  followLoggingSwitch(client, logger, core, context()?.options);
  if (onDevice) {
    // On-device: a user's maps go out at their first check, before any exposure of theirs.
    for (const name of ON_DEVICE_CALLS) {
      core.cleanups.push(
        patchMethod(
          client,
          name,
          ([, user]) => onDevice.valuesFor(user),
          () => {},
          core.error,
        ),
      );
    }
  }
  listenToClient(client, core, () => (onDevice ? onDevice.reset() : valuesChanged()));
  if (client.loadingStatus === 'Ready' && !onDevice) {
    core.log('bound late: checks before bind() not forwarded');
    valuesChanged();
  }
}

/** The SDK's event logger, found by shape: the CDN build mangles the `_logger` name. */
function findLogger(client: object): LoggerLike | undefined {
  return Object.values(client).find(
    (value) =>
      typeof value?.enqueue === 'function' && typeof value.incrementNonExposureCount === 'function',
  );
}

/**
 * The exact hook: the SDK copies the user of every event it keeps (to strip
 * privateAttributes) and leaves the ones it drops (de-duplicated, server-side) untouched:
 * that tells us, synchronously and exactly, which events Statsig itself will log. The SDK
 * resets its logger at every initialize and user update: from then on the maps go out again.
 */
function hookLogger(
  logger: LoggerLike,
  core: Core,
  forward: Forward,
  restart: () => void,
  fallBack: () => void,
): void {
  const undo = patchMethod(
    logger,
    'enqueue',
    ([event]) => (event as StatsigEventLike | undefined)?.user,
    ([event], user) => {
      const e = event as StatsigEventLike;
      if (user && e.user !== user) forward(e, user);
      else if (user && !String(e.eventName).startsWith('statsig::')) {
        // A custom event is always kept: its user not copied means this SDK build no longer
        // marks what it keeps. Stop guessing and use the flush event instead.
        undo();
        fallBack();
      }
    },
    core.error,
  );
  core.cleanups.push(undo, patchMethod(logger, 'reset', undefined, restart, core.error));
}

/**
 * Where the hook cannot work: the public flush event carries exactly what Statsig logged,
 * only later. Retries re-send the same event objects, so a WeakSet keeps each one once;
 * events from before binding (an earlier page's retries) are not ours, but those between
 * binding and a switch to this path are.
 */
function forwardAtFlush(
  client: ClientLike,
  core: Core,
  forward: Forward,
  why: string,
  boundAt: number,
): void {
  core.log(`${why}: forwarding at flush`);
  const seen = new WeakSet<object>();
  listen(client, core, 'pre_logs_flushed', ({ events }) => {
    for (const event of Array.isArray(events) ? (events as StatsigEventLike[]) : []) {
      if (event && !seen.has(event) && (event.time ?? boundAt) >= boundAt) {
        seen.add(event);
        forward(event);
      }
    }
  });
}

/**
 * Statsig's own consent switch (`loggingEnabled`, or `disableLogging` before 3.18): read at
 * bind, then followed through the logger's setters, which `updateRuntimeOptions` calls.
 */
function followLoggingSwitch(
  client: object,
  logger: LoggerLike | undefined,
  core: Core,
  options: ContextLike['options'],
): void {
  const disabled =
    (options?.loggingEnabled ?? (options?.disableLogging === true && 'disabled')) === 'disabled';
  if (disabled) core.statsigLogging(client, false);
  for (const [setter, isOn] of [
    ['setLoggingEnabled', (value: unknown) => value !== 'disabled'],
    ['setLoggingDisabled', (value: unknown) => !value],
  ] as const) {
    if (logger) {
      core.cleanups.push(
        patchMethod(
          logger,
          setter,
          undefined,
          ([value]) => core.statsigLogging(client, isOn(value)),
          core.error,
        ),
      );
    }
  }
}

/** The client's public events: names the app evaluates, and values becoming ready. */
function listenToClient(client: ClientLike, core: Core, ready: () => void): void {
  const remember = (entity: unknown) => core.remember((entity as { name?: unknown })?.name);
  listen(client, core, 'gate_evaluation', (e) => remember(e['gate']));
  listen(client, core, 'experiment_evaluation', (e) => remember(e['experiment']));
  listen(client, core, 'dynamic_config_evaluation', (e) => remember(e['dynamicConfig']));
  listen(client, core, 'values_updated', (e) => e['status'] === 'Ready' && ready());
}

function listen(client: ClientLike, core: Core, name: string, listener: Listener): void {
  const safe: Listener = (event) => {
    try {
      listener(event); // every check emits one: no closure per call
    } catch (e) {
      core.error(e);
    }
  };
  client.on?.(name, safe);
  core.cleanups.push(() => client.off?.(name, safe));
}
