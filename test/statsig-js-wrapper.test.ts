import Statsig from 'statsig-js';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { type StatsigHeapHandle, type StatsigHeapOptions, wrapStatsig } from '../src';
import {
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { type StatsigStandIn, startStatsigStandIn } from './support/statsig-server';
import { initializeResponse, USER, USER_2 } from './support/statsig-values';

let heap: HeapLibrary;
let handle: StatsigHeapHandle | undefined;
let keys = 0;

beforeEach(() => {
  removeHeap();
  installClassicSnippet();
  heap = loadHeapLibrary();
});
afterEach(() => {
  if (instance()) Statsig.shutdown();
  handle?.detach();
  handle = undefined;
});

async function start(
  options: StatsigHeapOptions = {},
  statsigOptions: Record<string, unknown> = {},
) {
  handle = wrapStatsig(Statsig, options);
  await Statsig.initialize(`client-legacy-test-${++keys}`, USER, {
    initializeValues: initializeResponse() as never,
    localMode: true,
    disableAutoMetricsLogging: true,
    ...statsigOptions,
  });
  return handle;
}
const names = () => heap.tracks().map(([n]) => n);
/** statsig-js keeps its client on a private static field. */
const instance = () => (Statsig as unknown as { instance: object | null }).instance;
const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);
async function makeInstance() {
  await Statsig.initialize(`client-legacy-test-${++keys}`, USER, {
    localMode: true,
    disableAutoMetricsLogging: true,
  });
  return instance() as object;
}

describe('wrapStatsig (statsig-js)', () => {
  test('exposures carry statsig-js’s own metadata and what it knows of itself', async () => {
    await start({ initializeEvents: false });
    Statsig.checkGate('new_checkout_flow');
    const [[, props]] = heap.tracks() as [[string, Record<string, unknown>]];
    expect(props).toEqual({
      userID: 'ada',
      unitID: 'userID',
      timestamp: expect.any(Number),
      timeUUID: expect.any(String),
      'metadata.gate': 'new_checkout_flow',
      'metadata.gateValue': 'true',
      'metadata.ruleID': 'rollout_50',
      // statsig-js's own verdict: the server evaluated the user without this browser's stableID.
      'metadata.reason': 'BootstrapStableIDMismatch',
      'metadata.time': expect.any(Number),
      'user.userID': 'ada',
      'user.email': 'ada@example.com',
      'user.custom.plan': 'pro',
      'user.customIDs.companyID': 'acme',
      'statsigMetadata.sdkType': 'js-client',
      'statsigMetadata.sdkVersion': expect.stringMatching(/^[45]\./),
      'statsigMetadata.stableID': Statsig.getStableID(),
    });
  });

  test('manuallyLog*Exposure calls are exposures too', async () => {
    await start({ initializeEvents: false });
    Statsig.manuallyLogGateExposure('beta_banner');
    Statsig.manuallyLogExperimentExposure('checkout_button_color');
    Statsig.manuallyLogLayerParameterExposure('homepage_layer', 'hero_title');
    expect(heap.tracks().map(([n, p]) => [n, p['metadata.isManualExposure']])).toEqual([
      ['statsig::gate_exposure', 'true'],
      ['statsig::experiment_exposure', 'true'],
      ['statsig::layer_exposure', 'true'],
    ]);
  });

  test('the app’s callbacks, return values and promises are exactly as without the wrapper', async () => {
    const initCompletionCallback = vi.fn();
    const evaluationCallback = vi.fn();
    const gateEvaluationCallback = vi.fn();
    handle = wrapStatsig(Statsig, {});
    const promise = Statsig.initialize(`client-legacy-test-${++keys}`, USER, {
      initializeValues: initializeResponse() as never,
      localMode: true,
      disableAutoMetricsLogging: true,
      initCompletionCallback,
      evaluationCallback,
      gateEvaluationCallback,
    });
    expect(promise).toBeInstanceOf(Promise);
    await expect(promise).resolves.toBeUndefined();
    expect(initCompletionCallback).toHaveBeenCalledTimes(1);
    expect(Statsig.checkGate('new_checkout_flow')).toBe(true);
    expect(Statsig.checkGateWithExposureLoggingDisabled('beta_banner')).toBe(false);
    expect(Statsig.getExperiment('checkout_button_color').get('color', '')).toBe('blue');
    expect(gateEvaluationCallback.mock.calls).toEqual([
      ['new_checkout_flow', true, { withExposureLoggingDisabled: false }],
      ['beta_banner', false, { withExposureLoggingDisabled: true }],
    ]);
    expect(evaluationCallback).toHaveBeenCalledTimes(3);
    expect(
      Statsig.updateUserWithValues(
        USER_2,
        initializeResponse({ user: USER_2, variant: 'b' }) as never,
      ),
    ).toBe(true);
    expect(Statsig.checkGate('new_checkout_flow')).toBe(false);
  });

  test('a rejected initialize still rejects for the app, and nothing leaks unhandled', async () => {
    handle = wrapStatsig(Statsig, {});
    // Fault injection: the SDK's own initialize fails.
    const proto = Object.getPrototypeOf(await makeInstance()) as {
      initializeAsync: () => Promise<void>;
    };
    Statsig.shutdown();
    vi.spyOn(proto, 'initializeAsync').mockRejectedValue(new Error('statsig down'));
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    await expect(
      Statsig.initialize('client-x', USER, { localMode: true, disableAutoMetricsLogging: true }),
    ).rejects.toThrow('statsig down');
    await new Promise((r) => setTimeout(r, 10));
    process.off('unhandledRejection', unhandled);
    expect(unhandled).not.toHaveBeenCalled();
  });

  test('called twice: the same handle, no double events', async () => {
    const first = wrapStatsig(Statsig, {});
    handle = first;
    expect(wrapStatsig(Statsig, {})).toBe(first);
    await Statsig.initialize(`client-legacy-test-${++keys}`, USER, {
      initializeValues: initializeResponse() as never,
      localMode: true,
      disableAutoMetricsLogging: true,
    });
    Statsig.checkGate('new_checkout_flow');
    expect(names()).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
    ]);
  });

  test('detach undoes every patch: Statsig’s own functions are back, nothing reaches Heap', async () => {
    const initialize = Statsig.initialize;
    await start();
    expect(Statsig.initialize).not.toBe(initialize);
    const logger = (instance() as unknown as { getLogger(): { log: unknown } }).getLogger();
    expect(own(logger, 'log')).toBe(true);
    handle?.detach();
    expect(Statsig.initialize).toBe(initialize);
    expect(own(logger, 'log')).toBe(false);
    expect(own(instance() as object, 'updateUser')).toBe(false);
    heap.calls.length = 0;
    Statsig.checkGate('new_checkout_flow');
    Statsig.logEvent('after');
    Statsig.updateUserWithValues(
      USER_2,
      initializeResponse({ user: USER_2, variant: 'b' }) as never,
    );
    expect(heap.calls).toEqual([]);
  });

  test('with all logging disabled, Statsig logs nothing and neither does Heap', async () => {
    await start({ initializeEvents: false }, { disableAllLogging: true });
    Statsig.checkGate('new_checkout_flow');
    Statsig.logEvent('x');
    expect(heap.calls).toEqual([]);
  });

  test('hashed values: names the app evaluated (even without exposure) name the next maps', async () => {
    handle = wrapStatsig(Statsig, {});
    await Statsig.initialize(`client-legacy-test-${++keys}`, USER, {
      initializeValues: initializeResponse({ hashed: true }) as never,
      localMode: true,
      disableAutoMetricsLogging: true,
    });
    expect(heap.calls).toEqual([]);
    Statsig.checkGateWithExposureLoggingDisabled('acme_beta');
    Statsig.getExperimentWithExposureLoggingDisabled('checkout_button_color');
    Statsig.updateUserWithValues(
      USER_2,
      initializeResponse({ user: USER_2, hashed: true, variant: 'b' }) as never,
    );
    expect(heap.tracks()).toEqual([
      ['Statsig Feature Gates', { acme_beta: false }],
      ['Statsig Experiments', { checkout_button_color: 'Control' }],
    ]);
  });

  test('wrapped after initialize: attaches to the running instance and sends the summary', async () => {
    await Statsig.initialize(`client-legacy-test-${++keys}`, USER, {
      initializeValues: initializeResponse() as never,
      localMode: true,
      disableAutoMetricsLogging: true,
    });
    handle = wrapStatsig(Statsig, {});
    Statsig.checkGate('new_checkout_flow');
    expect(names()).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
    ]);
  });
});

