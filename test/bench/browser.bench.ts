// @vitest-environment node
// `npm run bench`, the reference figures: what users feel, in Debian's Chromium, with Statsig's
// CDN build and Heap's REAL library (heap.js 5.1.1 from ../shared, with a local ingest). It
// prints one table and asserts nothing: a missed goal is a row that says NO.
//
// Three variants, each in tabs of its own: bare (Statsig alone), naive (the 20-line
// synchronous forwarder anyone would write first: browser/naive-forwarder.js) and plugin
// (dist/statsig-heap.min.js, default options). A page's work is the issue's: a new client for
// a new user (values from statsig-node, initialized untimed), then 20 gate checks, 5
// experiments and 5 custom events, every check a first exposure.
//
// Each round opens a new tab per variant, in an order that rotates, and in it measures:
// - cold: the tab's whole main-thread script time (DevTools' Performance.getMetrics,
//   ScriptDuration) from its creation through its first page and everything that page
//   queued (the plugin's tasks, heap.js's own 2-second cycle): parse, compile and run;
// - warm: after 3 pages, one more: the app's own calls (performance.now() around them, 5 µs
//   resolution: the page is cross-origin isolated; the round's figure is the median of this
//   page and the last two warm ones), and the script time from the page's start through its
//   deferred work and one heap.js cycle;
// - burst: 200 gate checks in one task; the longest task that follows (PerformanceObserver,
//   longtask entries are tasks of 50 ms or more).
// The spread is min / median / max of the per-round ratios; the median is the figure. Then one
// page of the plugin's: every event it made at Heap's ingest, decoded, in order.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, test } from 'vitest';
import { launchChromium } from '../e2e/support/chromium';
import {
  decodeBody,
  INGEST_TYPES,
  type IngestPath,
  loadHeapProtos,
} from '../e2e/support/heap-protos';
import { readHeapLog } from '../e2e/support/heap-records';
import type { IngestRequest } from '../e2e/support/heap-server';
import { heapV5Snippet } from '../e2e/support/heap-snippet';
import { readHeapVendor } from '../e2e/support/heap-vendor';
import { fmt, median, ratios, report, spreadOf, table, us } from './measure';
import { benchUser, evaluator, PAGE_EXPERIMENTS, PAGE_GATES, projectSpecs } from './project';

const QUICK = process.env['BENCH_QUICK'] === '1';
const WARMUP = QUICK ? 0 : 2;
const ROUNDS = QUICK ? 2 : 10;
const WARM_PAGES = 3;
/** heap.js sends every 2 s: a window this long holds one of its cycles. */
const CYCLE = 2100;
const VARIANTS = ['bare', 'naive', 'plugin'] as const;
type Variant = (typeof VARIANTS)[number];

const root = join(import.meta.dirname, '..', '..');
const file = (path: string) => readFileSync(join(root, path));
let browser: Browser;
let base = '';
let close = () => {};
const requests: IngestRequest[] = [];
let users: { user: object; values: string }[] = [];
let nextUser = 0;

/** The bench page of a variant: Heap's v5 snippet (its own environment), Statsig, the variant. */
const benchPage = (
  variant: Variant,
  envId: string,
) => `<!doctype html><html><head><meta charset="utf-8">
<script>${heapV5Snippet(envId, base)}</script>
<script src="/statsig-js-client.min.js"></script>
${variant === 'plugin' ? '<script src="/statsig-heap.min.js"></script>' : ''}
${variant === 'naive' ? '<script src="/naive-forwarder.js"></script>' : ''}
<script src="/bench-driver.js"></script></head><body><p>bench</p></body></html>`;

