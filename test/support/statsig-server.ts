import type { AddressInfo } from 'node:net';
// @ts-expect-error the demo's stand-in is plain JavaScript, shared with the tests
import { listen, statsigStandIn } from '../../examples/demo/statsig-stand-in.mjs';

/**
 * The local Statsig stand-in on 127.0.0.1 (see examples/demo/statsig-stand-in.mjs): answers the SDKs'
 * own /v1/initialize with the values chosen for the requesting user and records /v1/rgstr
 * batches. `failLogs` makes the next N log requests fail with a retryable 503.
 */
export interface StatsigStandIn {
  api: string;
  logged: { eventName: string }[][];
  initializeRequests: number;
  failLogs: number;
  close(): Promise<void>;
}

export async function startStatsigStandIn(
  valuesFor: (user: Record<string, unknown>, hash: string) => object,
): Promise<StatsigStandIn> {
  const { state, handle } = statsigStandIn(valuesFor);
  const server = await listen(handle);
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    api: `http://127.0.0.1:${port}/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
