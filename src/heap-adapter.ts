import { getWindow } from './environment';
import type { HeapLike, HeapState, StatsigHeapOptions } from './options';
import type { Reporter } from './reporter';

declare global {
  interface Window {
    /** Heap's snippet stub (classic: an array; v5: an object feeding `heapReadyCb`) or library. */
    heap?: HeapLike;
  }
}

export type HeapMethod = Exclude<
  keyof HeapLike,
  'identity' | 'getIdentity' | 'getUserId' | 'loaded'
>;

export interface HeapAdapter {
  /** Queues one call (bounded, oldest out) and delivers what it can. */
  send(method: HeapMethod, args: unknown[]): void;
  deliver(): void;
  /** Where Heap stands now; calls its snippet held count as forwarded once it has loaded. */
  state(): HeapState;
  /** Drops everything held, with the reason. */
  clear(reason: string): void;
  /** Holds calls even when Heap is there (consent pending). */
  hold(held: boolean): void;
}

/**
 * These go out only through Heap's loaded library, once it has a user (`getUserId()`, set a
 * task after it loads and after each identity change): replayed from its snippet's queue, or
 * sent before that, they reach no Heap user.
 */
const NEEDS_LIBRARY: readonly string[] = ['identify', 'addUserProperties'];

/**
 * Owns `window.heap`: resolves it at call time and delivers calls in order. Absent: calls wait
 * here. Heap's snippet without its library (an ad blocker, a failed load): it gets at most
 * `bufferSize` calls, the rest wait here, and none counts as forwarded until the library has
 * loaded. Loaded (or an object the app gave): calls go straight through. Checks again every
 * second while calls wait here. A Heap call is never re-entered, and a promise it returns
 * never rejects unhandled.
 */
export function createHeapAdapter(
  options: StatsigHeapOptions,
  { stats, log, drop, error }: Reporter,
): HeapAdapter {
  const limit = options.bufferSize as number;
  const queue: [HeapMethod, unknown[]][] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let held = false;
  let calling = false;
  /** Calls handed to the snippet: pending until its library loads and replays them. */
  let inSnippet = 0;
  let saidSnippet = false;
  /** Since when identify / addUserProperties wait for Heap's user. */
  let userWait: number | undefined;
  /** The identity this plugin gave Heap last: it may replace its own, never the app's. */
  let ours: unknown;

  /** `quiet`: asked by getStats(), which must not count the same broken Heap again. */
  const resolve = (quiet?: boolean): [HeapLike | undefined, HeapState] => {
    try {
      const option = options.heap;
      const heap = typeof option === 'function' ? option() : (option ?? getWindow()?.heap);
      // Before `heap.load()` the snippet has no stub methods yet: that is still "absent".
      if (typeof heap?.track !== 'function') return [undefined, 'absent'];
      const snippet = Array.isArray(heap) || heap.loaded === false;
      if (!snippet && inSnippet) {
        stats.pending -= inSnippet; // the library has replayed them
        stats.forwarded += inSnippet;
        inSnippet = 0;
        log('Heap’s library has loaded');
      }
      return [heap, snippet ? 'snippet' : 'loaded'];
    } catch (e) {
      // The app's `heap` function, or a getter on it, threw: treated as absent.
      if (!quiet) error(e);
      return [undefined, 'absent'];
    }
  };
  /** A read of Heap's state (getUserId, its identity) that throws is reported, and unknown. */
  const ask = (read: () => unknown) => {
    try {
      return read();
    } catch (e) {
      error(e);
    }
  };
  const dropFirst = (reason: string) => {
    stats.pending--;
    drop(reason, queue.shift());
  };
  const deliver = () => {
    // From inside our own Heap call the outer loop goes on; held or empty: nothing to do.
    if (calling || held || !queue.length) return;
    const [heap, state] = resolve();
    while (heap && queue.length) {
      const [method, args] = queue[0] as [HeapMethod, unknown[]];
      // identify 'anonymous' needs Heap's identity, which only the loaded library knows.
      const needsLibrary = NEEDS_LIBRARY.includes(method);
      if (state === 'snippet') {
        if (inSnippet >= limit || needsLibrary || options.identify === 'anonymous') {
          if (!saidSnippet)
            log('Heap’s library has not loaded: calls wait (README: Troubleshooting)');
          saidSnippet = true;
          break;
        }
      } else if (needsLibrary) {
        // heap.js has no user yet (just loaded, or just switched): they would reach none. A
        // Heap that gets none (tracking stopped) is waited for 5 s, not forever.
        if (ask(() => heap.getUserId && !heap.getUserId())) {
          userWait ??= Date.now();
          if (Date.now() - userWait < 5000) break;
        } else userWait = undefined;
      }
      queue.shift();
      // Only the loaded library is asked (a v5 stub would queue the question as a call).
      const identity =
        options.identify === 'anonymous' &&
        method === 'identify' &&
        ask(() => heap.getIdentity?.() ?? heap.identity);
      if (identity && identity !== ours) {
        stats.pending--;
        drop('Heap has an identity the app set: kept', args);
        continue;
      }
      let failure: unknown[] | undefined;
      let result: unknown;
      calling = true;
      try {
        result = (heap[method] as (...a: unknown[]) => unknown).apply(heap, args);
      } catch (e) {
        failure = [e]; // a missing method, or one whose getter or body throws
      }
      calling = false;
      if (failure) {
        stats.pending--;
        drop('Heap threw', args);
        error(failure[0]);
        continue;
      }
      if (state === 'snippet') inSnippet++;
      else {
        stats.pending--;
        stats.forwarded++;
      }
      if (method === 'identify') ours = args[0];
      if (options.debug) log(`heap.${method}`, ...args); // no string built per call otherwise
      try {
        // A Heap that returns a promise: its rejection is reported, never left unhandled.
        (result as Promise<unknown> | undefined)?.then?.(undefined, error);
      } catch (e) {
        error(e);
      }
    }
    if (!timer && !held && queue.length) {
      timer = setTimeout(() => {
        timer = undefined;
        deliver(); // never throws: it runs outside any app call, so it must not
      }, 1000);
    }
  };
  return {
    send(method, args) {
      // The app's Heap called back into Statsig, which called us: not forwarded again.
      if (calling) return drop('sent from inside a Heap call', args);
      stats.pending++;
      if (queue.push([method, args]) > limit) dropFirst('buffer full');
      deliver();
    },
    deliver,
    state: () => resolve(true)[1],
    clear(reason) {
      while (queue.length) dropFirst(reason);
      clearTimeout(timer);
      timer = undefined;
    },
    hold(value) {
      held = value;
      deliver();
    },
  };
}
