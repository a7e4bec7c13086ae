// Every test file runs this first (vitest.config.ts setupFiles): each plugin a test binds is
// detached after the test. A plugin listens to the page (pagehide, route changes) and hands
// Heap what it queued in tasks of its own: one left running would deliver into the next
// test's Heap. A page going away takes its plugins with it; this is the same for tests.
import { afterEach } from 'vitest';
import { StatsigHeapPlugin } from '../../src';

const live = new Set<StatsigHeapPlugin>();
const { bind } = StatsigHeapPlugin.prototype;
StatsigHeapPlugin.prototype.bind = function (this: StatsigHeapPlugin, client: object) {
  live.add(this);
  return bind.call(this, client);
};
afterEach(() => {
  for (const plugin of live) plugin.detach();
  live.clear();
});