beforeAll(async () => {
  const project = await evaluator(projectSpecs(PAGE_GATES.length, PAGE_EXPERIMENTS.length));
  users = Array.from(
    { length: (WARMUP + ROUNDS + 2) * VARIANTS.length * (WARM_PAGES + 3) },
    (_, i) => {
      const user = benchUser(i, 'browser');
      return { user, values: project.values(user) };
    },
  );
  project.shutdown();
  const vendor = readHeapVendor();
  const protos = loadHeapProtos(vendor.protos);
  const scripts: Record<string, Buffer> = {
    '/heap_config.js': vendor.heapConfigJs,
    '/v5/heapjs-static/5.1.1/core/heap.js': vendor.heapJs,
    '/statsig-js-client.min.js': file(
      'node_modules/@statsig/js-client/build/statsig-js-client.min.js',
    ),
    '/statsig-heap.min.js': file('dist/statsig-heap.min.js'),
    '/naive-forwarder.js': file('test/bench/browser/naive-forwarder.js'),
    '/bench-driver.js': file('test/bench/browser/bench-driver.js'),
  };
  const read = (req: IncomingMessage) =>
    new Promise<Buffer>((done) => {
      const chunks: Buffer[] = [];
      req
        .on('data', (chunk: Buffer) => chunks.push(chunk))
        .on('end', () => done(Buffer.concat(chunks)));
    });
  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    if (path in INGEST_TYPES) {
      const body = await read(req);
      const decoded = decodeBody(protos, path as IngestPath, body) as any;
      const envId = String(decoded.events?.[0]?.env_id ?? decoded.env_id ?? '');
      requests.push({ seq: requests.length, path: path as IngestPath, body, decoded, envId });
      return res.writeHead(200).end('ok');
    }
    const page = /^\/bench\/(\w+)\/(\w+)$/.exec(path);
    if (page) {
      // Cross-origin isolated: performance.now() to 5 µs instead of 100.
      return res
        .writeHead(200, {
          'content-type': 'text/html',
          'cross-origin-opener-policy': 'same-origin',
          'cross-origin-embedder-policy': 'require-corp',
        })
        .end(benchPage(page[1] as Variant, page[2] as string));
    }
    const script = scripts[path];
    if (script) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  close();
  console.log(table());
});

let envs = 0;
interface Tab {
  page: Page;
  envId: string;
  scriptTime(): Promise<number>;
  close(): Promise<void>;
}
async function openTab(variant: Variant): Promise<Tab> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const envId = `9${process.pid}${String(++envs).padStart(4, '0')}`;
  await page.goto(`${base}/bench/${variant}/${envId}`);
  await page.waitForFunction(() => (window as any).bench.heapReady(), undefined, { polling: 20 });
  return {
    page,
    envId,
    async scriptTime() {
      const { metrics } = await cdp.send('Performance.getMetrics');
      return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
    },
    close: () => context.close(),
  };
}
/** One app page in the tab; the milliseconds of the app's own calls. */
function appPage(tab: Tab, variant: Variant, gates = PAGE_GATES): Promise<number> {
  const { user, values } = users[nextUser++ % users.length] as { user: object; values: string };
  return tab.page.evaluate(
    ([v, key, u, vals, g, e]) => (window as any).bench.pageInTask(v, key, u, vals, g, e),
    [variant, `client-bench-${nextUser}`, user, values, gates, PAGE_EXPERIMENTS] as const,
  );
}
/** Until the plugin holds nothing (at once for the others), then `wait` ms more. */
async function settle(tab: Tab, wait: number) {
  await tab.page.waitForFunction(() => (window as any).bench.pending() === 0, undefined, {
    polling: 5,
  });
  await tab.page.waitForTimeout(wait);
}

