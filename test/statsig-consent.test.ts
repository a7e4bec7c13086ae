import type { StatsigOptions } from '@statsig/js-client';
import { StatsigOnDeviceEvalClient } from '@statsig/js-on-device-eval-client';
import Statsig from 'statsig-js';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { type StatsigHeapHandle, StatsigHeapPlugin, wrapStatsig } from '../src';
import { captureDebugLines } from './support/debug-lines';
import { freshPage, type HeapLibrary, loadHeapLibrary } from './support/heap-stand-in';
import { SAMPLE_SPECS } from './support/sample-project';
import { CLASSIC_SNIPPET, npmEntry, packageFile, page, scriptTagBundle } from './support/sdk-pages';
import { bootstrapClient } from './support/statsig-client';
import { initializeResponse, USER } from './support/statsig-values';
import { pluginKeys, STORED_LISTS, taskEnd } from './support/stored-lists';

// Contract 4, `consent`: with no `consent` option and no setConsent call, the plugin follows
// each bound client's own logging switch, at start and when the app changes it at run time.
// While Statsig's logging is off the plugin acts as "pending": nothing reaches Heap, nothing is
// stored, calls are held in memory (bounded); once it is on, what was held goes out in order.
// Given explicitly, the plugin's own consent decides. Each switch is the real SDK's.

let heap: HeapLibrary;
const stops: (() => unknown)[] = [];

beforeEach(() => {
  heap = freshPage();
});
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

const names = () => heap.tracks().map(([name]) => name);
const methods = () => heap.calls.map(([method]) => method);
/** A js-client 3.33.5 on the bootstrap path with this plugin and these Statsig options. */
function client(plugin: StatsigHeapPlugin, options: StatsigOptions = {}) {
  const c = bootstrapClient([plugin], { options });
  stops.push(
    () => c.shutdown(),
    () => plugin.detach(),
  );
  return c;
}
/** Statsig's two switches in 3.33.5: the current one and the older one (still honoured). */
const SWITCHES = [
  {
    option: 'loggingEnabled',
    off: { loggingEnabled: 'disabled' },
    on: { loggingEnabled: 'browser-only' },
  },
  { option: 'disableLogging', off: { disableLogging: true }, on: { disableLogging: false } },
] as const;

describe.each(SWITCHES)('@statsig/js-client 3.33.5, Statsig’s $option', ({ off, on }) => {
  test.each(STORED_LISTS)(
    'off from the start: nothing reaches Heap or $storage; on: delivered in order, maps first, then stored',
    async ({ mode }) => {
      const plugin = new StatsigHeapPlugin({
        dedupe: mode,
        identify: true,
        eventProperties: true,
        userProperties: true,
      });
      const c = client(plugin, off);
      expect(c.checkGate('new_checkout_flow')).toBe(true); // Statsig's answers are unchanged
      expect(c.getExperiment('checkout_button_color').get('color', '')).toBe('blue');
      c.getLayer('homepage_layer').get('hero_title');
      c.logEvent('purchase', 1, { sku: 'A1' });
      await taskEnd();
      expect(heap.calls).toEqual([]);
      expect(pluginKeys()).toEqual([]);
      const held = plugin.getStats();
      // Two maps, three exposures, one event, and the identify and experiment properties.
      expect(held).toMatchObject({ forwarded: 0, dropped: 0, errors: 0 });
      expect(held.pending).toBe(held.received);
      expect(held.pending).toBeGreaterThanOrEqual(6);

      c.updateRuntimeOptions(on);
      await taskEnd();
      expect(names()).toEqual([
        'Statsig Feature Gates',
        'Statsig Experiments',
        'statsig::gate_exposure',
        'statsig::experiment_exposure',
        'statsig::layer_exposure',
        'purchase',
      ]);
      expect(methods()).toEqual(
        expect.arrayContaining(['identify', 'addEventProperties', 'addUserProperties']),
      );
      expect(heap.tracks()[5]?.[1]).toMatchObject({ value: 1, 'metadata.sku': 'A1' });
      // What was held, and the identify: made when Heap's library can say whose identity it has.
      expect(plugin.getStats()).toMatchObject({ pending: 0, forwarded: held.received + 1 });
      expect(pluginKeys()).toEqual([`statsig-heap:${mode}`]);
    },
  );

  test('switched off at run time: held again, and delivered when switched on again', async () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const c = client(plugin);
    c.logEvent('before');
    // Consent is read when the plugin hands calls to Heap, in its own task after the app's:
    // an event made just before the switch turns off waits with the rest.
    await taskEnd();
    c.updateRuntimeOptions(off);
    c.logEvent('while-off');
    c.checkGate('new_checkout_flow');
    await taskEnd();
    expect(names()).toEqual(['before']);
    expect(plugin.getStats()).toMatchObject({ received: 3, forwarded: 1, pending: 2 });
    c.updateRuntimeOptions(on);
    await taskEnd();
    c.logEvent('after');
    expect(names()).toEqual(['before', 'while-off', 'statsig::gate_exposure', 'after']);
    c.updateRuntimeOptions(off);
    c.logEvent('off-again');
    await taskEnd();
    expect(names()).toHaveLength(4);
    expect(plugin.getStats()).toMatchObject({ pending: 1 });
  });
});

