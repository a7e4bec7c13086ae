// The two ways an app loads the plugin, each a "realm" (a jsdom window of its own) that the
// bench drives with the same page code (PAGE_CODE, plain JavaScript, made in the window):
// - script tag: Heap's classic snippet, Statsig's minified CDN build
//   (build/statsig-js-client.min.js) and dist/statsig-heap.min.js, as <script> tags;
// - npm: the app's bundle of the npm @statsig/js-client and the built dist/index.mjs.
// Then a stand-in for Heap's loaded library replaces the snippet.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
// @ts-expect-error jsdom ships no types; only its constructor is used here
import { JSDOM } from 'jsdom';
import { rollup } from 'rollup';
import { CLASSIC_SNIPPET, packageFile, scriptTagBundle } from '../support/sdk-pages';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * What a page does, written once for both realms. `Statsig` and `StatsigHeap` are the
 * realm's own (the CDN/IIFE globals, or the npm modules); `now` is the bench's clock.
 */
const PAGE_CODE = `
const network = { preventAllNetworkTraffic: true };
const counts = {};
const last = {};
/** Heap's library, loaded (heap.loaded): it counts calls and keeps the last arguments. */
function loadHeap() {
  const heap = { loaded: true, identity: null, getIdentity: () => null, counts, last };
  for (const m of ['track', 'identify', 'resetIdentity', 'addUserProperties', 'addEventProperties',
    'removeEventProperty', 'clearEventProperties', 'setEventProperties', 'unsetEventProperty']) {
    heap[m] = function () { counts[m] = (counts[m] || 0) + 1; last[m] = arguments; };
  }
  window.heap = heap;
}
/** Writes to the plugin's storage keys, counted at the Storage prototype. */
const writes = { count: 0, chars: 0 };
const setItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (String(key).startsWith('statsig-heap:')) { writes.count++; writes.chars += String(value).length; }
  return setItem.call(this, key, value);
};
/** A page's client for 'user', with the plugin made from 'options' (none: no plugin). */
function client(key, user, values, options) {
  const plugin = options ? new StatsigHeap.StatsigHeapPlugin(options) : undefined;
  const c = new Statsig.StatsigClient(key, user, { networkConfig: network, plugins: plugin ? [plugin] : [] });
  c.dataAdapter.setData(values);
  c.initializeSync();
  return { client: c, plugin };
}
/** A page's work: 20 gate checks, 5 experiments, 5 custom events (logging off: no events). */
function work(c, logging) {
  const options = logging ? undefined : { disableExposureLog: true };
  for (let i = 0; i < 20; i++) c.checkGate('gate_' + i, options);
  for (let i = 0; i < 5; i++) c.getExperiment('experiment_' + i, options);
  if (logging) for (let i = 0; i < 5; i++) c.logEvent('add_to_cart', i, { sku: 'SKU-' + i });
}
/** The same checks again: the SDK de-duplicates these exposures itself. */
function again(c) {
  for (let i = 0; i < 20; i++) c.checkGate('gate_' + i);
  for (let i = 0; i < 5; i++) c.getExperiment('experiment_' + i);
}
return {
  loadHeap, counts, last, writes, client,
  json: (text) => JSON.parse(text),
  // Each page's plugin hands its calls to Heap at once (flush): the block times the app's
  // calls AND the plugin's work it would otherwise do in a task of its own, just after.
  pages(list, logging) { for (let i = 0; i < list.length; i++) { work(list[i].client, logging); list[i].plugin && list[i].plugin.flush(); } },
  repeats(list) { for (let i = 0; i < list.length; i++) { again(list[i].client); list[i].plugin && list[i].plugin.flush(); } },
  events(c, from, to, plugin) { for (let i = from; i < to; i++) c.logEvent('blocked', i, { sku: 'SKU-' + i }); plugin && plugin.flush(); },
  /**
   * initializeSync with the plugin made and bound first, and the plugin's own task that makes
   * and sends the maps (flushed): only those steps are timed.
   */
  initialize(now, key, user, values, options) {
    const t0 = now();
    const plugin = options ? new StatsigHeap.StatsigHeapPlugin(options) : undefined;
    const c = new Statsig.StatsigClient(key, user, { networkConfig: network, plugins: plugin ? [plugin] : [] });
    const t1 = now();
    c.dataAdapter.setData(values);
    const t2 = now();
    c.initializeSync();
    plugin && plugin.flush();
    const t3 = now();
    return { entry: { client: c, plugin }, ms: t1 - t0 + (t3 - t2) };
  },
  /** Page closed: the client shut down and out of Statsig's registry, the plugin detached. */
  release(entry) {
    entry.client.shutdown();
    entry.plugin && entry.plugin.detach();
    const registry = window.__STATSIG__ && window.__STATSIG__.instances;
    for (const k in registry) if (registry[k] === entry.client) delete registry[k];
  },
  /** Storage as a new page finds it: Statsig's own keys gone, the plugin's as given. */
  storage(pluginText) {
    for (const k of Object.keys(localStorage)) if (!k.startsWith('statsig-heap:')) localStorage.removeItem(k);
    if (pluginText === null) localStorage.removeItem('statsig-heap:first');
    else if (pluginText !== undefined) localStorage.setItem('statsig-heap:first', pluginText);
    return localStorage.getItem('statsig-heap:first');
  },
};
`;

