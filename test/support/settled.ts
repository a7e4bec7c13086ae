import type { StatsigHeapHandle, StatsigHeapStats } from '../../src';

/**
 * The counts once the plugin has handed Heap what it may take now (`flush()`, public): what
 * the app's calls so far came to. The app's call only queues; the plugin delivers in a task
 * of its own, or at once on flush, a route change and the page going.
 */
export function settledStats(handle: StatsigHeapHandle): StatsigHeapStats {
  handle.flush();
  return handle.getStats();
}
