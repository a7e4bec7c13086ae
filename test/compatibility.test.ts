import { StatsigOnDeviceEvalClient } from '@statsig/js-on-device-eval-client';
import { afterEach, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { StatsigHeapPlugin, wrapStatsig } from '../src';
import { captureDebugLines } from './support/debug-lines';
import {
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { evaluatedValues, SAMPLE_SPECS, startSampleProject } from './support/sample-project';
import { npmEntry } from './support/sdk-pages';
import { bootstrapClient, switchUser } from './support/statsig-client';
import { USER, USER_2 } from './support/statsig-values';

// Attaching in ways that cannot fully work is said, not silent; the on-device client's
// per-user initialize events.
let heap: HeapLibrary;
const stops: (() => unknown)[] = [];
beforeAll(() => startSampleProject());
beforeEach(() => {
  removeHeap();
  installClassicSnippet();
  heap = loadHeapLibrary();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});
const debugLines = captureDebugLines;
const maps = () =>
  heap
    .tracks()
    .filter(([name]) => name.startsWith('Statsig '))
    .map(([name, props]) => [name, props]);

describe('hashed values, made visible', () => {
  test('says once, under debug, how many hashed names are unknown', () => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ debug: true, gates: ['dark_mode'] });
    const client = bootstrapClient([plugin], { values: evaluatedValues(USER, 'djb2') });
    stops.push(() => client.shutdown());
    switchUser(client, USER, evaluatedValues(USER, 'djb2'));
    expect(maps()).toEqual([
      ['Statsig Feature Gates', { dark_mode: true }],
      ['Statsig Feature Gates', { dark_mode: true }],
    ]);
    // 4 gates and 2 experiments with a group have no name the plugin knows.
    expect(lines().filter((l) => l.includes('values are hashed'))).toEqual([
      '[statsig-heap] values are hashed: 6 names unknown, left out of the initialize events (README: Hashed values)',
    ]);
  });

  test('unhashed values name everything: nothing to say', () => {
    const lines = debugLines();
    const plugin = new StatsigHeapPlugin({ debug: true });
    const client = bootstrapClient([plugin], { values: evaluatedValues(USER) });
    stops.push(() => client.shutdown());
    expect(maps().map(([name]) => name)).toEqual(['Statsig Feature Gates', 'Statsig Experiments']);
    expect(lines().filter((l) => l.includes('hashed'))).toEqual([]);
  });
});

describe('attaching in a way that cannot work', () => {
  test('wrapStatsig on something that is not statsig-js: reported to onError, nothing thrown', () => {
    const onError = vi.fn();
    for (const odd of [{}, { initialize: 'no' }, Object.create(null)]) {
      expect(() => wrapStatsig(odd, { onError })).not.toThrow();
    }
    expect(onError).toHaveBeenCalledTimes(3);
    expect(String(onError.mock.calls[0]?.[0])).toContain('wrapStatsig needs statsig-js');
  });

  test('js-client before 3.5 given the plugin in plugins: it binds itself, says bind() is the way', async () => {
    const onError = vi.fn();
    const { StatsigClient: OldClient } = npmEntry<{ StatsigClient: any }>('js-client-3-0');
    const plugin = new StatsigHeapPlugin({ onError, initializeEvents: false });
    const client = new OldClient('client-old-plugins', USER, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins: [plugin],
    });
    stops.push(() => client.shutdown());
    client.dataAdapter.setData(JSON.stringify(evaluatedValues(USER)));
    client.initializeSync();
    await null; // the plugin's late binding
    client.checkGate('dark_mode');
    expect(heap.tracks().map(([name]) => name)).toEqual(['statsig::gate_exposure']);
    expect(onError.mock.calls.map(([e]) => String(e))).toEqual([
      'Error: statsig-heap: js-client before 3.5 runs no plugins; call plugin.bind(client)',
    ]);
  });

  test('statsig-js before 4.36 (values keyed by sha256): reported to onError', async () => {
    const onError = vi.fn();
    const statsig = npmEntry<{ default: any }>('statsig-js-4-16').default;
    const handle = wrapStatsig(statsig, { onError });
    await statsig.initialize('client-old', USER, {
      localMode: true,
      disableAutoMetricsLogging: true,
    });
    statsig.checkGate('some_gate');
    statsig.logEvent('purchase', 1);
    statsig.shutdown();
    handle.detach();
    expect(onError.mock.calls.map(([e]) => String(e))).toEqual([
      'Error: statsig-heap: statsig-js before 4.36 is not supported',
    ]);
    // As the README says: exposures and events still arrive, without unit types.
    expect(heap.tracks().map(([name, props]) => [name, props['userID'], props['unitID']])).toEqual([
      ['statsig::gate_exposure', 'ada', undefined],
      ['purchase', 'ada', undefined],
    ]);
  });
});

