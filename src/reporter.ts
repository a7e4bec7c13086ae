import type { StatsigHeapOptions, StatsigHeapStats } from './options';

/** Distinct errors reported to `onError` and `debug`; past this, errors are only counted. */
const MAX_REPORTED = 20;

export type Counts = Omit<StatsigHeapStats, 'heap'>;
/** Where a call that was pending ends. */
export type Outcome = 'forwarded' | 'filtered' | 'deduplicated' | 'dropped';

/**
 * The one place that counts, and the one place that writes to the console (only under
 * `debug`). A call is `received` and `pending` when the plugin means to make it, and leaves
 * `pending` exactly once, for one outcome: `received = forwarded + filtered + deduplicated +
 * dropped + pending` holds by construction, at every moment.
 */
export interface Reporter {
  readonly counts: Readonly<Counts>;
  /** `n` calls the plugin means to make to Heap; `recovered`: events Statsig still held. */
  add(n?: number, recovered?: boolean): void;
  /** One pending call ends: said under `debug` with `why` (drops) or the event. */
  settle(outcome: Outcome, why?: string, detail?: unknown): void;
  /** A call dropped before it was ever pending (added and settled at once). */
  drop(why: string, detail?: unknown): void;
  log(message: string, ...detail: unknown[]): void;
  /**
   * Counts an error; reports each distinct one once, so a broken Heap retried over and over
   * cannot flood the app's error tracker.
   */
  error(error: unknown): void;
}

export function createReporter(options: StatsigHeapOptions): Reporter {
  const counts: Counts = {
    received: 0,
    forwarded: 0,
    filtered: 0,
    deduplicated: 0,
    dropped: 0,
    pending: 0,
    errors: 0,
    recovered: 0,
  };
  const reported = new Set<string>();
  const log = (message: string, ...detail: unknown[]) => {
    try {
      // biome-ignore lint/suspicious/noConsole: the debug option asks for console output
      if (options.debug) console.log(`[statsig-heap] ${message}`, ...detail);
    } catch {} // a broken console must not break the app
  };
  const add = (n = 1, recovered?: boolean) => {
    counts.received += n;
    counts.pending += n;
    if (recovered) counts.recovered += n;
  };
  const settle = (outcome: Outcome, why?: string, detail?: unknown) => {
    counts.pending--;
    counts[outcome]++;
    if (outcome === 'dropped') log(`dropped (${why})`, detail);
    else if (outcome !== 'forwarded') log(outcome, detail);
  };
  return {
    counts,
    add,
    settle,
    drop(why, detail) {
      add();
      settle('dropped', why, detail);
    },
    log,
    error(error) {
      counts.errors++;
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
