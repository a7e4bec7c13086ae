// @vitest-environment node
import { expect, test } from 'vitest';

test('on a server (no window) import and bind do nothing and throw nothing', async () => {
  expect(typeof window).toBe('undefined');
  const { StatsigHeapPlugin } = await import('../src');
  const plugin = new StatsigHeapPlugin({ debug: false });
  const client = {
    on: () => {},
    _logger: { enqueue: () => {}, incrementNonExposureCount: () => {} },
  };
  const { enqueue } = client._logger;
  expect(() => plugin.bind(client)).not.toThrow();
  expect(client._logger.enqueue).toBe(enqueue);
  expect(plugin.getStats()).toEqual({
    received: 0,
    forwarded: 0,
    filtered: 0,
    deduplicated: 0,
    dropped: 0,
    pending: 0,
    errors: 0,
    recovered: 0,
    heap: 'absent',
  });
});

test('on a server wrapStatsig leaves Statsig untouched', async () => {
  const { wrapStatsig } = await import('../src');
  const initialize = () => Promise.resolve();
  const statsig = { initialize };
  const handle = wrapStatsig(statsig, {});
  expect(statsig.initialize).toBe(initialize);
  expect(() => handle.detach()).not.toThrow();
});
