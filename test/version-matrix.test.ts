import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { StatsigHeapPlugin, wrapStatsig } from '../src';
import { djb2 } from '../src/djb2';
import {
  type HeapLibrary,
  installClassicSnippet,
  loadHeapLibrary,
  removeHeap,
} from './support/heap-stand-in';
import { matrixVersions } from './support/proven-versions';
import { evaluatedValues, SAMPLE_SPECS, startSampleProject } from './support/sample-project';
import {
  CLASSIC_SNIPPET,
  npmEntry,
  type PageWindow,
  packageFile,
  page,
  scriptTagBundle,
} from './support/sdk-pages';
import { type StatsigStandIn, startStatsigStandIn } from './support/statsig-server';
import { USER } from './support/statsig-values';

// Every SDK version the compatibility table (docs/compatibility.md) lists (test/support/proven-versions.ts),
// oldest, middle and latest, through its npm entry and its CDN build, on Statsig's sample project. Each run checks the
// initialize maps, every exposure kind exactly once (none with logging disabled), a custom
// event, the properties docs/what-arrives-in-heap.md lists, and that what the SDK itself logs is unchanged.

type Entry = 'npm' | 'cdn';
interface Page {
  win: PageWindow | undefined;
  heap: () => HeapLibrary;
  plugin: (options: object) => any;
  wrap: (statsig: object, options: object) => any;
}

let server: StatsigStandIn;
beforeAll(async () => {
  server = await startStatsigStandIn(() => ({}));
  await startSampleProject();
});
afterAll(() => server.close());
beforeEach(() => {
  removeHeap();
  server.logged.length = 0;
});

/** Where the app runs: the test's own window (npm) or a page of script tags (CDN). */
function open(entry: Entry, sdkBuild: string): Page {
  if (entry === 'npm') {
    removeHeap();
    installClassicSnippet();
    return {
      win: undefined,
      heap: () => loadHeapLibrary(),
      plugin: (options) => new StatsigHeapPlugin(options),
      wrap: (statsig, options) => wrapStatsig(statsig, options),
    };
  }
  const family = sdkBuild.includes('statsig-prod-web-sdk') ? 'legacy' : 'js-client';
  const win = page([CLASSIC_SNIPPET, packageFile(sdkBuild), scriptTagBundle(family)]);
  return {
    win,
    heap: () => loadHeapLibrary(win),
    plugin: (options) => new win['StatsigHeap'].StatsigHeapPlugin(options),
    wrap: (statsig, options) => win['StatsigHeap'].wrapStatsig(statsig, options),
  };
}

/** What the SDK sent to Statsig, less its bookkeeping and the fields that are times. */
function normalized(events: Record<string, any>[]) {
  return events
    .filter((e) => !/^statsig::(diagnostics|non_exposed_checks)$/.test(e['eventName']))
    .map((e) => {
      const metadata = Object.fromEntries(
        Object.entries(e['metadata'] ?? {}).filter(([k]) => !/time|receivedAt/i.test(k)),
      );
      return { eventName: e['eventName'], value: e['value'], metadata, userID: e['user']?.userID };
    });
}

const EXPOSURES = [
  'statsig::gate_exposure',
  'statsig::experiment_exposure',
  'statsig::config_exposure',
  'statsig::layer_exposure',
  'purchase',
];

/** The SDKs log an experiment as a config exposure; Heap gets an event name of its own. */
const LOGGED = EXPOSURES.map((name) => name.replace('experiment_exposure', 'config_exposure'));