describe('@statsig/js-client 3.33.5: what is held is bounded and says so', () => {
  test('bufferSize bounds what is held while Statsig’s logging is off: oldest out, counted', async () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, bufferSize: 3 });
    const c = client(plugin, { loggingEnabled: 'disabled' });
    for (let i = 0; i < 5; i++) c.logEvent(`e${i}`);
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ received: 5, pending: 3, dropped: 2 });
    c.updateRuntimeOptions({ loggingEnabled: 'always' });
    await taskEnd();
    expect(names()).toEqual(['e2', 'e3', 'e4']);
    expect(plugin.getStats()).toMatchObject({ received: 5, forwarded: 3, pending: 0, dropped: 2 });
  });
});

describe('@statsig/js-client 3.33.5: consent given by the app decides', () => {
  test('consent: "granted" sends while Statsig’s logging is off; without it the same app holds', async () => {
    // An app that keeps Statsig's own logging off but analyses in Heap.
    const granted = new StatsigHeapPlugin({ consent: 'granted', initializeEvents: false });
    const following = new StatsigHeapPlugin({ initializeEvents: false });
    const a = client(granted, { loggingEnabled: 'disabled' });
    const b = client(following, { loggingEnabled: 'disabled' });
    a.logEvent('analysed-in-heap');
    a.checkGate('new_checkout_flow');
    b.logEvent('held');
    await taskEnd();
    expect(names()).toEqual(['analysed-in-heap', 'statsig::gate_exposure']);
    expect(granted.getStats()).toMatchObject({ forwarded: 2, pending: 0 });
    expect(following.getStats()).toMatchObject({ forwarded: 0, pending: 1 });
  });

  test('setConsent takes over from Statsig’s switch, either way', async () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const c = client(plugin, { loggingEnabled: 'disabled' });
    c.logEvent('one');
    await taskEnd();
    expect(heap.calls).toEqual([]); // following Statsig: held
    plugin.setConsent('granted'); // the app's consent manager says yes
    c.logEvent('two'); // Statsig's logging is still off
    await taskEnd();
    expect(names()).toEqual(['one', 'two']);
    plugin.setConsent('pending');
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' }); // no longer the plugin's signal
    c.logEvent('three');
    c.updateRuntimeOptions({ loggingEnabled: 'disabled' });
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    await taskEnd();
    expect(names()).toEqual(['one', 'two']);
    plugin.setConsent('granted');
    expect(names()).toEqual(['one', 'two', 'three']);
  });

  test('denied wins: what was held while Statsig’s logging was off is dropped, nothing stored, nothing later', async () => {
    const plugin = new StatsigHeapPlugin({ dedupe: 'first' });
    const c = client(plugin, { loggingEnabled: 'disabled' });
    c.checkGate('new_checkout_flow');
    c.logEvent('held');
    await taskEnd();
    expect(heap.calls).toEqual([]);
    const held = plugin.getStats().pending;
    expect(held).toBe(4); // two maps, the exposure, the event
    plugin.setConsent('denied');
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    c.checkGate('beta_banner');
    c.logEvent('after');
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(pluginKeys()).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ forwarded: 0, pending: 0, dropped: held + 2 });
  });

  test('consent: "denied" given: Statsig’s logging on or off changes nothing', async () => {
    const plugin = new StatsigHeapPlugin({ consent: 'denied' });
    const following = new StatsigHeapPlugin({ initializeEvents: false });
    const c = client(plugin, { loggingEnabled: 'disabled' });
    const d = client(following, { loggingEnabled: 'disabled' });
    c.logEvent('x');
    d.logEvent('held');
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    c.logEvent('y');
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ forwarded: 0, pending: 0 });
    expect(following.getStats()).toMatchObject({ forwarded: 0, pending: 1 });
  });
});