export type Entry = { client: any; plugin?: any };
export interface PageApi {
  loadHeap(): void;
  counts: Record<string, number>;
  last: Record<string, ArrayLike<unknown>>;
  writes: { count: number; chars: number };
  client(key: string, user: object, values: string, options?: object): Entry;
  json(text: string): any;
  pages(list: Entry[], logging: boolean): void;
  repeats(list: Entry[]): void;
  /** Custom events number \`from\` to \`to\` on one client; its plugin flushed after them. */
  events(client: unknown, from: number, to: number, plugin?: unknown): void;
  initialize(
    now: () => number,
    key: string,
    user: object,
    values: string,
    options?: object,
  ): { entry: Entry; ms: number };
  release(entry: Entry): void;
  /** undefined: leave the plugin's key; null: remove it; text: write it. Returns what is there. */
  storage(pluginText?: string | null): string | null;
}

export interface Realm {
  name: RealmName;
  api: PageApi;
  win: Window & typeof globalThis & Record<string, any>;
  /** The tab closed: its timers stop and everything the SDK kept for the window goes. */
  close(): void;
}
export type RealmName = 'script tag' | 'npm';

/**
 * The app's bundles of the npm packages: rollup with node-resolve (browser fields) and
 * commonjs, as a bundler resolves them for a browser; made once per run.
 */
const bundles = new Map<string, Promise<string>>();
function bundle(name: string, entry: string): Promise<string> {
  let code = bundles.get(name);
  if (!code) {
    code = (async () => {
      const id = `\0bench-entry:${name}`;
      const built = await rollup({
        input: id,
        plugins: [
          {
            name: 'entry',
            resolveId: (s) => (s === id ? id : null),
            load: (s) => (s === id ? entry : null),
          },
          nodeResolve({ browser: true }),
          commonjs(),
        ],
        onwarn: () => {},
      });
      const { output } = await built.generate({ format: 'iife' });
      await built.close();
      return output[0].code;
    })();
    bundles.set(name, code);
  }
  return code;
}
/** The npm Statsig clients, exposed as `Statsig` and `StatsigOnDevice`. */
const npmStatsig = () =>
  bundle(
    'statsig',
    [
      "import * as Statsig from '@statsig/js-client';",
      "import * as StatsigOnDevice from '@statsig/js-on-device-eval-client';",
      'Object.assign(window, { Statsig, StatsigOnDevice });',
    ].join('\n'),
  );
/** dist/index.mjs as built, exposed as `StatsigHeap` (a file apart, so a profile tells it apart). */
const npmPlugin = () =>
  bundle(
    'statsig-heap',
    [
      `import * as StatsigHeap from ${JSON.stringify(join(root, 'dist/index.mjs'))};`,
      'window.StatsigHeap = StatsigHeap;',
    ].join('\n'),
  );

/**
 * A fresh tab: its own jsdom window, the scripts run in order as a browser loads them, then
 * the page code and Heap's library (loaded). Script tag: Heap's classic snippet, Statsig's
 * minified CDN build, dist/statsig-heap.min.js. npm: the snippet and the app's bundles.
 *
 * Every round of a timed figure opens a new tab and closes it after: Statsig keeps every
 * logger it made for the life of the window (a module-level listener list), so a window
 * that served thousands of pages would measure its own garbage collector.
 */
export async function openRealm(name: RealmName): Promise<Realm> {
  const scripts: [file: string, code: string][] =
    name === 'script tag'
      ? [
          ['heap-classic-snippet.js', CLASSIC_SNIPPET],
          [
            'statsig-js-client.min.js',
            packageFile('@statsig/js-client/build/statsig-js-client.min.js'),
          ],
          ['statsig-heap.min.js', scriptTagBundle()],
        ]
      : [
          ['heap-classic-snippet.js', CLASSIC_SNIPPET],
          ['npm-statsig.js', await npmStatsig()],
          ['npm-statsig-heap.js', await npmPlugin()],
        ];
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>', {
    runScripts: 'outside-only',
    url: 'https://shop.example/',
  });
  const context = dom.getInternalVMContext();
  // Each script under its own file name, so that a CPU profile tells whose code ran.
  for (const [file, code] of scripts) new Script(code, { filename: file }).runInContext(context);
  const api = new Script(`(function () {${PAGE_CODE}})()`, { filename: 'page.js' }).runInContext(
    context,
  ) as PageApi;
  api.loadHeap();
  const win = dom.window as Realm['win'];
  return { name, api, win, close: () => win.close() };
}
