import { djb2 } from './djb2';
import { getWindow } from './environment';
import type { StatsigEventLike } from './heap-event';
import { createOnDeviceValues, ON_DEVICE_CALLS, type OnDeviceClientLike } from './on-device-values';
import { patchMethod } from './patch';
import type { Pipeline } from './pipeline';
import type { Source } from './source';

type Listener = (event: Record<string, unknown>) => void;

/** What the source uses of a `@statsig/js-client` (or on-device) client: public names only. */
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

/** The SDK's event logger, found by shape: the CDN build mangles the `_logger` name. */
export const findLogger = (client: object): LoggerLike | undefined =>
  Object.values(client).find(
    (value) =>
      typeof value?.enqueue === 'function' && typeof value.incrementNonExposureCount === 'function',
  );

/**
 * The events the logger still holds, not yet sent, by shape: its pending queue (3.32+, an
 * object with `takeAll`, around an array) or, before, its own array of events.
 */
const heldEvents = (logger: LoggerLike): StatsigEventLike[] => {
  for (const value of Object.values(logger) as Record<string, unknown>[]) {
    const list =
      typeof value?.takeAll === 'function' ? Object.values(value).find(Array.isArray) : value;
    if (Array.isArray(list) && list.length && list.every((event) => event?.eventName)) return list;
  }
  return [];
};

/**
 * What Statsig kept in the browser while its logging was disabled (its own stored list,
 * per SDK key), from before `since`: sent once logging is enabled, and so forwarded then.
 */
const storedEvents = (sdkKey: unknown, since: number): StatsigEventLike[] => {
  try {
    const list = JSON.parse(
      getWindow()?.localStorage.getItem(`statsig.pending_events.${djb2(String(sdkKey))}`) ?? '[]',
    );
    return Array.isArray(list) ? list.filter((event) => event?.time < since) : [];
  } catch {
    return [];
  }
};

/**
 * The source for `@statsig/js-client` 3.x and the on-device client: connects one client to
 * the pipeline, in named steps. The app's call (the logger's `enqueue`) only hands the
 * pipeline the event, the user and the values of that moment. Returns the undo of every step.
 */
