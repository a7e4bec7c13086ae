import { StatsigClient } from '@statsig/js-client';
import { afterAll, test } from 'vitest';
import { StatsigHeapPlugin } from '../../src';
import { bundledSize, fileSize, JS_CLIENT_ENTRY } from '../support/bundle-size';
import { installClassicSnippet, removeHeap } from '../support/heap-stand-in';
import { initializeResponse } from '../support/statsig-values';

// Each figure is a ratio of two timings taken in the same run, on the same machine, with the
// real SDK in jsdom; absolute times are printed for context only. Heap is the classic stub.
const rows: [string, string, string][] = [];
const report = (name: string, measured: string, goal: string) => rows.push([name, measured, goal]);
afterAll(() => {
  const widths = [0, 1, 2].map((i) =>
    Math.max(...[...rows, ['figure', 'measured', 'goal']].map((r) => r[i]?.length ?? 0)),
  );
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  console.log(
    [
      '',
      line(['figure', 'measured', 'goal']),
      line(widths.map((w) => '-'.repeat(w))),
      ...rows.map(line),
      '',
    ].join('\n'),
  );
});

let keys = 0;
const GATES = 1000;
function bigValues(user: Record<string, unknown>, experiments = 0) {
  const values = initializeResponse({ user });
  const gate = values.feature_gates['my_gate'];
  const exp = values.dynamic_configs['my_exp'];
  for (let i = 0; i < GATES; i++)
    values.feature_gates[`gate_${i}`] = { ...gate, name: `gate_${i}`, value: i % 3 === 0 } as never;
  for (let i = 0; i < experiments; i++) {
    values.dynamic_configs[`experiment_${i}`] = {
      ...exp,
      name: `experiment_${i}`,
      group_name: i % 2 ? 'Test' : 'Control',
    } as never;
  }
  return values;
}
function client(plugins: StatsigHeapPlugin[], values: object, user: Record<string, unknown>) {
  const c = new StatsigClient(`client-bench-${++keys}`, user, {
    networkConfig: { preventAllNetworkTraffic: true },
    disableEvaluationMemoization: true,
    plugins,
  });
  c.dataAdapter.setData(JSON.stringify(values));
  c.initializeSync();
  return c;
}
/** Median of `rounds` timings of `fn`, after `setup` (untimed) each round. */
function time(
  rounds: number,
  fn: (round: number) => void,
  setup: (round: number) => void = () => {},
) {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    setup(r);
    const start = performance.now();
    fn(r);
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] as number;
}
const ms = (n: number) => `${n.toFixed(2)} ms`;

test('1. checks with the plugin bound vs without', () => {
  removeHeap();
  installClassicSnippet();
  const user = { userID: 'bench' };
  const values = bigValues(user);
  const bare = client([], values, user);
  const bound = client([new StatsigHeapPlugin({ initializeEvents: false })], values, user);
  const users = Array.from({ length: 30 }, (_, i) => ({ userID: `bench-${i}` }));
  const data = users.map((u) => JSON.stringify(bigValues(u)));
  const run = (c: StatsigClient) => () => {
    for (let i = 0; i < GATES; i++) c.checkGate(`gate_${i}`);
  };
  // Every check an exposure: a new user each round resets the SDK's de-duplication (untimed).
  const fresh = (c: StatsigClient) => (r: number) => {
    (window.heap as unknown[]).length = 0;
    c.dataAdapter.setData(data[r] as string);
    c.updateUserSync(users[r] as never);
  };
  for (const c of [bare, bound]) time(5, run(c), fresh(c)); // warm up
  const tBare = time(25, run(bare), (r) => fresh(bare)(r + 5));
  const tBound = time(25, run(bound), (r) => fresh(bound)(r + 5));
  report(
    '1. 1,000 checks, each an exposure: bound ÷ bare',
    `${(tBound / tBare).toFixed(2)}× (${ms(tBare)} → ${ms(tBound)})`,
    '≤ 1.3×',
  );
  const tBareRepeat = time(25, run(bare));
  const tBoundRepeat = time(25, run(bound));
  report(
    '1b. 1,000 repeated checks (SDK de-duplicates)',
    `${(tBoundRepeat / tBareRepeat).toFixed(2)}× (${ms(tBareRepeat)} → ${ms(tBoundRepeat)})`,
    '≤ 1.3×',
  );

  // 2. Our cost per exposure (bound − bare) vs a bare heap.track with the same properties.
  const sample: [string, Record<string, unknown>][] = [];
  const track = window.heap?.track;
  (window.heap as Record<string, unknown>)['track'] = (
    name: string,
    props: Record<string, unknown>,
  ) => {
    if (sample.length < GATES) sample.push([name, props]);
    track?.(name, props as never);
  };
  fresh(bound)(0);
  run(bound)();
  (window.heap as Record<string, unknown>)['track'] = track;
  const tHeap = time(
    25,
    () => {
      for (const [name, props] of sample) window.heap?.track?.(name, props as never);
    },
    () => {
      (window.heap as unknown[]).length = 0;
    },
  );
  const perExposure = (tBound - tBare) / GATES;
  const perTrack = tHeap / sample.length;
  report(
    '2. per exposure: plugin ÷ bare heap.track',
    `${(perExposure / perTrack).toFixed(2)}× (${(perExposure * 1000).toFixed(2)} µs vs ${(perTrack * 1000).toFixed(2)} µs)`,
    '≤ 3×',
  );
  bare.shutdown();
  bound.shutdown();
});