/** The sample project's gates and experiment groups for USER, as Statsig evaluates them. */
function expectedMaps() {
  const values = evaluatedValues(USER);
  const gates = Object.fromEntries(
    Object.values(values['feature_gates']).map((g: any) => [g.name, g.value]),
  );
  const experiments = Object.fromEntries(
    Object.values(values['dynamic_configs'])
      .filter((c: any) => c.group_name)
      .map((c: any) => [c.name, c.group_name]),
  );
  return { gates, experiments };
}
/** Every name, for hashed values: the plugin knows only the names it is given. */
const ALL_NAMES = {
  gates: ['new_checkout_flow', 'dark_mode', 'beta_banner', 'enterprise_sso', 'acme_beta'],
  experiments: ['checkout_button_color', 'pricing_layout', 'homepage_hero_test'],
};

/** The app's actions, the same through every SDK (on-device passes the user on each call). */
function expectHeapCalls(heap: HeapLibrary, sdk: string, hash: string) {
  const tracks = heap.tracks();
  expect(tracks.map(([name]) => name)).toEqual([
    'Statsig Feature Gates',
    'Statsig Experiments',
    ...EXPOSURES,
  ]);
  const [gates, experiments, gate, experiment, config, layer, custom] = tracks.map(
    ([, props]) => props,
  );
  const expected = expectedMaps();
  expect(gates).toEqual(expected.gates);
  expect(Object.keys(expected.gates)).toHaveLength(5);
  // pricing_layout targets the free plan: USER (pro) is in no group of it, so it is left out.
  expect(experiments).toEqual(expected.experiments);
  expect(experiments).not.toHaveProperty('pricing_layout');
  const common = {
    userID: 'ada',
    timestamp: expect.any(Number),
    timeUUID: expect.any(String),
    'user.userID': 'ada',
    'user.email': 'ada@example.com',
    'user.custom.plan': 'pro',
    'user.customIDs.companyID': 'acme',
    'statsigMetadata.stableID': expect.any(String),
  };
  expect(gate).toMatchObject({
    ...common,
    unitID: 'userID',
    'metadata.gate': 'dark_mode',
    'metadata.gateValue': 'true',
    'metadata.ruleID': 'everyone',
  });
  expect(experiment).toMatchObject({
    ...common,
    unitID: 'userID',
    'metadata.config': 'checkout_button_color',
    'metadata.ruleID': `checkout_button_color.${expected.experiments['checkout_button_color']}`,
    'metadata.experimentGroupName': expected.experiments['checkout_button_color'],
  });
  expect(config).toMatchObject({ ...common, unitID: 'userID', 'metadata.config': 'app_settings' });
  expect(layer).toMatchObject({
    ...common,
    unitID: 'userID',
    'metadata.config': 'homepage_layer',
    'metadata.parameterName': 'hero_title',
    // The SDK's own metadata: with hashed values, it names the experiment by its hash.
    'metadata.allocatedExperiment':
      hash === 'djb2' ? djb2('homepage_hero_test') : 'homepage_hero_test',
  });
  expect(custom).toMatchObject({ ...common, value: 5, 'metadata.sku': 'A1' });
  if (sdk === 'statsig-js') {
    expect(gate).toMatchObject({ 'statsigMetadata.sdkVersion': expect.any(String) });
  }
  const text = JSON.stringify(heap.calls);
  expect(text).not.toMatch(/PRIVATE|bootstrapMetadata|privateAttributes/);
}

// ---------------------------------------------------------------- @statsig/js-client
/** Values as Statsig sends them by default (djb2) and unhashed. */
const HASHES = ['none', 'djb2'] as const;
/** Hashed values: the plugin names what it is told (the `gates`/`experiments` options). */
const optionsFor = (hash: string) => (hash === 'djb2' ? ALL_NAMES : {});
/** How each version is attached: before 3.5 the client has no `plugins` loop. */
const attachModes = (version: string) =>
  ({
    '3.0.0': ['bind', 'plugins (no loop: bound late)'],
    '3.18.2': ['plugins'],
  })[version] ?? ['plugins', 'bind'];