export function bindJsClient(
  client: ClientLike,
  pipeline: Pipeline,
  recoverHeld = true,
): () => void {
  const { error, log } = pipeline;
  const cleanups: (() => void)[] = [];
  const context = () => client.getContextHandle?.() ?? client.getContext?.();
  const patch = <S>(
    target: object,
    key: string,
    before: ((args: unknown[]) => S) | undefined,
    after: (args: unknown[], seen: S | undefined) => void,
  ) => {
    const undo = patchMethod(target, key, before, after, error);
    cleanups.push(undo);
    return undo;
  };
  const listen = (name: string, listener: Listener) => {
    const safe: Listener = (event) => pipeline.guard(() => listener(event));
    client.on?.(name, safe);
    cleanups.push(() => client.off?.(name, safe));
  };
  const boundAt = Date.now();
  const onDevice =
    typeof (client as OnDeviceClientLike).getClientInitializeResponse === 'function'
      ? createOnDeviceValues(client as OnDeviceClientLike)
      : undefined;
  const source: Source = {
    sent: {},
    resets: 0,
    describe() {
      let meta: { stableID?: unknown; sdkKey?: unknown } = {};
      try {
        const ctx = context();
        meta = { stableID: ctx?.stableID, sdkKey: ctx?.sdkKey };
      } catch (e) {
        error(e); // the event goes without its stableID rather than not at all
      }
      return { statsigMetadata: { stableID: meta.stableID }, project: meta.sdkKey };
    },
  };
  if (onDevice) source.valuesFor = onDevice.valuesFor;
  const unlist = pipeline.bind(source);
  cleanups.push(unlist);
  // Statsig's logging switch as the app set it at start.
  const options = context()?.options;
  let loggingOn =
    (options?.loggingEnabled ?? (options?.disableLogging === true && 'disabled')) !== 'disabled';
  /** The values the client holds now: read when they change, not per event. */
  let values = onDevice ? undefined : context()?.values;
  const valuesReady = () => pipeline.values(source, context()?.user, values);

  // The app's call: the SDK copies the user of every event it keeps (to strip
  // privateAttributes) and leaves the ones it drops (de-duplicated, server-side) untouched:
  // that tells, synchronously and exactly, which events Statsig itself will log. The user
  // before the copy is kept: js-client's own, which it never changes; on-device, the app's,
  // whose private attributes decide its values (the walker never sends them).
  const logger = findLogger(client);
  /** Events pushed, for on-device checks that log nothing (their user's maps still go). */
  let pushed = 0;
  const forwardAtFlush = (why: string) => {
    // The public flush event carries exactly what Statsig logged, only later. Retries re-send
    // the same event objects, so a WeakSet keeps each one once; events from before binding
    // (an earlier page's retries) are not ours.
    log(`${why}: forwarding at flush`);
    const seen = new WeakSet<object>();
    listen('pre_logs_flushed', ({ events }) => {
      for (const event of Array.isArray(events) ? (events as StatsigEventLike[]) : []) {
        if (event && !seen.has(event) && (event.time ?? boundAt) >= boundAt) {
          seen.add(event);
          pipeline.event(source, event, undefined, values);
        }
      }
    });
  };
  if (logger) {
    const undo = patch(
      logger,
      'enqueue',
      ([event]) => (event as StatsigEventLike | undefined)?.user,
      ([event], user) => {
        const e = event as StatsigEventLike;
        if (user && e.user !== user) {
          pushed++;
          pipeline.event(source, e, user, values);
        } else if (user && !String(e.eventName).startsWith('statsig::')) {
          // A custom event is always kept: its user not copied means this SDK build no
          // longer marks what it keeps. Stop guessing and use the flush event instead.
          undo();
          forwardAtFlush('SDK changed');
        }
      },
    );
    // The SDK resets its logger at every initialize and user update: from then on the maps
    // go out again, even for the same user and values.
    patch(logger, 'reset', undefined, () => source.resets++);
    // Statsig's own consent switch, followed through the logger's setters, which
    // updateRuntimeOptions calls: `loggingEnabled` (3.18+) or `disableLogging` (before).
    // Turned on, Statsig sends what it kept in the browser meanwhile: so does the plugin.
    const switched = (on: boolean) => {
      // From off to on only: Statsig sends what it kept in the browser meanwhile, once.
      if (on && !loggingOn && pipeline.followsStatsig()) {
        pipeline.recover(source, storedEvents(context()?.sdkKey, boundAt), values, true);
      }
      loggingOn = on;
      pipeline.statsigLogging(client, on);
    };
    patch(
      logger,
      'setLoggingEnabled',
      ([value]) => switched(value !== 'disabled'),
      () => {},
    );
    patch(
      logger,
      'setLoggingDisabled',
      ([value]) => switched(!value),
      () => {},
    );
  } else forwardAtFlush('SDK logger not found');
  // A client shut down (an app making a new one, React StrictMode) holds nothing any more,
  // and no longer decides Heap's identity: the next client bound does.
  patch(client, 'shutdown', undefined, () => {
    unlist();
    pipeline.statsigLogging(client, 'shut down');
  });
  pipeline.statsigLogging(client, loggingOn);

  // On-device: a user's maps go out at their first check, even one that logs nothing.
  for (const name of onDevice ? ON_DEVICE_CALLS : []) {
    patch(
      client,
      name,
      () => pushed,
      ([, user], before) => {
        if (before === pushed) pipeline.values(source, user);
      },
    );
  }

  // The client's public events: names the app evaluates, and values becoming ready.
  const remember = (entity: unknown) => pipeline.remember((entity as { name?: unknown })?.name);
  listen('gate_evaluation', (e) => remember(e['gate']));
  listen('experiment_evaluation', (e) => remember(e['experiment']));
  listen('dynamic_config_evaluation', (e) => remember(e['dynamicConfig']));
  listen('values_updated', (e) => {
    if (onDevice) {
      // New rules: every user's values and maps are new, and go out again, in order.
      if (e['status'] === 'Ready') source.resets++;
      return;
    }
    values = context()?.values;
    if (e['status'] === 'Ready') valuesReady();
  });
  if (pipeline.debug) {
    // A page that stays silent says why: the client's status, and what Statsig last reported.
    let lastError: unknown;
    listen('error', (e) => {
      lastError = e['error'] ?? e['tag'];
    });
    const timer = setTimeout(() => {
      if (!values && !onDevice) {
        log(
          `no Statsig values 3 s after binding (client status: ${client.loadingStatus}${lastError ? `; Statsig reported: ${lastError}` : ''}) (README: Troubleshooting)`,
        );
      }
    }, 3000);
    cleanups.push(() => clearTimeout(timer));
  }

  // Bound late, to a client already in use: what its logger still holds goes first (Statsig
  // has not sent it yet), then the values it has.
  if (logger && recoverHeld) pipeline.recover(source, heldEvents(logger), values);
  if (client.loadingStatus === 'Ready' && !onDevice) valuesReady();
  return () => {
    for (const cleanup of cleanups.splice(0)) pipeline.guard(cleanup);
  };
}