describe('@statsig/js-client 3.33.5: a client shut down and made again (React StrictMode, a new user)', () => {
  const KEY = 'client-consent-remade';
  test('logging off in both: held through the shutdown, delivered when the new one turns it on', async () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false });
    const first = bootstrapClient([plugin], {
      sdkKey: KEY,
      options: { loggingEnabled: 'disabled' },
    });
    first.logEvent('first client');
    await first.shutdown();
    const second = client(plugin, { loggingEnabled: 'disabled' });
    second.logEvent('before consent');
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ received: 2, pending: 2 });
    second.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    second.logEvent('after consent');
    await taskEnd();
    expect(names()).toEqual(['first client', 'before consent', 'after consent']);
    expect(plugin.getStats()).toMatchObject({ received: 3, forwarded: 3, pending: 0 });
  });

  test('the only client shut down with logging off: nothing is released by the shutdown', async () => {
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, dedupe: 'first' });
    const first = bootstrapClient([plugin], {
      sdkKey: KEY,
      options: { loggingEnabled: 'disabled' },
    });
    first.checkGate('new_checkout_flow');
    first.logEvent('before consent');
    await first.shutdown();
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(pluginKeys()).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ received: 2, pending: 2 });
    // The app, now with consent, makes its next client with logging on: it all goes out.
    const second = client(plugin, { loggingEnabled: 'browser-only' });
    second.logEvent('with consent');
    await taskEnd();
    expect(names()).toEqual(['statsig::gate_exposure', 'before consent', 'with consent']);
    expect(plugin.getStats()).toMatchObject({ received: 3, forwarded: 3, pending: 0 });
  });
});

describe('@statsig/js-client 3.33.5: what debug says about Statsig’s switch', () => {
  const statsigLines = (lines: () => string[]) =>
    lines().filter((line) => line.startsWith('[statsig-heap] Statsig logging'));

  test('said when it starts holding and when it stops; a client bound with logging on says nothing', () => {
    const lines = captureDebugLines();
    const plugin = new StatsigHeapPlugin({ initializeEvents: false, debug: true });
    const off = client(plugin, { loggingEnabled: 'disabled' });
    expect(statsigLines(lines)).toEqual(['[statsig-heap] Statsig logging off: holding']);
    client(plugin); // logging on, while the first still holds: nothing to say
    expect(statsigLines(lines)).toHaveLength(1);
    off.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    expect(statsigLines(lines)).toEqual([
      '[statsig-heap] Statsig logging off: holding',
      '[statsig-heap] Statsig logging on: forwarding',
    ]);
  });

  test('consent given by the app: Statsig’s switch is not mentioned', () => {
    const lines = captureDebugLines();
    const plugin = new StatsigHeapPlugin({
      initializeEvents: false,
      debug: true,
      consent: 'granted',
    });
    const off = client(plugin, { loggingEnabled: 'disabled' });
    off.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    expect(statsigLines(lines)).toEqual([]);
  });
});

describe('@statsig/js-on-device-eval-client 3.33.5 (bind)', () => {
  test('loggingEnabled "disabled": the user’s maps, exposures and events held until it is on', async () => {
    const plugin = new StatsigHeapPlugin();
    const c = new StatsigOnDeviceEvalClient(`client-consent-od-${Math.random()}`, {
      networkConfig: { preventAllNetworkTraffic: true },
      loggingEnabled: 'disabled',
    } as never);
    stops.push(
      () => c.shutdown(),
      () => plugin.detach(),
    );
    plugin.bind(c);
    c.dataAdapter.setData(SAMPLE_SPECS);
    c.initializeSync();
    expect(c.checkGate('dark_mode', USER)).toBe(true);
    c.logEvent('purchase', USER, 1);
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ received: 4, pending: 4, forwarded: 0 });
    c.updateRuntimeOptions({ loggingEnabled: 'browser-only' });
    await taskEnd();
    expect(names()).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'purchase',
    ]);
  });
});

/** Older js-client lines: 3.0–3.5 know only disableLogging; 3.18 has loggingEnabled too. */
const OLDER = [
  {
    version: '3.0.0',
    pkg: 'js-client-3-0',
    off: { disableLogging: true },
    on: { disableLogging: false },
  },
  {
    version: '3.5.0',
    pkg: 'js-client-3-5',
    off: { disableLogging: true },
    on: { disableLogging: false },
  },
  {
    version: '3.18.2',
    pkg: 'js-client-3-18',
    off: { loggingEnabled: 'disabled' },
    on: { loggingEnabled: 'browser-only' },
  },
];

