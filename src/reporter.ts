import type { StatsigHeapOptions, StatsigHeapStats } from './options';

/** Distinct errors reported to `onError` and `debug`; past this, errors are only counted. */
const MAX_REPORTED = 20;

/** The counts, and the one place that writes to the console (only under `debug`). */
export interface Reporter {
  readonly stats: Omit<StatsigHeapStats, 'heap'>;
  log(message: string, ...detail: unknown[]): void;
  /** Counts a drop and says why. */
  drop(reason: string, detail?: unknown): void;
  /**
   * Counts an error; reports each distinct one once, so a broken Heap retried every second
   * cannot flood the app's error tracker.
   */
  error(error: unknown): void;
}

export function createReporter(options: StatsigHeapOptions): Reporter {
  const stats = {
    received: 0,
    forwarded: 0,
    filtered: 0,
    deduplicated: 0,
    dropped: 0,
    pending: 0,
    errors: 0,
  };
  const reported = new Set<string>();
  const log = (message: string, ...detail: unknown[]) => {
    try {
      // biome-ignore lint/suspicious/noConsole: the debug option asks for console output
      if (options.debug) console.log(`[statsig-heap] ${message}`, ...detail);
    } catch {} // a broken console must not break the app
  };
  return {
    stats,
    log,
    drop(reason, detail) {
      stats.dropped++;
      log(`dropped (${reason})`, detail);
    },
    error(error) {
      stats.errors++;
      try {
        const text = String(error); // a hostile Proxy may throw here too
        if (reported.size < MAX_REPORTED && !reported.has(text)) {
          reported.add(text);
          log('error', error);
          options.onError?.(error);
        }
      } catch {} // the app's own handler threw: nothing more to do
    },
  };
}
