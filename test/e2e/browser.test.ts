import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error the demo server is plain JavaScript
import { startDemo } from '../../examples/demo/server.mjs';

// Debian's Chromium, never a downloaded one; flags keep it off the network.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

type HeapCall = { method: string; args: unknown[] };
let browser: Browser;
let server: Server;
let base: string;

beforeAll(async () => {
  ({ server, url: base } = await startDemo(0));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

async function open(path: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  (page as Page & { errors: string[] }).errors = errors;
  // Nothing may leave 127.0.0.1.
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
  await page.goto(base + path.replace(/^\//, ''));
  return page;
}
const calls = (page: Page) =>
  page.evaluate(() => (window as unknown as { __heapCalls?: HeapCall[] }).__heapCalls ?? []);
const waitForCalls = (page: Page, n: number) =>
  page.waitForFunction(
    (count) =>
      ((window as unknown as { __heapCalls?: unknown[] }).__heapCalls ?? []).length >= count,
    n,
  );
/** A readable digest: the method and event name, plus the properties that matter here. */
const digest = (list: HeapCall[], keys: string[] = []) =>
  list.map(({ method, args }) => {
    const [first, props] = args as [unknown, Record<string, unknown> | undefined];
    if (method !== 'track') return [method, first];
    const picked = Object.fromEntries(
      keys.filter((k) => props && k in props).map((k) => [k, props?.[k]]),
    );
    return Object.keys(picked).length ? [first, picked] : [first];
  });

describe('the demo page', () => {
  test('shows each Heap call as the app makes Statsig calls', async () => {
    const page = await open('/');
    await waitForCalls(page, 2);
    await page.click('#check-gate');
    await page.click('#read-experiment');
    await page.click('#read-layer');
    await page.click('#read-config');
    await page.click('#log-event');
    await page.click('#check-gate'); // a repeat: the SDK logs it once, so does Heap
    await page.click('#switch-user');
    await waitForCalls(page, 11);
    const list = await calls(page);
    expect(
      digest(list, [
        'userID',
        'metadata.gate',
        'metadata.experimentGroupName',
        'metadata.parameterName',
        'value',
      ]),
    ).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'alice', 'metadata.gate': 'new_checkout_flow' }],
      [
        'statsig::experiment_exposure',
        { userID: 'alice', 'metadata.experimentGroupName': expect.any(String) },
      ],
      ['addEventProperties', { 'Statsig: checkout_button_color': expect.any(String) }],
      ['statsig::layer_exposure', { userID: 'alice', 'metadata.parameterName': 'hero_title' }],
      ['statsig::config_exposure', { userID: 'alice' }],
      ['add_to_cart', { userID: 'alice', value: 29.99 }],
      ['removeEventProperty', 'Statsig: checkout_button_color'],
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
    ]);
    // Evaluated by statsig-node on the sample project, as Statsig would.
    expect(list[0]?.args[1]).toEqual({
      new_checkout_flow: expect.any(Boolean),
      dark_mode: true,
      beta_banner: false,
      enterprise_sso: false,
      acme_beta: false,
    });
    // bob is on the enterprise plan, at company acme
    expect(list[9]?.args[1]).toMatchObject({ enterprise_sso: true, acme_beta: true });
    expect(await page.locator('#result').textContent()).toBe(
      'Now bob. Heap received: heap.removeEventProperty, Statsig Feature Gates, Statsig Experiments.',
    );
    expect(JSON.stringify(list)).not.toContain('555-0100'); // alice's private attribute
    // The page shows them: one list item per call.
    expect(await page.locator('#calls li').count()).toBe(11);
    expect(await page.locator('#calls li').first().textContent()).toContain('Statsig Experiments');
    mkdirSync('artifacts', { recursive: true });
    await page.waitForTimeout(800); // let the arrival highlight fade
    await page.screenshot({ path: 'artifacts/demo.png' });
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  test('events sent before Heap’s snippet exists arrive, once and in order, when it does', async () => {
    const page = await open('/?lateHeap=1');
    await page.waitForFunction(
      () =>
        (window as unknown as { demo?: { client: { loadingStatus: string } } }).demo?.client
          .loadingStatus === 'Ready',
    );
    await page.click('#check-gate');
    await page.click('#log-event');
    expect(await page.evaluate(() => typeof (window as unknown as { heap?: unknown }).heap)).toBe(
      'undefined',
    );
    const pending = await page.evaluate(
      () =>
        (
          window as unknown as { demo: { plugin: { getStats(): { pending: number } } } }
        ).demo.plugin.getStats().pending,
    );
    expect(pending).toBe(4);
    await waitForCalls(page, 4);
    await page.click('#read-layer');
    await waitForCalls(page, 5);
    await page.waitForTimeout(300);
    expect(digest(await calls(page))).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure'],
      ['add_to_cart'],
      ['statsig::layer_exposure'],
    ]);
    await page.close();
  });
});