describe.each(OLDER)('@statsig/js-client $version (bind)', ({ pkg, off, on }) => {
  test(`${JSON.stringify(off)} holds; updateRuntimeOptions(${JSON.stringify(on)}) delivers`, async () => {
    const { StatsigClient } = npmEntry<{ StatsigClient: any }>(pkg);
    const plugin = new StatsigHeapPlugin();
    const c = new StatsigClient(`client-consent-${pkg}-${Math.random()}`, USER, {
      networkConfig: { preventAllNetworkTraffic: true },
      ...off,
    });
    stops.push(
      () => c.shutdown(),
      () => plugin.detach(),
    );
    plugin.bind(c); // 3.0 runs no plugins loop; bind works on every version
    c.dataAdapter.setData(JSON.stringify(initializeResponse()));
    c.initializeSync();
    c.checkGate('new_checkout_flow');
    c.logEvent('purchase', 1);
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(plugin.getStats()).toMatchObject({ received: 4, pending: 4 });
    c.updateRuntimeOptions(on);
    await taskEnd();
    expect(names()).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'purchase',
    ]);
  });
});

describe('statsig-js 5.1.0 (wrapStatsig): its own switch', () => {
  let handle: StatsigHeapHandle | undefined;
  afterEach(() => {
    Statsig.shutdown();
    handle?.detach();
  });

  test('disableAllLogging: true holds everything, the maps too; reenableAllLogging() delivers in order', async () => {
    handle = wrapStatsig(Statsig, { dedupe: 'first' });
    await Statsig.initialize(`client-consent-legacy-${Math.random()}`, USER, {
      initializeValues: initializeResponse() as never,
      localMode: true,
      disableAutoMetricsLogging: true,
      disableAllLogging: true,
    });
    expect(Statsig.checkGate('new_checkout_flow')).toBe(true);
    Statsig.logEvent('purchase', 1);
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(pluginKeys()).toEqual([]);
    expect(handle.getStats()).toMatchObject({ received: 4, pending: 4, forwarded: 0 });
    Statsig.reenableAllLogging();
    await taskEnd();
    Statsig.logEvent('after');
    expect(names()).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'purchase',
      'after',
    ]);
    await taskEnd();
    expect(pluginKeys()).toEqual(['statsig-heap:first']);
  });
});

describe('statsig-js 5.1.0 (wrapStatsig): shut down with logging off, initialized again', () => {
  let handle: StatsigHeapHandle | undefined;
  afterEach(() => {
    Statsig.shutdown();
    handle?.detach();
  });

  test('held through the shutdown; the next initialize with logging on delivers', async () => {
    handle = wrapStatsig(Statsig, { initializeEvents: false });
    const init = (options: object) =>
      Statsig.initialize(`client-consent-legacy-${Math.random()}`, USER, {
        initializeValues: initializeResponse() as never,
        localMode: true,
        disableAutoMetricsLogging: true,
        ...options,
      });
    await init({ disableAllLogging: true });
    Statsig.logEvent('before consent');
    Statsig.shutdown();
    await taskEnd();
    expect(heap.calls).toEqual([]);
    expect(handle.getStats()).toMatchObject({ received: 1, pending: 1 });
    await init({});
    Statsig.logEvent('with consent');
    await taskEnd();
    expect(names()).toEqual(['before consent', 'with consent']);
    expect(handle.getStats()).toMatchObject({ received: 2, forwarded: 2, pending: 0 });
  });
});

describe('script tags: dist/statsig-heap.min.js with Statsig’s CDN build (names mangled)', () => {
  test('loggingEnabled "disabled" holds; updateRuntimeOptions delivers to Heap’s snippet', async () => {
    const win = page([
      CLASSIC_SNIPPET,
      packageFile('@statsig/js-client/build/statsig-js-client.min.js'),
      scriptTagBundle(),
    ]);
    win.eval(`
      window.plugin = new StatsigHeap.StatsigHeapPlugin();
      window.client = new Statsig.StatsigClient('client-consent-cdn', ${JSON.stringify(USER)}, {
        networkConfig: { preventAllNetworkTraffic: true },
        loggingEnabled: 'disabled',
        plugins: [window.plugin],
      });
      client.dataAdapter.setData(${JSON.stringify(JSON.stringify(initializeResponse()))});
      client.initializeSync();
      client.checkGate('new_checkout_flow');
      client.logEvent('purchase', 5);
    `);
    await new Promise<void>((resolve) => win.setTimeout(resolve, 0)); // the page's task ends
    const queued = () => (win['heap'] as unknown as unknown[][]).map((call) => call[1]);
    expect(queued()).toEqual([]);
    expect(win['plugin'].getStats()).toMatchObject({ received: 4, pending: 4 });
    win.eval(`client.updateRuntimeOptions({ loggingEnabled: 'browser-only' })`);
    await new Promise<void>((resolve) => win.setTimeout(resolve, 0));
    expect(queued()).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'purchase',
    ]);
    expect(
      loadHeapLibrary(win)
        .tracks()
        .map(([name]) => name),
    ).toHaveLength(4);
    await win.eval('client.shutdown()');
    win.close();
  });
});
