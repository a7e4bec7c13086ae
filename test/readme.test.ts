import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import ts from 'typescript';
import { afterAll, describe, expect, test, vi } from 'vitest';
import { fileSize } from './support/bundle-size';
import { installClassicSnippet, loadHeapLibrary, removeHeap } from './support/heap-stand-in';

// The README's promises about itself and the docs': the README stays a few minutes' read
// (10,000 characters at most), every TypeScript snippet of the README and the docs
// type-checks under `strict` against the built package and the real SDKs' types, the
// bootstrap recipe runs as written (offline), and every command, script and link they name
// exists. The README's quick starts run in Chromium: test/e2e/readme-quick-starts.test.ts.

const root = join(import.meta.dirname, '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
/** Every page a user or maintainer reads: the README, CONTRIBUTING and docs/. */
const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];
const allText = DOCS.map((doc) => readFileSync(join(root, doc), 'utf8')).join('\n');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

/** The fenced blocks of the README and the docs in a language, in order. */
const blocks = (...languages: string[]) =>
  [...allText.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)]
    .filter(([, language]) => languages.includes(language as string))
    .map(([, language, code]) => ({ language: language as string, code: code as string }));
const snippets = blocks('ts', 'tsx');
const find = (text: string) => {
  const found = snippets.find((s) => s.code.includes(text));
  if (!found) throw new Error(`no snippet of the README or the docs has ${text}`);
  return found.code;
};

// Inside the package, so that `statsig-heap` resolves to itself (dist/) as from node_modules.
const work = join(root, 'artifacts', 'readme-snippets');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
afterAll(() => rmSync(work, { recursive: true, force: true }));

test('the README and the docs have the snippets this file checks', () => {
  expect(snippets.length).toBeGreaterThanOrEqual(8);
});