test('3. initialize events for 1,000 gates and 1,000 experiments vs initializeSync', () => {
  removeHeap();
  installClassicSnippet();
  const user = { userID: 'bench-init' };
  const values = bigValues(user, 1000);
  const json = JSON.stringify(values);
  const clients: StatsigClient[] = [];
  const tInit = time(
    15,
    () => {
      clients[clients.length - 1]?.initializeSync();
    },
    () => {
      const c = new StatsigClient(`client-bench-${++keys}`, user, {
        networkConfig: { preventAllNetworkTraffic: true },
      });
      c.dataAdapter.setData(json);
      clients.push(c);
    },
  );
  const ready = clients[0] as StatsigClient;
  let sent = 0;
  const tPlugin = time(
    15,
    () => {
      const plugin = new StatsigHeapPlugin();
      plugin.bind(ready); // Ready already: builds and sends both maps now
      sent = plugin.getStats().received;
    },
    () => {
      (window.heap as unknown[]).length = 0;
    },
  );
  report(
    '3. initialize events ÷ SDK initializeSync',
    `${(tPlugin / tInit).toFixed(2)}× (${ms(tPlugin)} vs ${ms(tInit)}, ${sent} events)`,
    '≤ 0.25×',
  );
  for (const c of clients) c.shutdown();
});

test('4. memory held after 100,000 exposures with Heap absent', () => {
  removeHeap();
  const gc = (globalThis as { gc?: () => void }).gc;
  const heapUsed = () => {
    gc?.();
    gc?.();
    return process.memoryUsage().heapUsed;
  };
  const user = { userID: 'bench-memory' };
  const values = initializeResponse({ user });
  const measure = (plugins: StatsigHeapPlugin[]) => {
    const c = client(plugins, values, user);
    const before = heapUsed();
    for (let i = 0; i < 100_000; i++) c.logEvent('blocked', i, { sku: `SKU-${i}` });
    const after = heapUsed();
    c.shutdown();
    return after - before;
  };
  measure([]); // warm up
  const bare = measure([]);
  const plugin = new StatsigHeapPlugin({ initializeEvents: false });
  const bound = measure([plugin]);
  const { pending, dropped } = plugin.getStats();
  report(
    '4. held after 100,000 events, Heap absent',
    `${Math.max(0, (bound - bare) / 1024).toFixed(0)} KiB more than without the plugin; ${pending} calls held, ${dropped} dropped`,
    'bounded by bufferSize (1,000)',
  );
});

test('5. bundle sizes (gzip -9)', async () => {
  const kb = (s: { raw: number; gzip: number }) =>
    `${(s.raw / 1024).toFixed(1)} KiB raw, ${(s.gzip / 1024).toFixed(2)} KiB gz`;
  const iife = fileSize('dist/statsig-heap.min.js');
  const esm = await bundledSize(JS_CLIENT_ENTRY);
  const js = fileSize('node_modules/@statsig/js-client/build/statsig-js-client.min.js');
  const withWa = fileSize(
    'node_modules/@statsig/js-client/build/statsig-js-client+web-analytics.min.js',
  );
  report('5a. statsig-heap script tag (both adapters)', kb(iife), '≤ 3.00 KiB gz');
  report('5b. statsig-heap ESM, js-client only, bundled', kb(esm), '≤ 2.50 KiB gz');
  report(
    '5c. @statsig/web-analytics (added to js-client build)',
    kb({ raw: withWa.raw - js.raw, gzip: withWa.gzip - js.gzip }),
    'for comparison',
  );
  report('5d. @statsig/js-client browser build', kb(js), 'for comparison');
  report(
    '5e. statsig-heap script tag ÷ web-analytics',
    `${(iife.gzip / (withWa.gzip - js.gzip)).toFixed(2)}×`,
    '≤ 0.2×',
  );
});
