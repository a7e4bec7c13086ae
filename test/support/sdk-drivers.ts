import { StatsigClient } from '@statsig/js-client';
import Statsig from 'statsig-js';
import {
  type StatsigHeapHandle,
  type StatsigHeapOptions,
  StatsigHeapPlugin,
  wrapStatsig,
} from '../../src';
import { initializeResponse, USER } from './statsig-values';

/**
 * The same app actions, written once, performed through either Statsig SDK, so one table of
 * cases can show that both give Heap the same calls.
 */
export interface SdkDriver {
  name: string;
  /**
   * `sdkKey`: the Statsig project. Not given: the lowest key no running client has, so a page
   * reloaded (stopped, started again) is the same project and two at once are two.
   */
  start(
    options: StatsigHeapOptions,
    user: Record<string, unknown>,
    values: object,
    sdkKey?: string,
  ): Promise<StatsigHeapHandle>;
  checkGate(name: string): boolean;
  checkGateNoExposure(name: string): boolean;
  getExperiment(name: string): unknown;
  getExperimentNoExposure(name: string): unknown;
  getConfig(name: string): unknown;
  getLayer(name: string): { get(param: string): unknown };
  getLayerNoExposure(name: string): { get(param: string): unknown };
  logEvent(name: string, value?: string | number, metadata?: Record<string, string>): void;
  updateUser(user: Record<string, unknown>, values: object): Promise<void>;
  /** The page goes: `pagehide` (the plugin hands Heap what it holds), then Statsig stops. */
  stop(): Promise<void>;
}

/**
 * SDK keys of the running clients. A new client takes the lowest free one, so a page
 * reloaded (stopped, then started again) is the same Statsig project, and two clients
 * running at once are two projects, as Statsig allows one client per key on a page.
 */
const keysInUse = new Set<string>();
function freeKey(prefix: string): string {
  let n = 1;
  while (keysInUse.has(`${prefix}-${n}`)) n++;
  keysInUse.add(`${prefix}-${n}`);
  return `${prefix}-${n}`;
}

export function jsClientDriver(): SdkDriver {
  let client: StatsigClient;
  let plugin: StatsigHeapPlugin;
  let key = '';
  return {
    name: '@statsig/js-client',
    async start(options, user, values, sdkKey) {
      plugin = new StatsigHeapPlugin(options);
      key = sdkKey ?? freeKey('client-driver');
      client = new StatsigClient(key, user, {
        networkConfig: { preventAllNetworkTraffic: true },
        plugins: [plugin],
      });
      client.dataAdapter.setData(JSON.stringify(values));
      client.initializeSync();
      return plugin;
    },
    checkGate: (name) => client.checkGate(name),
    checkGateNoExposure: (name) => client.checkGate(name, { disableExposureLog: true }),
    getExperiment: (name) => client.getExperiment(name).value,
    getExperimentNoExposure: (name) =>
      client.getExperiment(name, { disableExposureLog: true }).value,
    getConfig: (name) => client.getDynamicConfig(name).value,
    getLayer: (name) => ({ get: (param) => client.getLayer(name).get(param) }),
    getLayerNoExposure: (name) => ({
      get: (param) => client.getLayer(name, { disableExposureLog: true }).get(param),
    }),
    logEvent: (name, value, metadata) => client.logEvent(name, value, metadata),
    async updateUser(user, values) {
      client.dataAdapter.setData(JSON.stringify(values));
      client.updateUserSync(user as never);
    },
    async stop() {
      keysInUse.delete(key);
      window.dispatchEvent(new Event('pagehide'));
      await client.shutdown();
      plugin.detach(); // the page is gone, and its plugin with it
    },
  };
}

export function statsigJsDriver(): SdkDriver {
  let handle: StatsigHeapHandle;
  let key = '';
  return {
    name: 'statsig-js',
    async start(options, user, values, sdkKey) {
      handle = wrapStatsig(Statsig, options);
      key = sdkKey ?? freeKey('client-legacy');
      await Statsig.initialize(key, user, {
        initializeValues: values as never,
        localMode: true,
        disableAutoMetricsLogging: true,
      });
      return handle;
    },
    checkGate: (name) => Statsig.checkGate(name),
    checkGateNoExposure: (name) => Statsig.checkGateWithExposureLoggingDisabled(name),
    getExperiment: (name) => Statsig.getExperiment(name).value,
    getExperimentNoExposure: (name) => Statsig.getExperimentWithExposureLoggingDisabled(name).value,
    getConfig: (name) => Statsig.getConfig(name).value,
    getLayer: (name) => ({ get: (param) => Statsig.getLayer(name).get(param, null) }),
    getLayerNoExposure: (name) => ({
      get: (param) => Statsig.getLayerWithExposureLoggingDisabled(name).get(param, null),
    }),
    logEvent: (name, value, metadata) => Statsig.logEvent(name, value ?? null, metadata ?? null),
    async updateUser(user, values) {
      Statsig.updateUserWithValues(user, values as never);
    },
    async stop() {
      keysInUse.delete(key);
      window.dispatchEvent(new Event('pagehide'));
      Statsig.shutdown();
      handle.detach();
    },
  };
}

/** Both SDKs, for `describe.each`. */
export const DRIVERS = [
  { sdk: '@statsig/js-client', makeDriver: jsClientDriver },
  { sdk: 'statsig-js', makeDriver: statsigJsDriver },
];

/** Starts an SDK through its driver and adds it to `running`, which the test's afterEach stops. */
export async function startDriver(
  running: SdkDriver[],
  makeDriver: () => SdkDriver,
  options: StatsigHeapOptions,
  user: Record<string, unknown> = USER,
  values: object = initializeResponse({ user }),
  sdkKey?: string,
) {
  const sdk = makeDriver();
  const handle = await sdk.start(options, user, values, sdkKey);
  running.push(sdk);
  return { sdk, handle };
}
