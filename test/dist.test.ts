import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
// @ts-expect-error jsdom ships no types; only its constructor is used here
import { JSDOM } from 'jsdom';
import { describe, expect, test } from 'vitest';
import { loadHeapLibrary } from './support/heap-stand-in';
import { initializeResponse, USER } from './support/statsig-values';

// These run against the built files (`npm run build` first; `npm test` does it).
const require = createRequire(import.meta.url);
const read = (path: string) => readFileSync(require.resolve(path), 'utf8');
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Heap's classic snippet as a page has it, minus the script tag that would reach the CDN. */
const CLASSIC_SNIPPET = `window.heap=window.heap||[],heap.load=function(e,t){window.heap.appid=e,window.heap.config=t=t||{};for(var n=function(e){return function(){heap.push([e].concat(Array.prototype.slice.call(arguments,0)))}},p=["addEventProperties","addUserProperties","clearEventProperties","identify","resetIdentity","removeEventProperty","setEventProperties","track","unsetEventProperty"],o=0;o<p.length;o++)heap[p[o]]=n(p[o])};heap.load("1234567890");`;

function page(scripts: string[]) {
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    runScripts: 'dangerously',
    url: 'https://shop.example/',
  });
  for (const text of scripts) {
    const script = dom.window.document.createElement('script');
    script.textContent = text;
    dom.window.document.head.appendChild(script);
  }
  return dom.window as unknown as Window & typeof globalThis & Record<string, any>;
}

describe('script-tag bundle (dist/statsig-heap.min.js)', () => {
  test('defines window.StatsigHeap and works with Statsig’s CDN build and Heap’s classic snippet', () => {
    const win = page([
      CLASSIC_SNIPPET,
      read('@statsig/js-client/build/statsig-js-client.min.js'),
      readFileSync(join(root, 'dist/statsig-heap.min.js'), 'utf8'),
    ]);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    expect(win.StatsigHeap.version).toBe(pkg.version);
    // Only the js-client family's names: the legacy adapter is a file of its own.
    expect(Object.keys(win.StatsigHeap).sort()).toEqual(['StatsigHeapPlugin', 'version']);
    expect(pkg.unpkg).toBe('./dist/statsig-heap.min.js');
    // Page code, as a script-tag user writes it, in the page's own realm:
    win.eval(`
      window.plugin = new StatsigHeap.StatsigHeapPlugin();
      window.client = new Statsig.StatsigClient('client-cdn', ${JSON.stringify(USER)}, {
        networkConfig: { preventAllNetworkTraffic: true },
        plugins: [window.plugin],
      });
      client.dataAdapter.setData(${JSON.stringify(JSON.stringify(initializeResponse()))});
      client.initializeSync();
      window.gate = client.checkGate('new_checkout_flow');
      client.getExperiment('checkout_button_color');
      client.getLayer('homepage_layer').get('hero_title', '');
      client.checkGate('beta_banner', { disableExposureLog: true });
      client.logEvent('purchase', 5, { sku: 'A1' });
    `);
    expect(win.gate).toBe(true);
    win.eval('plugin.flush()'); // the plugin's own task after the page's
    // Before the library loads, the calls sit in the classic stub's queue.
    expect((win['heap'] as unknown as unknown[][]).map((call) => call[1])).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'statsig::experiment_exposure',
      'statsig::layer_exposure',
      'purchase',
    ]);
    const heap = loadHeapLibrary(win);
    const tracks = heap.tracks();
    expect(tracks[3]?.[1]).toMatchObject({ 'metadata.experimentGroupName': 'Blue', userID: 'ada' });
    expect(tracks[5]?.[1]).toMatchObject({ value: 5, 'metadata.sku': 'A1' });
    expect(JSON.stringify(tracks)).not.toContain('PRIVATE');
    // The mangled CDN build still gets the exact hook, not the flush fallback.
    expect(win.plugin.getStats()).toMatchObject({ received: 6, forwarded: 6, errors: 0 });
    win.eval('client.shutdown()');
  });
});