const JS_CLIENT = matrixVersions('@statsig/js-client')
  .map(({ version, pkg }) => ({ version, pkg, attach: attachModes(version) }))
  .flatMap(({ version, pkg, attach }) =>
    attach.flatMap((how) =>
      (['npm', 'cdn'] as Entry[]).flatMap((entry) =>
        HASHES.map((hash) => ({ version, pkg, how, entry, hash })),
      ),
    ),
  );

describe.each(JS_CLIENT)(
  '@statsig/js-client $version, $entry, $how, $hash',
  ({ pkg, how, entry, hash }) => {
    let keys = 0;
    async function run(withPlugin: boolean) {
      const app = open(entry, `${pkg}/build/statsig-js-client.min.js`);
      const { StatsigClient } =
        entry === 'npm'
          ? npmEntry<{ StatsigClient: any }>(pkg)
          : (app.win as PageWindow)['Statsig'];
      const onError = vi.fn();
      const plugin = withPlugin ? app.plugin({ onError, ...optionsFor(hash) }) : undefined;
      const client = new StatsigClient(`client-matrix-${pkg}-${entry}-${++keys}`, USER, {
        networkConfig: { api: server.api },
        disableStatsigEncoding: true,
        disableCompression: true,
        plugins: plugin && how !== 'bind' ? [plugin] : [],
      });
      if (plugin && how === 'bind') plugin.bind(client);
      client.dataAdapter.setData(JSON.stringify(evaluatedValues(USER, hash)));
      client.initializeSync();
      await null; // a microtask: where the plugin binds itself on a version without the loop
      const heap = app.heap();
      expect(client.checkGate('dark_mode')).toBe(true);
      client.checkGate('dark_mode');
      client.checkGate('beta_banner', { disableExposureLog: true });
      expect(client.getExperiment('checkout_button_color').get('color', '')).toMatch(
        /grey|green|blue/,
      );
      client.getDynamicConfig('app_settings');
      expect(client.getLayer('homepage_layer').get('hero_title', '')).toMatch(
        /Welcome|Build faster/,
      );
      client.logEvent('purchase', 5, { sku: 'A1' });
      server.logged.length = 0;
      await client.flush();
      const logged = normalized(server.logged.flat());
      await client.shutdown();
      return { heap, plugin, logged, onError };
    }

    test('maps, each exposure once, the documented properties; Statsig’s own log unchanged', async () => {
      const bare = await run(false);
      const bound = await run(true);
      expect(bound.logged).toEqual(bare.logged);
      expect(bound.logged.map((e) => e.eventName)).toEqual(LOGGED);
      expectHeapCalls(bound.heap, 'js-client', hash);
      const late = how.startsWith('plugins (no loop');
      expect(bound.plugin.getStats()).toMatchObject({
        received: 7,
        forwarded: 7,
        errors: late ? 1 : 0,
      });
      // Reported, not silent: the app is told to call bind().
      expect(bound.onError.mock.calls.map(([e]) => String(e))).toEqual(
        late ? [expect.stringContaining('call plugin.bind(client)')] : [],
      );
    });
  },
);

// ---------------------------------------------------------------- statsig-js
const STATSIG_JS = matrixVersions('statsig-js').flatMap(({ version, pkg }) =>
  (['npm', 'cdn'] as Entry[]).flatMap((entry) =>
    HASHES.map((hash) => ({ version, entry, hash, pkg })),
  ),
);

