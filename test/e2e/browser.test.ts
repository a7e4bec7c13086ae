import { mkdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
// @ts-expect-error the demo's screenshot script is plain JavaScript
import { demoAfterClicks, shownCalls } from '../../examples/demo/screenshot.mjs';
// @ts-expect-error the demo server is plain JavaScript
import { startDemo } from '../../examples/demo/server.mjs';
import { launchChromium } from './support/chromium';

type HeapCall = { method: string; args: unknown[] };
let browser: Browser;
let server: Server;
let base: string;

let nextBuilt = false;

beforeAll(async () => {
  ({ server, url: base, next: nextBuilt } = await startDemo(0));
  // npm run test:e2e builds the Next.js example first (npm run build:examples).
  expect(nextBuilt, 'examples/nextjs is built').toBe(true);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

type Watched = Page & { errors: string[]; consoleErrors: string[]; failed: string[] };

async function open(path: string, context?: BrowserContext): Promise<Watched> {
  const page = (await (context ?? browser).newPage({
    viewport: { width: 1280, height: 900 },
  })) as Watched;
  page.errors = [];
  page.consoleErrors = [];
  page.failed = [];
  page.on('pageerror', (error) => page.errors.push(error.message));
  // Statsig's networking errors, React's hydration mismatches: what a user sees in the console.
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      page.consoleErrors.push(message.text());
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) page.failed.push(`${response.status()} ${response.url()}`);
  });
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
    // Every entry in the list's one font, a plain argument (removeEventProperty's) too.
    const fonts = await page.$$eval('#calls li .name, #calls li .arg, #calls li td', (els) => [
      ...new Set(els.map((el) => getComputedStyle(el).fontFamily)),
    ]);
    expect(fonts).toHaveLength(1);
    mkdirSync('artifacts', { recursive: true });
    await page.emulateMedia({ reducedMotion: 'reduce' }); // no arrival highlight in the picture
    await page.screenshot({ path: 'artifacts/demo.png' });
    expect(page.errors).toEqual([]);
    await page.close();
  });

  test('the README’s screenshot shows what the demo does today (npm run screenshot)', async () => {
    const page = await demoAfterClicks(browser, base);
    const shown = JSON.parse(readFileSync('examples/demo/screenshot.json', 'utf8'));
    expect(await shownCalls(page), 'run npm run screenshot').toEqual(shown);
    await page.close();
  });

  test('events sent before Heap’s snippet exists arrive, once and in order, when it does', async () => {
    // ?lateHeap=1 adds the snippet 1.5 s late; manual: when the test says, so no race.
    const page = await open('/?lateHeap=manual');
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
    const stats = () =>
      page.evaluate(() =>
        (
          window as unknown as {
            demo: { plugin: { getStats(): { pending: number; forwarded: number } } };
          }
        ).demo.plugin.getStats(),
      );
    expect((await stats()).pending).toBe(4);
    expect(await page.locator('#result').textContent()).toBe(
      "logEvent add_to_cart. Heap received nothing yet: the plugin holds 4 calls until Heap's snippet is there.",
    );
    await page.evaluate(() => (window as unknown as { loadHeapSnippet(): void }).loadHeapSnippet());
    await waitForCalls(page, 4);
    // The result line says so once the held calls arrive.
    await page.waitForFunction(() =>
      document.getElementById('result')?.textContent?.startsWith("Heap's snippet is there"),
    );
    expect(await page.locator('#result').textContent()).toBe(
      "Heap's snippet is there: it received the held calls, in order: Statsig Feature Gates, Statsig Experiments, statsig::gate_exposure, add_to_cart.",
    );
    await page.click('#read-layer');
    await waitForCalls(page, 5);
    // Nothing more is held or on its way: every call the plugin made is one Heap received.
    expect(await stats()).toMatchObject({ pending: 0, forwarded: 5 });
    expect(digest(await calls(page))).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure'],
      ['add_to_cart'],
      ['statsig::layer_exposure'],
    ]);
    expect(await page.locator('#mode').textContent()).toContain('Heap loads late');
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
    // Each entry opens to its whole payload: nothing cut.
    const entry = page.locator('#calls li').nth(2);
    expect(await entry.locator('pre').isVisible()).toBe(false);
    await entry.locator('summary').click();
    const payload = JSON.parse((await entry.locator('pre').textContent()) ?? '');
    expect(payload).toEqual((await calls(page))[2]?.args[1]);
    expect(await entry.textContent()).not.toContain('…');
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
    // The client's own fetch of the rules is answered: no 404, no Statsig networking error.
    await page.evaluate(() =>
      (window as unknown as { demo: { client: { flush(): Promise<void> } } }).demo.client.flush(),
    );
    expect(page.failed).toEqual([]);
    expect(page.consoleErrors).toEqual([]);
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

/** The Statsig SDK's stableID cookie for this page's client key, as the server reads it. */
async function stableIDCookie(context: BrowserContext) {
  const cookies = await context.cookies();
  return cookies.find((c) => c.name.startsWith('statsig.stable_id.'))?.value;
}

