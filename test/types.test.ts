import { StatsigClient, type StatsigOptions } from '@statsig/js-client';
import Statsig from 'statsig-js';
import { expect, test } from 'vitest';
import {
  type StatsigHeapHandle,
  type StatsigHeapOptions,
  StatsigHeapPlugin,
  wrapStatsig,
} from '../src';

// Type-level checks (npm test type-checks this file): the public API fits the real SDKs'
// types under strict settings, as a TypeScript user writes it.
test('StatsigHeapPlugin fits the plugins option; wrapStatsig takes statsig-js', () => {
  const options: StatsigHeapOptions = {
    dedupe: 'first',
    consent: 'pending',
    eventNames: { purchase: 'Purchase' },
  };
  const plugin = new StatsigHeapPlugin(options);
  const plugins: NonNullable<StatsigOptions['plugins']> = [plugin];
  const client = new StatsigClient(
    'client-types',
    { userID: 'u' },
    {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: [...plugins, new StatsigHeapPlugin()],
    },
  );
  const handle: StatsigHeapHandle = wrapStatsig(Statsig, {});
  expect(plugin.__plugin).toBe('statsig-heap');
  handle.detach();
  void client.shutdown();
});