describe.each(STATSIG_JS)('statsig-js $version, $entry, $hash', ({ pkg, entry, hash }) => {
  let keys = 0;
  async function run(withPlugin: boolean) {
    const app = open(entry, `${pkg}/build/statsig-prod-web-sdk.js`);
    const statsig =
      entry === 'npm' ? npmEntry<{ default: any }>(pkg).default : app.win?.['statsig'];
    const handle = withPlugin ? app.wrap(statsig, optionsFor(hash)) : undefined;
    // localMode: statsig-js keeps what it would send in its logger's queue (no timers).
    await statsig.initialize(`client-matrix-${pkg}-${entry}-${++keys}`, USER, {
      initializeValues: evaluatedValues(USER, hash),
      localMode: true,
      disableAutoMetricsLogging: true,
    });
    const heap = app.heap();
    expect(statsig.checkGate('dark_mode')).toBe(true);
    statsig.checkGate('dark_mode');
    statsig.checkGateWithExposureLoggingDisabled('beta_banner');
    expect(statsig.getExperiment('checkout_button_color').get('color', '')).toMatch(
      /grey|green|blue/,
    );
    statsig.getConfig('app_settings');
    expect(statsig.getLayer('homepage_layer').get('hero_title', '')).toMatch(
      /Welcome|Build faster/,
    );
    statsig.logEvent('purchase', 5, { sku: 'A1' });
    const logged = normalized(statsig.instance.getLogger().queue);
    statsig.shutdown();
    handle?.detach();
    return { heap, handle, logged };
  }

  test('maps, each exposure once, the documented properties; Statsig’s own log unchanged', async () => {
    const bare = await run(false);
    const bound = await run(true);
    expect(bound.logged).toEqual(bare.logged);
    expect(bound.logged.map((e) => e.eventName)).toEqual(LOGGED);
    expectHeapCalls(bound.heap, 'statsig-js', hash);
    expect(bound.handle.getStats()).toMatchObject({ received: 7, forwarded: 7, errors: 0 });
  });
});

// ---------------------------------------------------------------- on-device evaluation
const ON_DEVICE = matrixVersions('@statsig/js-on-device-eval-client').flatMap(({ version, pkg }) =>
  (['npm', 'cdn'] as Entry[]).map((entry) => ({ version, pkg, entry })),
);

describe.each(ON_DEVICE)('@statsig/js-on-device-eval-client $version, $entry', ({ pkg, entry }) => {
  let keys = 0;
  async function run(withPlugin: boolean) {
    const app = open(entry, `${pkg}/build/statsig-js-on-device-eval-client.min.js`);
    const { StatsigOnDeviceEvalClient } =
      entry === 'npm'
        ? npmEntry<{ StatsigOnDeviceEvalClient: any }>(pkg)
        : (app.win as PageWindow)['Statsig'];
    const plugin = withPlugin ? app.plugin({}) : undefined;
    const client = new StatsigOnDeviceEvalClient(`client-matrix-${pkg}-${entry}-${++keys}`, {
      networkConfig: { api: server.api },
      disableStatsigEncoding: true,
      disableCompression: true,
    });
    plugin?.bind(client);
    client.dataAdapter.setData(SAMPLE_SPECS);
    client.initializeSync();
    const heap = app.heap();
    expect(heap.calls).toEqual([]); // no user yet: nothing to report
    expect(client.checkGate('dark_mode', USER)).toBe(true);
    client.checkGate('dark_mode', USER);
    client.checkGate('beta_banner', USER, { disableExposureLog: true });
    expect(client.getExperiment('checkout_button_color', USER).get('color', '')).toMatch(
      /grey|green|blue/,
    );
    client.getDynamicConfig('app_settings', USER);
    expect(client.getLayer('homepage_layer', USER).get('hero_title', '')).toMatch(
      /Welcome|Build faster/,
    );
    client.logEvent('purchase', USER, 5, { sku: 'A1' });
    server.logged.length = 0;
    await client.flush();
    const logged = normalized(server.logged.flat());
    await client.shutdown();
    return { heap, plugin, logged };
  }

  test('maps for the first user seen, each exposure once, the documented properties; Statsig’s log unchanged', async () => {
    const bare = await run(false);
    const bound = await run(true);
    expect(bound.logged).toEqual(bare.logged);
    expect(bound.logged.map((e) => e.eventName)).toEqual(LOGGED);
    expectHeapCalls(bound.heap, 'on-device', 'none');
    expect(bound.plugin.getStats()).toMatchObject({ received: 7, forwarded: 7, errors: 0 });
  });
});
