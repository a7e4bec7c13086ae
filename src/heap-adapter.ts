import { getWindow } from './environment';
import type { HeapLike, StatsigHeapOptions } from './options';
import type { Reporter } from './reporter';

declare global {
  interface Window {
    /** Heap's snippet stub (classic: an array; v5: an object feeding `heapReadyCb`) or library. */
    heap?: HeapLike & { loaded?: boolean };
  }
}

export type HeapMethod = Exclude<keyof HeapLike, never>;

/** One call to `window.heap`; every call counts in the stats, `track` or not. */
export interface HeapCall {
  method: HeapMethod;
  args: unknown[];
}

const POLL_MS = 1000;

/**
 * Owns `window.heap`: resolves it at call time, holds calls (bounded, in order) while it is
 * absent or while consent is pending, and delivers them once it can.
 */
export class HeapAdapter {
  private queue: HeapCall[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** True while consent is pending: calls wait even when Heap is there. */
  held = false;

  constructor(
    private readonly options: StatsigHeapOptions,
    private readonly reporter: Reporter,
  ) {}

  private resolve(): HeapLike | undefined {
    const option = this.options.heap;
    const heap = typeof option === 'function' ? option() : (option ?? getWindow()?.heap);
    // Before `heap.load()` the snippet has no stub methods yet: treat that as absent.
    return heap && typeof heap.track === 'function' ? heap : undefined;
  }

  send(call: HeapCall): void {
    const { stats } = this.reporter;
    this.queue.push(call);
    stats.pending++;
    if (this.queue.length > Math.max(1, this.options.bufferSize ?? 1000)) {
      this.drop(this.queue.shift(), 'buffer full, oldest call dropped');
    }
    this.deliver();
  }

  deliver(): void {
    if (this.held || this.queue.length === 0) return;
    const heap = this.resolve();
    if (!heap) {
      this.timer ??= setTimeout(() => {
        this.timer = undefined;
        this.deliver();
      }, POLL_MS);
      return;
    }
    for (let call = this.queue.shift(); call; call = this.queue.shift()) {
      this.reporter.stats.pending--;
      const method = heap[call.method] as ((...args: unknown[]) => void) | undefined;
      if (typeof method !== 'function') {
        this.drop(call, `heap.${call.method} is missing`, false);
        continue;
      }
      try {
        method.apply(heap, call.args);
      } catch (error) {
        this.reporter.error(error);
        this.drop(call, `heap.${call.method} threw`, false);
        continue;
      }
      this.reporter.stats.forwarded++;
      this.reporter.log(`heap.${call.method}`, call.args);
    }
  }

  /** Drops a call with a counted reason; `queued` when it was still counted as pending. */
  drop(call: HeapCall | undefined, reason: string, queued = true): void {
    if (!call) return;
    if (queued) this.reporter.stats.pending--;
    this.reporter.stats.dropped++;
    this.reporter.log(`dropped heap.${call.method} (${reason})`, call.args[0]);
  }

  /** Drops everything held (consent denied, detach). */
  clear(reason: string): void {
    for (const call of this.queue.splice(0)) this.drop(call, reason);
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