test('in Chromium, with Heap’s real library', { timeout: 3_600_000 }, async () => {
  const app: Record<Variant, number[]> = { bare: [], naive: [], plugin: [] };
  const warm: Record<Variant, number[]> = { bare: [], naive: [], plugin: [] };
  const cold: Record<Variant, number[]> = { bare: [], naive: [], plugin: [] };
  const burst: Record<Variant, number[]> = { bare: [], naive: [], plugin: [] };
  let isolated = true;
  for (let round = 0; round < WARMUP + ROUNDS; round++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length] as Variant);
    for (const variant of round % 2 ? order.reverse() : order) {
      const tab = await openTab(variant);
      isolated &&= await tab.page.evaluate(() => crossOriginIsolated);
      await appPage(tab, variant);
      await settle(tab, CYCLE);
      const coldTime = await tab.scriptTime();
      // The app's own calls of the last two warm pages and of the measured one: one page's
      // calls take about 0.5 ms, so the round's figure is the median of three.
      const appTimes: number[] = [];
      for (let i = 0; i < WARM_PAGES; i++) {
        const time = await appPage(tab, variant);
        if (i > 0) appTimes.push(time);
        await settle(tab, 0);
      }
      await tab.page.waitForTimeout(CYCLE); // heap.js's queue as a page leaves it, sent
      const before = await tab.scriptTime();
      appTimes.push(await appPage(tab, variant));
      await settle(tab, CYCLE);
      const warmTime = (await tab.scriptTime()) - before;
      await tab.page.evaluate(() => (window as any).bench.watchLongTasks());
      const burstGates = Array.from({ length: 200 }, (_, i) => `burst_${i}`);
      await appPage(tab, variant, burstGates);
      await settle(tab, 300);
      const longest = await tab.page.evaluate(() => (window as any).bench.longest);
      await tab.close();
      if (round >= WARMUP) {
        app[variant].push(median(appTimes));
        warm[variant].push(warmTime);
        cold[variant].push(coldTime);
        burst[variant].push(longest);
      }
    }
  }
  const appRatio = spreadOf(ratios(app.plugin, app.bare));
  report(
    'app’s own calls, a page: plugin ÷ bare Statsig',
    `${fmt(appRatio)} (bare ${us(median(app.bare))}, plugin ${us(median(app.plugin))})`,
    '≤ 1.25×',
    appRatio.median <= 1.25,
  );
  report(
    'app’s own calls, a page: naive synchronous forwarder ÷ bare',
    `${fmt(spreadOf(ratios(app.naive, app.bare)))} (naive ${us(median(app.naive))})`,
    'context',
  );
  const warmRatio = spreadOf(ratios(warm.plugin, warm.naive));
  report(
    'main-thread script time, a warm page and its deferred work: plugin ÷ naive',
    `${fmt(warmRatio)} (naive ${us(median(warm.naive))}, plugin ${us(median(warm.plugin))})`,
    '≤ 1.10×',
    warmRatio.median <= 1.1,
  );
  const coldRatio = spreadOf(ratios(cold.plugin, cold.naive));
  report(
    'main-thread script time, a cold first page (parse, compile, run): plugin ÷ naive',
    `${fmt(coldRatio)} (naive ${us(median(cold.naive))}, plugin ${us(median(cold.plugin))})`,
    '≤ 1.15×',
    coldRatio.median <= 1.15,
  );
  for (const variant of VARIANTS) {
    const longest = spreadOf(burst[variant]);
    report(
      `200 gate checks in one task: the longest task, ${variant}`,
      `${fmt(longest, (n) => (n ? us(n) : 'none'))}`,
      variant === 'plugin' ? 'no task of 50 ms or more' : 'context',
      variant === 'plugin'
        ? longest.max < 50 && longest.max === 0
          ? true
          : longest.max < 50
        : undefined,
    );
  }
  report(
    'performance.now() resolution',
    isolated ? '5 µs (cross-origin isolated)' : '100 µs',
    'context',
  );

  // Every event the plugin made, at Heap's ingest, in order.
  const tab = await openTab('plugin');
  await appPage(tab, 'plugin');
  const expected = [
    'Statsig Feature Gates',
    'Statsig Experiments',
    ...PAGE_GATES.map(() => 'statsig::gate_exposure'),
    ...PAGE_EXPERIMENTS.map(() => 'statsig::experiment_exposure'),
    ...Array(5).fill('add_to_cart'),
  ];
  const deadline = Date.now() + 60_000;
  let names: string[] = [];
  while (Date.now() < deadline) {
    names = readHeapLog(requests, tab.envId).ours.map((entry) => entry.name as string);
    if (names.length >= expected.length) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await tab.close();
  const inOrder = JSON.stringify(names) === JSON.stringify(expected);
  report(
    'every event of a page at Heap’s ingest (heap.js, decoded), in order',
    `${names.length} of ${expected.length}${inOrder ? ', in order' : ', NOT in order'}`,
    'all, in order',
    inOrder,
  );
});
