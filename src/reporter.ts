import type { StatsigHeapOptions, StatsigHeapStats } from './options';

/** The one place that writes to the console, only under `debug`, and that reports errors. */
export interface Reporter {
  readonly stats: StatsigHeapStats;
  log(message: string, detail?: unknown): void;
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
  const log = (message: string, detail?: unknown): void => {
    if (!options.debug) return;
    try {
      // biome-ignore lint/suspicious/noConsole: the debug option asks for console output
      console.log(`[statsig-heap] ${message}`, ...(detail === undefined ? [] : [detail]));
    } catch {
      // a broken console must not break the app
    }
  };
  return {
    stats,
    log,
    error(error) {
      stats.errors++;
      log('error', error);
      try {
        options.onError?.(error);
      } catch {
        // the app's own handler threw: nothing more to do
      }
    },
  };
}