describe('the script-tag examples', () => {
  test('classic snippet + Statsig CDN build + statsig-heap', async () => {
    const page = await open('/examples/script-tag-classic.html');
    await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    await page.click('#check');
    await page.click('#experiment');
    await page.click('#event');
    await waitForCalls(page, 5);
    expect(digest(await calls(page), ['userID', 'metadata.gate', 'metadata.config'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'alice', 'metadata.gate': 'new_checkout_flow' }],
      [
        'statsig::experiment_exposure',
        { userID: 'alice', 'metadata.config': 'checkout_button_color' },
      ],
      ['add_to_cart', { userID: 'alice' }],
    ]);
    expect(await page.locator('#calls li').count()).toBe(5); // the page lists what Heap received
    await page.close();
  });

  test('v5 snippet (heapReadyCb) + Statsig CDN build + statsig-heap', async () => {
    const page = await open('/examples/script-tag-v5.html');
    await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    await page.click('#check');
    await page.click('#layer');
    await waitForCalls(page, 5);
    expect(digest(await calls(page), ['userID'])).toEqual([
      ['identify', 'bob'],
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'bob' }],
      ['statsig::layer_exposure', { userID: 'bob' }],
    ]);
    await page.close();
  });

  test('statsig-js by script tag, wrapped with one line', async () => {
    const page = await open('/examples/statsig-js-script-tag.html');
    await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    await page.click('#check');
    await page.click('#check');
    await page.click('#experiment');
    await page.click('#event');
    await waitForCalls(page, 5);
    expect(digest(await calls(page), ['userID', 'statsigMetadata.sdkType'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'carol', 'statsigMetadata.sdkType': 'js-client' }],
      ['statsig::experiment_exposure', { userID: 'carol', 'statsigMetadata.sdkType': 'js-client' }],
      ['add_to_cart', { userID: 'carol', 'statsigMetadata.sdkType': 'js-client' }],
    ]);
    await page.close();
  });

  test('on-device evaluation client by script tag: maps per user at their first check', async () => {
    const page = await open('/examples/on-device-script-tag.html');
    await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    await page.click('#check-alice');
    await page.click('#experiment-alice');
    await page.click('#check-bob');
    await page.click('#event-bob');
    await waitForCalls(page, 8);
    const list = await calls(page);
    expect(digest(list, ['userID', 'metadata.experimentGroupName'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'alice' }],
      [
        'statsig::experiment_exposure',
        { userID: 'alice', 'metadata.experimentGroupName': expect.any(String) },
      ],
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'bob' }],
      ['purchase', { userID: 'bob' }],
    ]);
    expect(list[0]?.args[1]).toMatchObject({ enterprise_sso: false }); // alice is on pro
    expect(list[4]?.args[1]).toMatchObject({ enterprise_sso: true }); // bob is on enterprise
    expect(await page.locator('#calls li').count()).toBe(8);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });
});

describe('a bootstrapped page', () => {
  test('values made by statsig-node on the server: no initialize request, maps and exposures in Heap', async () => {
    const requests: string[] = [];
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
    await page.goto(`${base}examples/bootstrap/`);
    await page.click('#check');
    await page.click('#experiment');
    await waitForCalls(page, 4);
    const list = await calls(page);
    expect(digest(list, ['userID', 'metadata.gateValue'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'frank', 'metadata.gateValue': 'true' }],
      ['statsig::experiment_exposure', { userID: 'frank' }],
    ]);
    expect(list[0]?.args[1]).toMatchObject({ enterprise_sso: true, dark_mode: true });
    expect(requests.filter((path) => path.includes('/initialize'))).toEqual([]);
    await page.close();
  });
});

describe('every page at phone and desktop width', () => {
  const pages = [
    '/',
    '/examples/',
    '/examples/script-tag-classic.html',
    '/examples/script-tag-v5.html',
    '/examples/statsig-js-script-tag.html',
    '/examples/on-device-script-tag.html',
    '/examples/bootstrap/',
    '/examples/npm-esm/',
    '/examples/react/',
  ];
  test.each(pages.flatMap((path) => [390, 1280].map((width) => ({ path, width }))))(
    '$path at $width px: nothing wider than the screen, after every button',
    async ({ path, width }) => {
      const page = await browser.newPage({ viewport: { width, height: 844 } });
      await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
      await page.goto(base + path.replace(/^\//, ''));
      await page.waitForLoadState('networkidle');
      for (const button of await page.locator('button').all()) await button.click();
      await page.waitForTimeout(200);
      const overflow = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const wide = Array.from(document.querySelectorAll('body *'))
          .filter((el) => el.getBoundingClientRect().right > width + 1)
          .map((el) => `${el.tagName.toLowerCase()}#${el.id}.${el.className}`);
        return { scroll: document.documentElement.scrollWidth - width, wide: wide.slice(0, 5) };
      });
      expect(overflow).toEqual({ scroll: 0, wide: [] });
      if (width === 390) {
        mkdirSync('artifacts', { recursive: true });
        await page.screenshot({
          path: `artifacts/${path.replace(/\W+/g, '_')}-390.png`,
          fullPage: true,
        });
      }
      await page.close();
    },
  );
});

describe('the bundled examples', () => {
  test('npm / ESM import', async () => {
    const page = await open('/examples/npm-esm/');
    await page.evaluate(() => (window as unknown as { ready: Promise<unknown> }).ready);
    await page.click('#experiment');
    await page.click('#event');
    await waitForCalls(page, 5);
    expect(digest(await calls(page), ['userID'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::experiment_exposure', { userID: 'dave' }],
      ['addEventProperties', { 'Statsig: checkout_button_color': expect.any(String) }],
      ['add_to_cart', { userID: 'dave' }],
    ]);
    await page.close();
  });

  test('React with @statsig/react-bindings', async () => {
    const page = await open('/examples/react/');
    await page.waitForSelector('#buy');
    await page.click('#buy');
    await waitForCalls(page, 5);
    expect(digest(await calls(page), ['userID'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::experiment_exposure', { userID: 'erin' }],
      ['addEventProperties', { 'Statsig: checkout_button_color': expect.any(String) }],
      ['add_to_cart', { userID: 'erin' }],
    ]);
    expect((page as Page & { errors: string[] }).errors).toEqual([]);
    await page.close();
  });
});