describe('bootstrapped pages: values made by statsig-node on the server', () => {
  /**
   * Two visits in one browser: each exposure says Bootstrap:Recognized (the server evaluated
   * with the browser's stableID), the stableID is the same on both, and it is the SDK's cookie.
   */
  async function twoVisits(
    path: string,
    act: (page: Page) => Promise<void>,
    count: number,
  ): Promise<{
    first: HeapCall[];
    second: HeapCall[];
    requests: string[];
    cookie: string | undefined;
  }> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const requests: string[] = [];
    context.on('request', (request) => requests.push(new URL(request.url()).pathname));
    const visits: HeapCall[][] = [];
    for (let visit = 0; visit < 2; visit++) {
      const page = await open(path, context);
      await act(page);
      await waitForCalls(page, count);
      visits.push(await calls(page));
      expect(page.errors).toEqual([]);
      expect(page.consoleErrors).toEqual([]);
      await page.close();
    }
    const cookie = await stableIDCookie(context);
    await context.close();
    return { first: visits[0] ?? [], second: visits[1] ?? [], requests, cookie };
  }
  const exposures = (list: HeapCall[]) =>
    list
      .filter(({ method, args }) => method === 'track' && String(args[0]).startsWith('statsig::'))
      .map(({ args }) => args[1] as Record<string, unknown>);
  const expectRecognized = (run: Awaited<ReturnType<typeof twoVisits>>) => {
    const all = [...exposures(run.first), ...exposures(run.second)];
    expect(all.length).toBeGreaterThan(0);
    for (const exposure of all) {
      expect(exposure['metadata.reason']).toBe('Bootstrap:Recognized');
      expect(exposure['statsigMetadata.stableID']).toBe(run.cookie);
    }
    expect(run.requests.filter((path) => path.includes('/initialize'))).toEqual([]);
  };

  test('HTML page: maps and exposures in Heap, no initialize request', async () => {
    const run = await twoVisits(
      '/examples/bootstrap/',
      async (page) => {
        await page.click('#check');
        await page.click('#experiment');
      },
      4,
    );
    expect(digest(run.first, ['userID', 'metadata.gateValue'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'frank', 'metadata.gateValue': 'true' }],
      ['statsig::experiment_exposure', { userID: 'frank' }],
    ]);
    expect(run.first[0]?.args[1]).toMatchObject({ enterprise_sso: true, dark_mode: true });
    expectRecognized(run);
  });

  test('React, useClientBootstrapInit', async () => {
    const run = await twoVisits(
      '/examples/react-bootstrap/',
      async (page) => {
        await page.click('#buy');
      },
      4,
    );
    expect(digest(run.first, ['userID'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'ivan' }],
      ['add_to_cart', { userID: 'ivan' }],
    ]);
    expectRecognized(run);
  });

  test('Next.js App Router: a server component evaluates, a client component owns the plugin', async () => {
    const run = await twoVisits(
      '/examples/nextjs/',
      async (page) => {
        await page.click('#buy');
        await page.waitForSelector('#bought');
      },
      6,
    );
    expect(digest(run.first, ['userID'])).toEqual([
      ['Statsig Feature Gates'],
      ['Statsig Experiments'],
      ['statsig::gate_exposure', { userID: 'grace' }],
      ['statsig::experiment_exposure', { userID: 'grace' }],
      ['addEventProperties', { 'Statsig: checkout_button_color': expect.any(String) }],
      ['add_to_cart', { userID: 'grace' }],
    ]);
    expectRecognized(run);
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
    '/examples/react-bootstrap/',
    '/examples/nextjs/',
  ];
  test.each(pages.flatMap((path) => [390, 1280].map((width) => ({ path, width }))))(
    '$path at $width px: nothing wider than the screen, no word broken, after every button',
    async ({ path, width }) => {
      const page = await browser.newPage({ viewport: { width, height: 844 } });
      await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.abort());
      await page.goto(base + path.replace(/^\//, ''));
      await page.waitForLoadState('networkidle');
      for (const button of await page.locator('button').all()) await button.click();
      await page.waitForLoadState('networkidle');
      // Every payload open, so its text is laid out too.
      await page.evaluate(() => {
        document.querySelectorAll('details').forEach((details) => {
          details.open = true;
        });
      });
      // A line may end at a space, a hyphen or a slash, or where the page put a <wbr> (after
      // `_`, `.`, `(`, `:`): never inside a word (`checkout_button_c|olor`).
      const brokenWords = await page.evaluate(() => {
        const found: string[] = [];
        const range = document.createRange();
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const text = node.textContent ?? '';
          let top: number | undefined;
          for (let i = 0; i < text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const rect = range.getClientRects()[0];
            if (!rect) continue;
            if (top !== undefined && rect.top > top + 1 && !/[\s\-/]/.test(text[i - 1] ?? ' ')) {
              found.push(`${text.slice(Math.max(0, i - 16), i)}|${text.slice(i, i + 8)}`);
            }
            top = rect.top;
          }
        }
        return found;
      });
      expect(brokenWords).toEqual([]);
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
