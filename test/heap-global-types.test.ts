import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';

// The opt-in type of `window.heap` (statsig-heap/heap-global), as users get it: tiny projects
// that depend on this package (dist/, built by `npm test` first) are type-checked by tsc under
// each module resolution a user may have, strict, with the package's own .d.ts checked too.

const root = join(import.meta.dirname, '..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const work = mkdtempSync(join(tmpdir(), 'statsig-heap-types-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const APP = `import type { HeapGlobal } from 'statsig-heap/heap-global';
import { type HeapLike, StatsigHeapPlugin } from 'statsig-heap';

// The plugin takes Heap's global as it is.
export const plugin = new StatsigHeapPlugin({ heap: () => window.heap });
export const seen: HeapLike | undefined = window.heap;
// The app calls Heap itself.
window.heap?.track('Signed up', { plan: 'pro', seats: 3, trial: false });
window.heap?.addEventProperties({ 'Statsig: new_checkout': 'Test' });
const heap: HeapGlobal | undefined = window.heap;
if (heap?.loaded) heap.identify('u1');
export const userId: string | undefined = window.heap?.getUserId?.();
// @ts-expect-error an event name comes first
window.heap?.track({ plan: 'pro' });
`;
/** The same app without opting in: \`window.heap\` is not declared. */
const WITHOUT = `import { StatsigHeapPlugin } from 'statsig-heap';
export const plugin = new StatsigHeapPlugin({ heap: () => window.heap });
`;

const PROJECTS = {
  bundler: { type: 'module', compilerOptions: { module: 'esnext', moduleResolution: 'bundler' } },
  'node16, ESM': {
    type: 'module',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
  },
  'node16, CommonJS': {
    type: 'commonjs',
    compilerOptions: { module: 'node16', moduleResolution: 'node16' },
  },
  commonjs: { type: 'commonjs', compilerOptions: { module: 'commonjs' } }, // resolution: node10
};

async function typecheck(
  name: string,
  project: (typeof PROJECTS)[keyof typeof PROJECTS],
  source: string,
) {
  const dir = join(work, name.replace(/\W+/g, '-'));
  mkdirSync(join(dir, 'node_modules'), { recursive: true });
  symlinkSync(root, join(dir, 'node_modules', 'statsig-heap'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'app', type: project.type }));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        ...project.compilerOptions,
        target: 'es2020',
        lib: ['es2020', 'dom'],
        strict: true,
        exactOptionalPropertyTypes: true,
        noEmit: true,
        skipLibCheck: false, // the package's .d.ts are checked...
        skipDefaultLibCheck: true, // ...TypeScript's own lib.dom.d.ts is not (seconds each)
        types: [],
      },
      files: ['app.ts'],
    }),
  );
  writeFileSync(join(dir, 'app.ts'), source);
  try {
    await promisify(execFile)(process.execPath, [tsc, '-p', dir]);
    return '';
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

// tsc starts cold for each project: a second or two each on two cores.
describe.each(Object.entries(PROJECTS))(
  'moduleResolution %s',
  { timeout: 60_000 },
  (name, project) => {
    test('window.heap is Heap’s global once the app imports statsig-heap/heap-global', async () => {
      expect(await typecheck(name, project, APP)).toBe('');
    });
  },
);

test('without the import window.heap is not declared: the type is opt-in', {
  timeout: 60_000,
}, async () => {
  const output = await typecheck('without', PROJECTS.bundler, WITHOUT);
  expect(output).toContain("Property 'heap' does not exist on type 'Window");
});