describe('legacy script-tag bundle (dist/statsig-heap-legacy.min.js) with statsig-js’s CDN build', () => {
  test('wrapStatsig(window.statsig) before initialize: the page code is otherwise unchanged', async () => {
    const win = page([
      CLASSIC_SNIPPET,
      read('statsig-js/build/statsig-prod-web-sdk.js'),
      readFileSync(join(root, 'dist/statsig-heap-legacy.min.js'), 'utf8'),
    ]);
    expect(Object.keys(win.StatsigHeap).sort()).toEqual(['version', 'wrapStatsig']);
    expect(typeof win['statsig'].initialize).toBe('function');
    win.eval(`
      window.handle = StatsigHeap.wrapStatsig(window.statsig, { experiments: ['checkout_button_color'] });
      window.ready = statsig.initialize('client-cdn-legacy', ${JSON.stringify(USER)}, {
        initializeValues: ${JSON.stringify(initializeResponse({ hashed: true }))},
        localMode: true, disableAutoMetricsLogging: true,
      }).then(() => {
        window.gate = statsig.checkGate('new_checkout_flow');
        statsig.checkGateWithExposureLoggingDisabled('beta_banner');
        statsig.getExperiment('checkout_button_color');
        statsig.logEvent('purchase', 5, { sku: 'A1' });
      });
    `);
    await win['ready'];
    expect(win['gate']).toBe(true);
    const heap = loadHeapLibrary(win);
    // Hashed values and only `experiments` named: the gates are named by the checks the page
    // made before the plugin's task built the maps (right after initialize, in its `then`).
    const tracks = heap.tracks();
    expect(tracks.map(([name]) => name)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
      'statsig::experiment_exposure',
      'purchase',
    ]);
    expect(tracks[0]?.[1]).toEqual({ new_checkout_flow: true, beta_banner: false });
    expect(tracks[1]?.[1]).toEqual({ checkout_button_color: 'Blue' });
    expect(tracks[2]?.[1]).toMatchObject({
      'metadata.gate': 'new_checkout_flow',
      'statsigMetadata.sdkType': 'js-client',
    });
    expect(tracks[3]?.[1]).toMatchObject({ 'metadata.experimentGroupName': 'Blue' });
    expect(tracks[4]?.[1]).toMatchObject({ value: 5, 'metadata.sku': 'A1' });
    expect(JSON.stringify(heap.calls)).not.toContain('PRIVATE');
    win.eval('handle.detach(); statsig.shutdown()');
  });
});

/** A js-client from Statsig's CDN build, with Ada's values, initialized: `window.client`. */
const newClient = (win: ReturnType<typeof page>, sdkKey: string) =>
  win.eval(`
    window.client = new Statsig.StatsigClient('${sdkKey}', ${JSON.stringify(USER)}, {
      networkConfig: { preventAllNetworkTraffic: true },
    });
    client.dataAdapter.setData(${JSON.stringify(JSON.stringify(initializeResponse()))});
    client.initializeSync();
  `);

describe('the zero-code switch, in a page of its own realm', () => {
  test('data-auto on the js-client tag: a client made later is bound, its events reach Heap', async () => {
    const win = page([CLASSIC_SNIPPET, read('@statsig/js-client/build/statsig-js-client.min.js')]);
    const tag = win.document.createElement('script');
    tag.setAttribute('data-auto', '');
    tag.textContent = readFileSync(join(root, 'dist/statsig-heap.min.js'), 'utf8');
    win.document.head.appendChild(tag);
    expect(Object.keys(win.StatsigHeap).sort()).toEqual(['StatsigHeapPlugin', 'auto', 'version']);
    newClient(win, 'client-auto');
    await Promise.resolve(); // bound once built
    win.eval(`client.logEvent('purchase', 5)`);
    const heap = loadHeapLibrary(win);
    expect(heap.tracks().map(([name]) => name)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'purchase',
    ]);
    win.eval('client.shutdown(); StatsigHeap.auto.detach()');
  });

  test('StatsigHeapConfig’s other options apply to every client the tag binds', async () => {
    const win = page([CLASSIC_SNIPPET, read('@statsig/js-client/build/statsig-js-client.min.js')]);
    win.eval(`window.StatsigHeapConfig = {
      auto: true,
      exposures: false,
      eventNames: { 'Statsig Feature Gates': 'Statsig Gates', purchase: 'Purchase' },
    }`);
    win.eval(readFileSync(join(root, 'dist/statsig-heap.min.js'), 'utf8'));
    newClient(win, 'client-auto-options');
    await Promise.resolve(); // bound once built
    win.eval(`client.checkGate('new_checkout_flow'); client.logEvent('purchase', 5)`);
    win.eval('StatsigHeap.auto.flush()');
    const heap = loadHeapLibrary(win);
    expect(heap.tracks().map(([name]) => name)).toEqual([
      'Statsig Gates',
      'Statsig Experiments',
      'Purchase',
    ]);
    win.eval('client.shutdown(); StatsigHeap.auto.detach()');
  });

  test('without the switch the tag binds nothing', async () => {
    const win = page([
      CLASSIC_SNIPPET,
      read('@statsig/js-client/build/statsig-js-client.min.js'),
      readFileSync(join(root, 'dist/statsig-heap.min.js'), 'utf8'),
    ]);
    expect(win.StatsigHeap.auto).toBeUndefined();
    newClient(win, 'client-no-auto');
    win.eval(`client.logEvent('purchase', 5)`);
    await new Promise((resolve) => win.setTimeout(resolve, 0));
    expect(loadHeapLibrary(win).calls).toEqual([]);
    win.eval('client.shutdown()');
  });

  test('legacy tag after statsig-js already initialized: wraps it, recovers what its logger held', async () => {
    const win = page([CLASSIC_SNIPPET, read('statsig-js/build/statsig-prod-web-sdk.js')]);
    win.eval(`
      window.ready = statsig.initialize('client-legacy-auto', ${JSON.stringify(USER)}, {
        initializeValues: ${JSON.stringify(initializeResponse())},
        localMode: true, disableAutoMetricsLogging: true,
      }).then(() => {
        statsig.checkGate('new_checkout_flow');
        statsig.logEvent('before_tag');
      });
    `);
    await win['ready'];
    win.eval('window.StatsigHeapConfig = { auto: true }');
    win.eval(readFileSync(join(root, 'dist/statsig-heap-legacy.min.js'), 'utf8'));
    win.eval(`statsig.logEvent('after_tag')`);
    const heap = loadHeapLibrary(win);
    expect(heap.tracks().map(([name]) => name)).toEqual([
      'statsig::gate_exposure',
      'before_tag',
      'Statsig Feature Gates',
      'Statsig Experiments',
      'after_tag',
    ]);
    expect(win.StatsigHeap.auto.getStats()).toMatchObject({ recovered: 2, forwarded: 5 });
    win.eval('StatsigHeap.auto.detach(); statsig.shutdown()');
  });
});

