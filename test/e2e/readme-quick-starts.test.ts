import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import type { Page } from 'playwright-core';
import { rollup } from 'rollup';
import ts from 'typescript';
import { beforeAll, describe, expect, test } from 'vitest';
import type { HeapPage } from './support/heap-page';
import { heapV5Snippet } from './support/heap-snippet';
import { HEAP_TEST_TIMEOUT, heapSuite } from './support/heap-suite';

// A new user follows the README: its quick starts, copied as they stand, run in Chromium with
// Heap's real library. Only the network is local: the CDN addresses answer with the files they
// will serve once released (Statsig's build, this package's dist/), and Statsig's API with the
// local Statsig stand-in on the sample project.
const suite = heapSuite();
const root = join(import.meta.dirname, '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const block = (language: string, after: string) => {
  const from = readme.indexOf(after);
  const found = readme
    .slice(from)
    .match(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, 'm'));
  if (from < 0 || !found?.[1]) throw new Error(`no ${language} block after "${after}"`);
  return found[1];
};
const CDN: Record<string, string> = {
  'https://cdn.jsdelivr.net/npm/@statsig/js-client@3/build/statsig-js-client.min.js':
    'node_modules/@statsig/js-client/build/statsig-js-client.min.js',
  'https://cdn.jsdelivr.net/npm/statsig-heap@0/dist/statsig-heap.min.js':
    'dist/statsig-heap.min.js',
};
let npmBundle = '';

beforeAll(async () => {
  // The npm quick start as an app's bundler builds it (the client kept for the test to use).
  const source = `${block('ts', '## Quick start: npm')}\n(globalThis as any).readmeClient = client;\n`;
  const entry = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const bundle = await rollup({
    input: '\0readme-entry',
    plugins: [
      {
        name: 'readme',
        resolveId: (id) =>
          id === '\0readme-entry'
            ? id
            : id === 'statsig-heap'
              ? join(root, 'dist/index.mjs')
              : null,
        load: (id) => (id === '\0readme-entry' ? entry : null),
      },
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"' } }),
      nodeResolve({ browser: true }),
      commonjs(),
    ],
  });
  npmBundle = (await bundle.generate({ format: 'es' })).output[0].code;
  await bundle.close();
});

/** The page's network: the CDN files, the npm bundle, Statsig's API on the local stand-in. */
async function localNetwork(page: Page, base: string) {
  for (const [url, file] of Object.entries(CDN)) {
    await page.route(url, (route) =>
      route.fulfill({ contentType: 'text/javascript', body: readFileSync(join(root, file)) }),
    );
  }
  await page.route('**/readme-npm.js', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: npmBundle }),
  );
  await page.route(/^https:\/\/featureassets\.org\/v1\/initialize/, async (route) =>
    route.fulfill({ response: await route.fetch({ url: `${base}/v1/initialize` }) }),
  );
  await page.route(/^https:\/\/prodregistryv2\.org\//, (route) =>
    route.fulfill({ status: 202, body: '{"success":true}' }),
  );
}
/** A page with Heap's v5 snippet first, as the quick starts say, then `body`. */
async function readmePage(hp: HeapPage, body: string) {
  await localNetwork(hp.page, suite.server().base);
  await hp.page.setContent(
    `<!doctype html><html><head><script>${heapV5Snippet(hp.envId, suite.server().base)}</script>${body}</head><body></body></html>`,
  );
}
const names = (hp: HeapPage) => hp.log().ours.map((entry) => entry.name);

describe.concurrent('the README’s quick starts, as written', { timeout: HEAP_TEST_TIMEOUT }, () => {
  test('script tag: events in Heap, and debug says what goes there', async () => {
    const hp = await suite.open('/blank');
    await readmePage(hp, block('html', '## Quick start: script tag'));
    await hp.waitFor('the initialize events', (log) => log.ours.length >= 2);
    // The quick start's own `const client`, from the page's global scope.
    await hp.page.evaluate("client.checkGate('new_checkout_flow')");
    await hp.waitFor('the exposure', (log) => log.ours.length >= 3);
    expect(names(hp)).toEqual([
      'Statsig Feature Gates',
      'Statsig Experiments',
      'statsig::gate_exposure',
    ]);
    // Real names (initializeHashAlgorithm: 'none'), and the debug lines the comment promises.
    expect(Object.keys(hp.log().ours[0]?.properties ?? {})).toContain('new_checkout_flow');
    expect(hp.heapLines.some((line) => line.startsWith('[statsig-heap] heap.track'))).toBe(true);
    expect(await hp.errors()).toEqual([]);
    await hp.close();
  });

  test('tag manager: added after the app ran, every client’s events reach Heap', async () => {
    const hp = await suite.open('/blank');
    // The app: Statsig's CDN build and its own client, knowing nothing of the plugin.
    await readmePage(
      hp,
      `<script src="https://cdn.jsdelivr.net/npm/@statsig/js-client@3/build/statsig-js-client.min.js"></script>
      <script>
        window.app = new Statsig.StatsigClient('client-KEY', { userID: 'u1' }, {
          networkConfig: { initializeHashAlgorithm: 'none' },
        });
        app.initializeAsync().then(() => app.checkGate('new_checkout_flow'));
      </script>`,
    );
    await hp.page.waitForFunction(() => (window as any).app.loadingStatus === 'Ready');
    // What a tag manager does with the README's lines: elements added after the app's scripts.
    await hp.page.evaluate(
      (html) => {
        const template = document.createElement('template');
        template.innerHTML = html;
        for (const old of Array.from(template.content.querySelectorAll('script'))) {
          const script = document.createElement('script');
          if (old.src) script.src = old.src;
          else script.textContent = old.textContent;
          document.head.appendChild(script);
        }
      },
      block('html', '## Quick start: tag manager'),
    );
    await hp.page.waitForFunction(() => (window as any).StatsigHeap?.auto);
    await hp.page.evaluate(() => (window as any).app.logEvent('after_the_tag'));
    const log = await hp.waitFor('the event after the tag', (l) =>
      l.ours.some((entry) => entry.name === 'after_the_tag'),
    );
    const ours = log.ours.map((entry) => entry.name);
    expect(ours).toContain('Statsig Feature Gates');
    expect(ours.filter((name) => name === 'after_the_tag')).toHaveLength(1);
    // The check made before the tag: there once if Statsig still held it, never twice.
    const stats = await hp.page.evaluate(() => (window as any).StatsigHeap.auto.getStats());
    expect(ours.filter((name) => name === 'statsig::gate_exposure')).toHaveLength(stats.recovered);
    expect(await hp.errors()).toEqual([]);
    await hp.close();
  });

  test('npm, bundled as an app would: events in Heap', async () => {
    const hp = await suite.open('/blank');
    await readmePage(hp, '<script type="module" src="/readme-npm.js"></script>');
    await hp.waitFor('the initialize events', (log) => log.ours.length >= 2);
    await hp.page.waitForFunction(() => (globalThis as any).readmeClient);
    await hp.page.evaluate(() => (globalThis as any).readmeClient.logEvent('purchase', 5));
    await hp.waitFor('the event', (log) => log.ours.length >= 3);
    expect(names(hp)).toEqual(['Statsig Feature Gates', 'Statsig Experiments', 'purchase']);
    expect(await hp.errors()).toEqual([]);
    await hp.close();
  });
});