test('the README’s install line names the tarball npm pack makes of this version', () => {
  const named = readme.match(/statsig-heap-\d+\.\d+\.\d+[^\s`]*\.tgz/g) ?? [];
  expect(named.length).toBeGreaterThan(0);
  for (const name of named) expect(name).toBe(`statsig-heap-${pkg.version}.tgz`);
});

test('the README reads in minutes: at most 10,000 characters', () => {
  expect(readme.length).toBeLessThanOrEqual(10_000);
});

test('every TypeScript snippet type-checks under strict', { timeout: 120_000 }, async () => {
  const files = snippets.map(({ language, code }, i) => {
    const file = `snippet-${String(i + 1).padStart(2, '0')}.${language}`;
    writeFileSync(join(work, file), code);
    return file;
  });
  writeFileSync(
    join(work, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'es2022',
        module: 'esnext',
        moduleResolution: 'bundler',
        lib: ['es2022', 'dom'],
        jsx: 'react-jsx',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
      },
      files,
    }),
  );
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const output = await promisify(execFile)(process.execPath, [tsc, '-p', work]).then(
    () => '',
    (error: { stdout?: string }) => error.stdout ?? String(error),
  );
  expect(output).toBe('');
});

/** A snippet as plain JavaScript, `statsig-heap` resolved to this package's build. */
function module(code: string, name: string) {
  const js = ts.transpileModule(code, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const file = join(work, name);
  writeFileSync(file, js.split("'statsig-heap'").join(`'${join(root, 'dist/index.mjs')}'`));
  return pathToFileURL(file).href;
}

describe('the bootstrap recipe, run as written, offline', () => {
  test('server: statsig-node in local mode; page: Ready at once, Bootstrap:Recognized', async () => {
    const fetch = vi.fn(async (_url: unknown) => new Response('{}', { status: 202 }));
    vi.stubGlobal('fetch', fetch);
    // The server snippet reads config-specs.json from where it runs: the sample project's.
    const cwd = process.cwd();
    process.chdir(join(root, 'examples/sample-project'));
    const server = await import(module(find('getClientInitializeResponse'), 'server.mjs')).finally(
      () => process.chdir(cwd),
    );
    const script: string = server.statsigBootstrap({});
    expect(script).toMatch(/^<script>window\.STATSIG_BOOTSTRAP = \{.*\};<\/script>$/s);
    expect(script).not.toMatch(/<(?!\/?script>)/); // nothing in the values can close the tag
    const boot = JSON.parse(script.slice(script.indexOf('= ') + 2, -';</script>'.length));
    const stableID: string = boot.user.customIDs.stableID;
    expect(stableID).toMatch(/^[0-9a-f-]{36}$/);

    // The page, in this test's window: Heap's snippet, then the page snippet.
    removeHeap();
    installClassicSnippet();
    (window as unknown as { STATSIG_BOOTSTRAP: unknown }).STATSIG_BOOTSTRAP = boot;
    await import(module(find('window.STATSIG_BOOTSTRAP;'), 'page.mjs'));
    const heap = loadHeapLibrary();
    const client = (
      window as unknown as { __STATSIG__: { instance(key: string): any } }
    ).__STATSIG__.instance('client-KEY');
    expect(client.loadingStatus).toBe('Ready');
    client.checkGate('new_checkout_flow');
    const [gates, experiments, exposure] = heap.tracks();
    expect(gates?.[0]).toBe('Statsig Feature Gates');
    expect(Object.keys(gates?.[1] ?? {})).toContain('new_checkout_flow'); // real names
    expect(experiments?.[0]).toBe('Statsig Experiments');
    expect(exposure?.[0]).toBe('statsig::gate_exposure');
    expect(exposure?.[1]).toMatchObject({
      userID: 'u1',
      'metadata.reason': 'Bootstrap:Recognized',
      'statsigMetadata.stableID': stableID,
    });

    // The SDK keeps the stableID in its cookie; the next request's server evaluates with it.
    const cookies = Object.fromEntries(
      document.cookie.split('; ').map((c) => c.split('=').map(decodeURIComponent)),
    );
    const next = server.statsigBootstrap(cookies) as string;
    expect(
      JSON.parse(next.slice(next.indexOf('= ') + 2, -';</script>'.length)).user.customIDs,
    ).toEqual({ stableID });
    await client.shutdown();
    expect(fetch.mock.calls.map(([url]) => String(url))).not.toContainEqual(
      expect.stringContaining('/initialize'),
    );
    vi.unstubAllGlobals();
  });
});

describe('what the README and the docs name exists', () => {
  test('the headline sizes are the script tags’ sizes, rounded', () => {
    const [, tag, legacy] =
      readme.match(/Script tag about (\d+) KB gzipped \(legacy (\d+) KB\)/) ?? [];
    const near = (file: string, kb: string | undefined) =>
      expect(Math.abs(fileSize(file).gzip / 1000 - Number(kb)), file).toBeLessThanOrEqual(0.6);
    near('dist/statsig-heap.min.js', tag);
    near('dist/statsig-heap-legacy.min.js', legacy);
  });

  test('the two set-up commands, and every npm script named', () => {
    expect(readme).toContain('npm ci && npm run demo');
    const contributing = readFileSync(join(root, 'CONTRIBUTING.md'), 'utf8');
    expect(contributing).toContain('npm ci && npm test');
    for (const doc of DOCS) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const [, script] of text.matchAll(/npm run ([\w:-]+)/g)) {
        expect(pkg.scripts, `${doc}: npm run ${script}`).toHaveProperty([script as string]);
      }
    }
  });

  test.each(DOCS)('every relative link in %s leads to a file', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    for (const [, target] of text.matchAll(/\]\(((?!https?:|#)[^)\s]+)\)/g)) {
      const path = resolve(dirname(join(root, doc)), (target as string).split('#')[0] as string);
      expect(existsSync(path), `${doc} → ${target}`).toBe(true);
    }
  });

  test('every example in the docs’ table is on the examples page', () => {
    const index = readFileSync(join(root, 'examples/index.html'), 'utf8');
    const page = readFileSync(join(root, 'docs/demo-and-examples.md'), 'utf8');
    const section = page.slice(page.indexOf('| Example |'));
    expect(section.length).toBeGreaterThan(100);
    for (const [, path] of section.matchAll(/\]\(\.\.\/examples\/([\w-]+)[/.]/g)) {
      expect(index, path).toContain(`/examples/${path}`);
    }
  });
});