describe('a page that keeps window.StatsigHeap from the tag', () => {
  test('frozen: the tag loads without an error; its names on a new object, the page’s kept', () => {
    const win = page([
      'window.StatsigHeap = Object.freeze({ appOwn: 1 });',
      'window.onerror = (m) => { window.failed = String(m); };',
      readFileSync(join(root, 'dist/statsig-heap.min.js'), 'utf8'),
    ]);
    expect(win['failed']).toBeUndefined();
    expect(Object.keys(win.StatsigHeap).sort()).toEqual(['StatsigHeapPlugin', 'appOwn', 'version']);
  });

  test('a getter without a setter, frozen: no error; the names are at window.__STATSIG_HEAP__', () => {
    const win = page([
      "Object.defineProperty(window, 'StatsigHeap', { get: () => Object.freeze({ theirs: 1 }) });",
      'window.onerror = (m) => { window.failed = String(m); };',
      readFileSync(join(root, 'dist/statsig-heap.min.js'), 'utf8'),
      readFileSync(join(root, 'dist/statsig-heap-legacy.min.js'), 'utf8'),
    ]);
    expect(win['failed']).toBeUndefined();
    expect(Object.keys(win.StatsigHeap)).toEqual(['theirs']);
    expect(Object.keys(win['__STATSIG_HEAP__']).sort()).toEqual([
      'StatsigHeapPlugin',
      'version',
      'wrapStatsig',
    ]);
    expect(typeof new win['__STATSIG_HEAP__'].StatsigHeapPlugin().bind).toBe('function');
  });
});

describe('both script tags on one page', () => {
  test.each([
    ['statsig-heap.min.js', 'statsig-heap-legacy.min.js'],
    ['statsig-heap-legacy.min.js', 'statsig-heap.min.js'],
  ])('%s then %s: window.StatsigHeap keeps the names of each', (first, second) => {
    const win = page([
      'window.StatsigHeap = { appOwn: 1 };',
      readFileSync(join(root, 'dist', first), 'utf8'),
      readFileSync(join(root, 'dist', second), 'utf8'),
    ]);
    expect(Object.keys(win.StatsigHeap).sort()).toEqual([
      'StatsigHeapPlugin',
      'appOwn',
      'version',
      'wrapStatsig',
    ]);
    expect(typeof win.StatsigHeap.StatsigHeapPlugin).toBe('function');
    expect(typeof win.StatsigHeap.wrapStatsig).toBe('function');
  });
});

describe('npm builds', () => {
  // publint and attw (npm run test:package) check the paths and the type resolution under
  // node10, node16 and bundler; these are the promises they do not cover.
  test('no runtime dependency, no side effects, no global types leaked to users', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const types of ['dist/index.d.mts', 'dist/index.d.cts']) {
      const text = readFileSync(join(root, types), 'utf8');
      expect(text).toContain('declare class StatsigHeapPlugin');
      expect(text).not.toContain('declare global'); // the plugin's own Window typing stays internal
    }
    expect(pkg.sideEffects).toBe(false);
    expect(pkg.dependencies).toBeUndefined();
    expect(readFileSync(join(root, pkg.unpkg)).length).toBeGreaterThan(0);
  });

  test('ESM and CJS export StatsigHeapPlugin, wrapStatsig and version, and nothing runs on import', async () => {
    const esm = await import('../dist/index.mjs' as string);
    const cjs = require('../dist/index.cjs');
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    for (const mod of [esm, cjs]) {
      expect(Object.keys(mod).sort()).toEqual(['StatsigHeapPlugin', 'version', 'wrapStatsig']);
      expect(mod.version).toBe(pkg.version);
      const plugin = new mod.StatsigHeapPlugin();
      expect(plugin.__plugin).toBe('statsig-heap');
      expect(JSON.stringify({ plugins: [plugin] })).toBe(
        '{"plugins":[{"__plugin":"statsig-heap"}]}',
      );
    }
    expect((window as unknown as Record<string, unknown>)['StatsigHeap']).toBeUndefined();
  });
});
