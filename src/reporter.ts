import type { StatsigHeapOptions, StatsigHeapStats } from './options';

/** The stats, and the one place that writes to the console (only under `debug`). */
export interface Reporter {
  readonly stats: StatsigHeapStats;
  log(message: string, detail?: unknown): void;
  /** Counts a drop and says why. */
  drop(reason: string, detail?: unknown): void;
  error(error: unknown): void;
}

export function createReporter(options: StatsigHeapOptions): Reporter {
  const stats: StatsigHeapStats = {
    received: 0,
    forwarded: 0,
    filtered: 0,
    deduplicated: 0,
    dropped: 0,
    pending: 0,
    errors: 0,
  };
  const log = (message: string, detail?: unknown) => {
    try {
      // biome-ignore lint/suspicious/noConsole: the debug option asks for console output
      if (options.debug) console.log(`[statsig-heap] ${message}`, detail);
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
      log('error', error);
      try {
        options.onError?.(error);
      } catch {} // the app's own handler threw: nothing more to do
    },
  };
}