describe('statsig-js against a local Statsig', () => {
  let server: StatsigStandIn;
  beforeAll(async () => {
    server = await startStatsigStandIn((user) =>
      initializeResponse({ user, hashed: true, variant: user['userID'] === 'dan' ? 'b' : 'a' }),
    );
  });
  afterAll(() => server.close());

  test('initialize and updateUser over the network (encoded body, djb2 values)', async () => {
    handle = wrapStatsig(Statsig, {
      gates: ['new_checkout_flow'],
      experiments: ['checkout_button_color'],
    });
    await Statsig.initialize(`client-legacy-net-${++keys}`, USER, {
      api: server.api,
      disableAutoMetricsLogging: true,
    });
    expect(server.initializeRequests).toBe(1);
    expect(heap.tracks()).toEqual([
      ['Statsig Feature Gates', { new_checkout_flow: true }],
      ['Statsig Experiments', { checkout_button_color: 'Blue' }],
    ]);
    Statsig.checkGate('new_checkout_flow');
    await Statsig.updateUser(USER_2);
    Statsig.checkGate('new_checkout_flow');
    expect(
      heap
        .tracks()
        .slice(2)
        .map(([n, p]) => [n, p['userID'] ?? p]),
    ).toEqual([
      ['statsig::gate_exposure', 'ada'],
      ['Statsig Feature Gates', { new_checkout_flow: false }],
      ['Statsig Experiments', { checkout_button_color: 'Control' }],
      ['statsig::gate_exposure', 'dan'],
    ]);
  });
});
