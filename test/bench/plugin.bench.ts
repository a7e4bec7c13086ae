import { StatsigClient } from '@statsig/js-client';
import { StatsigOnDeviceEvalClient } from '@statsig/js-on-device-eval-client';
import posthog from 'posthog-js';
import { afterAll, test } from 'vitest';
import { type StatsigHeapOptions, StatsigHeapPlugin } from '../../src';
import { MAX_REMEMBERED } from '../../src/exposure-memory';
import { toHeapProperties } from '../../src/heap-limits';
import { bundledSize, fileSize, JS_CLIENT_ENTRY } from '../support/bundle-size';
import { installClassicSnippet, removeHeap } from '../support/heap-stand-in';
import { initializeResponse } from '../support/statsig-values';

// `npm run bench`. Each figure is a ratio of timings taken side by side in one run, on the
// same page, with the real SDK in jsdom and Heap's classic stub; absolute times are shown for
// context only. Paired rounds alternate which side goes first, and nothing forces garbage
// collection inside a timed block. The spread is min / median / max of the per-round ratio.
const rows: [string, string, string][] = [];
const report = (name: string, measured: string, goal: string) => rows.push([name, measured, goal]);
afterAll(() => {
  const head = ['figure', 'measured (min / median / max over rounds)', 'goal'];
  const widths = [0, 1, 2].map((i) => Math.max(...[...rows, head].map((r) => r[i]?.length ?? 0)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(
    ['', line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line), ''].join('\n'),
  );
});

const median = (list: number[]) =>
  [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
const spread = (ratios: number[]) => {
  const sorted = [...ratios].sort((a, b) => a - b);
  const f = (n: number | undefined) => `${(n ?? 0).toFixed(2)}×`;
  return `${f(sorted[0])} / ${f(median(sorted))} / ${f(sorted[sorted.length - 1])}`;
};
const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
const timed = (fn: () => void) => {
  const start = performance.now();
  fn();
  return performance.now() - start;
};

let keys = 0;
/**
 * Shuts a client down and takes it out of Statsig's page-wide registry
 * (`__STATSIG__.instances`), which keeps every client ever made: otherwise thousands of bench
 * clients stay alive and later figures measure the garbage collector instead.
 */
function release(c: object) {
  void (c as { shutdown(): Promise<void> }).shutdown();
  const registry = (window as { __STATSIG__?: { instances?: Record<string, object> } }).__STATSIG__
    ?.instances;
  for (const key in registry) if (registry[key] === c) delete registry[key];
}
const user = { userID: 'bench-user', email: 'ada@example.com', custom: { plan: 'pro' } };

/** A page's project: 20 gates and 5 experiments, copies of the sample project's generated entries. */
function pageValues(u: Record<string, unknown>) {
  const values = initializeResponse({ user: u });
  const gate = values.feature_gates['new_checkout_flow'];
  const exp = values.dynamic_configs['checkout_button_color'];
  for (let i = 0; i < 20; i++) {
    values.feature_gates[`gate_${i}`] = { ...gate, name: `gate_${i}`, value: i % 3 === 0 } as never;
  }
  for (let i = 0; i < 5; i++) {
    values.dynamic_configs[`experiment_${i}`] = {
      ...exp,
      name: `experiment_${i}`,
      group_name: i % 2 ? 'Test' : 'Control',
    } as never;
  }
  return JSON.stringify(values);
}
const PAGE_VALUES = pageValues(user);

function freshClient(options: StatsigHeapOptions | undefined) {
  const c = new StatsigClient(`client-bench-${++keys}`, user, {
    networkConfig: { preventAllNetworkTraffic: true },
    plugins: options ? [new StatsigHeapPlugin({ initializeEvents: false, ...options })] : [],
  });
  c.dataAdapter.setData(PAGE_VALUES);
  c.initializeSync();
  return c;
}

/** A page's work: 20 gate checks, 5 experiments, 5 custom events, each a first exposure. */
function page(c: StatsigClient, logging = true) {
  const options = { disableExposureLog: !logging };
  for (let i = 0; i < 20; i++) c.checkGate(`gate_${i}`, options);
  for (let i = 0; i < 5; i++) c.getExperiment(`experiment_${i}`, options);
  if (logging) for (let i = 0; i < 5; i++) c.logEvent('add_to_cart', i, { sku: `SKU-${i}` });
}

/**
 * Rounds of side-by-side timings: each round makes forty fresh clients per variant (untimed),
 * then times each variant’s work on its forty (several milliseconds: above the timer’s noise), in
 * an order that alternates between rounds.
 */
function paired(
  rounds: number,
  variants: Record<string, StatsigHeapOptions | undefined>,
  work: (c: StatsigClient, name: string) => void,
  prepare: (c: StatsigClient) => void = () => {},
) {
  const names = Object.keys(variants);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let r = 0; r < rounds + 3; r++) {
    const clients = Object.fromEntries(
      names.map((n) => [
        n,
        Array.from({ length: PAGES_PER_ROUND }, () => freshClient(variants[n])),
      ]),
    );
    for (const list of Object.values(clients)) list.forEach(prepare);
    (window.heap as unknown[]).length = 0;
    const order = r % 2 ? [...names].reverse() : names;
    for (const name of order) {
      const t = timed(() => {
        for (const c of clients[name] ?? []) work(c, name);
      });
      if (r >= 3) times[name]?.push(t / PAGES_PER_ROUND); // the first rounds warm up
    }
    for (const list of Object.values(clients)) list.forEach(release);
  }
  return times;
}
const PAGES_PER_ROUND = 40;
const ratios = (a: number[], b: number[]) => a.map((t, i) => t / (b[i] as number));

test('1–3. a page’s work: bound ÷ bare, the plugin’s cost ÷ the SDK’s, and first exposures', () => {
  removeHeap();
  installClassicSnippet();
  localStorage.clear();
  // dedupe: 'first' with its storage filled to the bound, as on a long-lived browser.
  localStorage.setItem(
    'statsig-heap:first',
    JSON.stringify(Array.from({ length: MAX_REMEMBERED }, (_, i) => `${i}.${i * 7}`)),
  );
  const t = paired(
    25,
    { bare: undefined, bareNoLog: undefined, bound: {}, first: { dedupe: 'first' } },
    (c, name) => page(c, name !== 'bareNoLog'),
  );
  const [bare, noLog, bound, first] = ['bare', 'bareNoLog', 'bound', 'first'].map(
    (name) => t[name] ?? [],
  ) as [number[], number[], number[], number[]];
  report(
    '1. a page (20 gates, 5 experiments, 5 events): bound ÷ bare',
    `${spread(ratios(bound, bare))} (${us(median(bare))} → ${us(median(bound))} a page)`,
    '≤ 1.5×',
  );
  // Per round: what the plugin adds (bound − bare) against what the SDK spends logging the
  // same 30 events (bare − the same checks with exposure logging off and no events).
  const plugin = bound.map((b, i) => b - (bare[i] as number));
  const sdk = bare.map((b, i) => b - (noLog[i] as number));
  report(
    '2. per forwarded exposure: plugin’s cost ÷ SDK’s own logging cost',
    `${spread(ratios(plugin, sdk))} (${us(median(plugin) / 30)} vs ${us(median(sdk) / 30)} per event)`,
    '≤ 0.75×',
  );
  report(
    "3. the page with dedupe: 'first', storage full (1,000) ÷ default",
    `${spread(ratios(first, bound))}`,
    '≤ 1.3×',
  );
  localStorage.clear();
});

test('4. repeated checks (the SDK de-duplicates them): bound ÷ bare', () => {
  removeHeap();
  installClassicSnippet();
  // The first checks (exposures) happen untimed; what is timed are the repeats.
  const t = paired(
    25,
    { bare: undefined, bound: {} },
    (c) => {
      for (let i = 0; i < 20; i++) c.checkGate(`gate_${i}`);
      for (let i = 0; i < 5; i++) c.getExperiment(`experiment_${i}`);
    },
    (c) => page(c),
  );
  report(
    '4. repeated checks (first ones untimed): bound ÷ bare',
    spread(ratios(t['bound'] as number[], t['bare'] as number[])),
    '≤ 1.1×',
  );
});

/** 1,000 gates and 1,000 experiments, as values (js-client) and as config specs (on-device). */
function bigValues() {
  const values = JSON.parse(PAGE_VALUES);
  const gate = values.feature_gates['new_checkout_flow'];
  const exp = values.dynamic_configs['checkout_button_color'];
  for (let i = 0; i < 1000; i++) {
    values.feature_gates[`gate_${i}`] = { ...gate, name: `gate_${i}`, value: i % 3 === 0 };
    values.dynamic_configs[`experiment_${i}`] = {
      ...exp,
      name: `experiment_${i}`,
      group_name: i % 2 ? 'Test' : 'Control',
    };
  }
  return JSON.stringify(values);
}
function bigSpecs() {
  const rule = (id: string, extra: object) => ({
    name: id,
    id,
    salt: id,
    passPercentage: 100,
    idType: 'userID',
    configDelegate: null,
    conditions: [
      {
        type: 'public',
        targetValue: null,
        operator: null,
        field: null,
        additionalValues: null,
        idType: 'userID',
      },
    ],
    ...extra,
  });
  const spec = (name: string, entity: string, rules: object[]) => ({
    name,
    type: entity === 'feature_gate' ? 'feature_gate' : 'dynamic_config',
    salt: name,
    defaultValue: entity === 'feature_gate' ? false : {},
    enabled: true,
    idType: 'userID',
    entity,
    isActive: true,
    explicitParameters: null,
    hasSharedParams: false,
    rules,
  });
  return JSON.stringify({
    has_updates: true,
    time: 1764115200000,
    feature_gates: Array.from({ length: 1000 }, (_, i) =>
      spec(`gate_${i}`, 'feature_gate', [rule(`g${i}`, { returnValue: true })]),
    ),
    dynamic_configs: Array.from({ length: 1000 }, (_, i) =>
      spec(`experiment_${i}`, 'experiment', [
        rule(`e${i}`, { returnValue: { v: i }, isExperimentGroup: true, groupName: 'Test' }),
      ]),
    ),
    layer_configs: [],
  });
}

test('5. initialize events for 1,000 gates and 1,000 experiments ÷ the SDK’s initializeSync', () => {
  removeHeap();
  installClassicSnippet();
  const json = bigValues();
  const ratiosJs: number[] = [];
  const plugin: number[] = [];
  for (let r = 0; r < 20; r++) {
    const c = new StatsigClient(`client-bench-${++keys}`, user, {
      networkConfig: { preventAllNetworkTraffic: true },
    });
    c.dataAdapter.setData(json);
    const init = timed(() => c.initializeSync());
    (window.heap as unknown[]).length = 0;
    const maps = timed(() => new StatsigHeapPlugin().bind(c)); // Ready: builds and sends both maps
    if (r >= 3) {
      ratiosJs.push(maps / init);
      plugin.push(maps);
    }
    release(c);
  }
  report(
    '5. @statsig/js-client: initialize events ÷ initializeSync',
    `${spread(ratiosJs)} (${us(median(plugin))} for both maps)`,
    '≤ 0.25×',
  );

  const specs = bigSpecs();
  const ratiosOd: number[] = [];
  const od: number[] = [];
  for (let r = 0; r < 12; r++) {
    const c = new StatsigOnDeviceEvalClient(`client-bench-od-${++keys}`, {
      networkConfig: { preventAllNetworkTraffic: true },
    } as never);
    new StatsigHeapPlugin().bind(c);
    c.dataAdapter.setData(specs);
    const init = timed(() => c.initializeSync());
    (window.heap as unknown[]).length = 0;
    // A new user's first check: the client evaluates all 2,000 for them, then both maps go.
    const maps = timed(() => c.checkGate('gate_1', { userID: `new-user-${r}` }));
    if (r >= 2) {
      ratiosOd.push(maps / init);
      od.push(maps);
    }
    release(c);
  }
  report(
    '5b. on-device client: a new user’s first check (maps) ÷ initializeSync',
    `${spread(ratiosOd)} (${us(median(od))} per new user)`,
    'measured (issue: compatibility)',
  );
});

test('7. memory: 400 user switches on a project of 2,000 gates', () => {
  removeHeap();
  installClassicSnippet();
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapUsed = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const values = JSON.parse(bigValues());
  const measure = (plugins: StatsigHeapPlugin[]) => {
    const c = new StatsigClient(`client-bench-${++keys}`, user, {
      networkConfig: { preventAllNetworkTraffic: true },
      plugins,
    });
    c.dataAdapter.setData(JSON.stringify(values));
    c.initializeSync();
    const before = heapUsed();
    for (let i = 0; i < 400; i++) {
      const u = { userID: `switch-${i}` };
      c.dataAdapter.setData(JSON.stringify({ ...values, user: u }));
      c.updateUserSync(u);
      (window.heap as unknown[]).length = 0;
    }
    const after = heapUsed();
    release(c);
    return after - before;
  };
  measure([]); // warm up
  const bare = measure([]);
  const bound = measure([new StatsigHeapPlugin()]);
  report(
    '7. memory after 400 user switches, 2,000 gates (maps sent each time)',
    `${((bound - bare) / 1024 / 1024).toFixed(2)} MiB more than without the plugin`,
    'constant (not per user)',
  );
});

test('8. memory held after 100,000 events with Heap absent (an ad blocker)', () => {
  removeHeap();
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapUsed = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const measure = (options?: StatsigHeapOptions) => {
    const c = freshClient(options);
    const before = heapUsed();
    for (let i = 0; i < 100_000; i++) c.logEvent('blocked', i, { sku: `SKU-${i}` });
    const after = heapUsed();
    release(c);
    return after - before;
  };
  measure(); // warm up
  const bare = measure();
  const bound = measure({});
  report(
    '8. held after 100,000 events, Heap absent',
    `${Math.max(0, (bound - bare) / 1024).toFixed(0)} KiB more than without the plugin (1,000 calls held, the rest dropped and counted)`,
    'bounded by bufferSize (1,000)',
  );
});

test('6. the worst property input we could build: time to build one Heap call', () => {
  const shared = (width: number, depth: number) => {
    let node: Record<string, unknown> = { leaf: 'x' };
    for (let d = 0; d < depth; d++) {
      const next: Record<string, unknown> = {};
      for (let i = 0; i < width; i++) next[`k${i}`] = node;
      node = next;
    }
    return node;
  };
  let deepList: unknown[] = ['x'];
  for (let d = 0; d < 9; d++) deepList = Array(12).fill(deepList);
  const inputs: Record<string, unknown> = {
    'shared references (12 wide, 6 deep: 3,000,000 paths)': shared(12, 6),
    'arrays of shared arrays (12^9 leaves)': { list: deepList },
    'a wide object (50,000 keys)': Object.fromEntries(
      Array.from({ length: 50_000 }, (_, i) => [`k${i}`, i]),
    ),
    'a long string (10 MB)': { text: 'x'.repeat(10_000_000) },
  };
  for (const [name, input] of Object.entries(inputs)) {
    const samples = Array.from({ length: 15 }, () => timed(() => toHeapProperties(input)));
    const sorted = samples.slice(3).sort((a, b) => a - b);
    report(
      `6. ${name}`,
      `${us(sorted[0] as number)} / ${us(median(sorted))} / ${us(sorted[sorted.length - 1] as number)}`,
      'bounded (≤ 1,000 properties)',
    );
  }
});

test('sizes (gzip -9) and the anchors beside them', async () => {
  const kb = (s: { raw: number; gzip: number }) =>
    `${(s.raw / 1024).toFixed(1)} KiB raw, ${s.gzip} B gz`;
  const iife = fileSize('dist/statsig-heap.min.js');
  const esm = await bundledSize(JS_CLIENT_ENTRY);
  const js = fileSize('node_modules/@statsig/js-client/build/statsig-js-client.min.js');
  const withWa = fileSize(
    'node_modules/@statsig/js-client/build/statsig-js-client+web-analytics.min.js',
  );
  report('size: statsig-heap script tag (every feature)', kb(iife), '≤ 4,096 B gz');
  report('size: statsig-heap ESM, js-client only, bundled', kb(esm), '≤ 3,584 B gz');
  report(
    'anchor: @statsig/web-analytics (added to the js-client build)',
    kb({ raw: withWa.raw - js.raw, gzip: withWa.gzip - js.gzip }),
    'for comparison',
  );
  report('anchor: @statsig/js-client browser build', kb(js), 'for comparison');
});

test('anchor: a loaded analytics library’s own cost per event (posthog-js capture)', () => {
  // Heap's library is not on npm; posthog-js is, and does the same job: build an event's
  // properties and queue it. Network off (batched to a closed port, flushed after the test).
  const ph = posthog.init(
    'phc_bench',
    {
      api_host: 'http://127.0.0.1:9',
      autocapture: false,
      capture_pageview: false,
      capture_pageleave: false,
      disable_session_recording: true,
      disable_surveys: true,
      advanced_disable_flags: true,
      persistence: 'memory',
      request_batching: true,
      rate_limiting: { events_per_second: 1e9, events_burst_limit: 1e9 },
    },
    'bench',
  ) as typeof posthog;
  const perEvent: number[] = [];
  for (let r = 0; r < 28; r++) {
    const t = timed(() => {
      for (let i = 0; i < 30; i++) ph.capture('add_to_cart', { sku: `SKU-${i}`, value: i });
    });
    if (r >= 3) perEvent.push(t / 30);
  }
  report(
    'anchor: posthog-js 1.449 capture() per event, jsdom (min / median / max)',
    `${us(Math.min(...perEvent))} / ${us(median(perEvent))} / ${us(Math.max(...perEvent))}`,
    'for comparison',
  );
  ph.opt_out_capturing();
});