describe('@statsig/js-on-device-eval-client', () => {
  function start(options = {}) {
    const plugin = new StatsigHeapPlugin(options);
    const client = new StatsigOnDeviceEvalClient(`client-od-${Math.random()}`, {
      networkConfig: { preventAllNetworkTraffic: true },
    } as never);
    plugin.bind(client);
    client.dataAdapter.setData(SAMPLE_SPECS);
    client.initializeSync();
    stops.push(() => client.shutdown());
    return { plugin, client };
  }

  test('the maps go out for each user the first time they are seen, before their first event', () => {
    const { client } = start();
    client.checkGate('dark_mode', USER);
    client.checkGate('enterprise_sso', USER);
    client.checkGate('dark_mode', USER_2);
    client.logEvent('purchase', USER, 1);
    expect(
      heap.tracks().map(([name, props]) => [name, props['userID'] ?? props['dark_mode']]),
    ).toEqual([
      ['Statsig Feature Gates', true],
      ['Statsig Experiments', undefined],
      ['statsig::gate_exposure', 'ada'],
      ['statsig::gate_exposure', 'ada'],
      ['Statsig Feature Gates', true],
      ['Statsig Experiments', undefined],
      ['statsig::gate_exposure', 'dan'],
      ['purchase', 'ada'],
    ]);
    // Evaluated for each user by the client itself: enterprise_sso needs the enterprise plan.
    expect(maps()[0]?.[1]).toMatchObject({ enterprise_sso: false });
    expect(maps()[2]?.[1]).toMatchObject({ enterprise_sso: false, dark_mode: true });
  });

  test('new specs: users are reported again at their next check, even one the SDK de-duplicates', () => {
    const { client } = start();
    client.getExperiment('homepage_hero_test', USER);
    client.updateSync();
    client.getExperiment('homepage_hero_test', USER); // the SDK logs no second exposure
    client.checkGate('dark_mode', USER_2, { disableExposureLog: true }); // no exposure either
    expect(
      heap.tracks().map(([name, props]) => [name, props['metadata.experimentGroupName']]),
    ).toEqual([
      ['Statsig Feature Gates', undefined],
      ['Statsig Experiments', undefined],
      ['statsig::experiment_exposure', 'Control'],
      ['Statsig Feature Gates', undefined],
      ['Statsig Experiments', undefined],
      ['Statsig Feature Gates', undefined],
      ['Statsig Experiments', undefined],
    ]);
    expect(maps()[1]?.[1]).toMatchObject({ homepage_hero_test: 'Control' });
  });

  test('privateAttributes decide evaluation but never reach Heap', () => {
    const { client } = start();
    const user = { userID: 'u9', privateAttributes: { plan: 'enterprise' } };
    expect(client.checkGate('enterprise_sso', user)).toBe(true);
    expect(maps()[0]?.[1]).toMatchObject({ enterprise_sso: true }); // evaluated with them
    expect(JSON.stringify(heap.calls)).not.toMatch(/privateAttributes|"enterprise"/);
  });
});
