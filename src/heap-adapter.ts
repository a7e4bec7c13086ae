import { getWindow } from './environment';
import type { HeapLike, StatsigHeapOptions } from './options';
import type { Reporter } from './reporter';

declare global {
  interface Window {
    /** Heap's snippet stub (classic: an array; v5: an object feeding `heapReadyCb`) or library. */
    heap?: HeapLike & { loaded?: boolean };
  }
}

export type HeapMethod = Exclude<keyof HeapLike, 'identity' | 'getIdentity'>;

export interface HeapAdapter {
  /** Queues one call (bounded, oldest out) and delivers what it can. */
  send(method: HeapMethod, args: unknown[]): void;
  deliver(): void;
  /** Drops everything held, with the reason. */
  clear(reason: string): void;
  /** Holds calls even when Heap is there (consent pending). */
  hold(held: boolean): void;
}

/**
 * Owns `window.heap`: resolves it at call time (classic snippet, v5 snippet or the loaded
 * library all have the stub methods), holds calls in order while it is absent, and delivers
 * them once it appears, checking again every second. Every call counts in the stats.
 */
export function createHeapAdapter(
  options: StatsigHeapOptions,
  { stats, log, drop, error }: Reporter,
): HeapAdapter {
  const queue: [HeapMethod, unknown[]][] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let held = false;
  /** The identity this plugin gave Heap last: it may replace its own, never the app's. */
  let ours: unknown;
  const dropFirst = (reason: string) => {
    stats.pending--;
    drop(reason, queue.shift());
  };
  const deliver = () => {
    if (held || !queue.length) return;
    const option = options.heap;
    let heap: HeapLike | null | undefined;
    let ready = false;
    try {
      heap = typeof option === 'function' ? option() : (option ?? getWindow()?.heap);
      // Before `heap.load()` the snippet has no stub methods yet: that is still "absent".
      // identify 'anonymous' needs Heap's identity, which only the loaded library knows:
      // until then (the snippet's stub is an array) calls wait here, in order.
      ready =
        typeof heap?.track === 'function' &&
        !(options.identify === 'anonymous' && Array.isArray(heap));
    } catch (e) {
      error(e); // the app's `heap` function, or a getter on it, threw: treated as absent
    }
    if (!ready) {
      if (!timer) {
        timer = setTimeout(() => {
          timer = undefined;
          deliver(); // never throws: it runs outside any app call, so it must not
        }, 1000);
      }
      return;
    }
    while (queue.length) {
      const [method, args] = queue.shift() as [HeapMethod, unknown[]];
      stats.pending--;
      try {
        const h = heap as HeapLike;
        // Only the loaded library is asked (a v5 stub would queue the question as a call).
        const identity =
          options.identify === 'anonymous' &&
          method === 'identify' &&
          (h.getIdentity?.() ?? h.identity);
        if (identity && identity !== ours) {
          drop('Heap has an identity the app set: kept', args);
          continue;
        }
        (heap as Record<HeapMethod, (...a: unknown[]) => void>)[method].apply(heap, args);
        if (method === 'identify') ours = args[0];
        stats.forwarded++;
        log(`heap.${method}`, args);
      } catch (e) {
        // A missing method, or one whose getter or body throws: one call, dropped once.
        error(e);
        drop('Heap threw', args);
      }
    }
  };
  return {
    send(method, args) {
      stats.pending++;
      if (queue.push([method, args]) > (options.bufferSize as number)) dropFirst('buffer full');
      deliver();
    },
    deliver,
    clear(reason) {
      while (queue.length) dropFirst(reason);
    },
    hold(value) {
      held = value;
      deliver();
    },
  };
}
