import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import { dts } from 'rollup-plugin-dts';
import ts from 'typescript';

const pkg = JSON.parse(readFileSync('./package.json', 'utf8'));
/**
 * TypeScript to JavaScript, file by file, with the version written in. Types are checked by
 * `npm run typecheck` (tsc, strict), not here: a build takes a second, not several.
 */
const typescript = () => ({
  name: 'typescript',
  resolveId: (source, importer) =>
    importer && source.startsWith('./')
      ? new URL(`${source}.ts`, `file://${importer}`).pathname
      : null,
  transform(code, id) {
    if (!id.endsWith('.ts')) return null;
    const { outputText, sourceMapText } = ts.transpileModule(code, {
      fileName: id,
      compilerOptions: {
        target: ts.ScriptTarget.ES2020,
        module: ts.ModuleKind.ESNext,
        sourceMap: true,
      },
    });
    return {
      code: outputText.replaceAll('__VERSION__', JSON.stringify(pkg.version)),
      map: JSON.parse(sourceMapText ?? 'null'),
    };
  },
});

export default [
  // npm: ESM and CJS, unminified (the app's bundler minifies), tree-shakable.
  {
    input: 'src/index.ts',
    output: [
      { file: 'dist/index.mjs', format: 'es' },
      { file: 'dist/index.cjs', format: 'cjs' },
    ],
    plugins: [typescript()],
  },
  // Types in one file each for import and require: no relative imports to resolve.
  {
    input: 'src/index.ts',
    output: [
      { file: 'dist/index.d.mts', format: 'es' },
      { file: 'dist/index.d.cts', format: 'es' },
    ],
    plugins: [dts()],
  },
  // The opt-in type of `window.heap` (statsig-heap/heap-global): declarations only.
  {
    input: 'src/heap-global.ts',
    output: [
      { file: 'dist/heap-global.d.mts', format: 'es' },
      { file: 'dist/heap-global.d.cts', format: 'es' },
    ],
    plugins: [dts()],
  },
  // Script tags: one minified IIFE per SDK family, each adding its names to window.StatsigHeap.
  ...[
    ['src/script-tag.ts', 'dist/statsig-heap.min.js'],
    ['src/script-tag-legacy.ts', 'dist/statsig-heap-legacy.min.js'],
  ].map(([input, file]) => ({
    input,
    output: { file, format: 'iife' },
    plugins: [typescript(), terser({ ecma: 2020, compress: { passes: 3 } })],
  })),
];
