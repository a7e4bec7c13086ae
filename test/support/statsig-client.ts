import { StatsigClient, type StatsigOptions } from '@statsig/js-client';
import { initializeResponse, USER } from './statsig-values';

let clients = 0;

/** A real StatsigClient on the SDK's bootstrap path: no network, values set before initializeSync. */
export function bootstrapClient(
  plugins: NonNullable<StatsigOptions['plugins']>,
  {
    user = USER as Record<string, unknown>,
    values = initializeResponse({ user }) as object,
    options = {} as StatsigOptions,
    // A Statsig project of the test's choosing; by default each client is a project of its own.
    sdkKey = `client-test-${++clients}`,
  } = {},
): StatsigClient {
  const client = new StatsigClient(sdkKey, user, {
    networkConfig: { preventAllNetworkTraffic: true },
    plugins,
    ...options,
  });
  client.dataAdapter.setData(JSON.stringify(values));
  client.initializeSync();
  return client;
}

/** Gives the client the values for `user` and switches to them, as an app would. */
export function switchUser(client: StatsigClient, user: Record<string, unknown>, values: object) {
  client.dataAdapter.setData(JSON.stringify(values));
  return client.updateUserSync(user as never);
}
