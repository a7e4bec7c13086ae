import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';

const pkg = JSON.parse(readFileSync('./package.json', 'utf8'));
const version = () => ({
  name: 'version',
  transform: (code) => code.replaceAll('__VERSION__', JSON.stringify(pkg.version)),
});
const ts = () =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: { noEmit: false, declaration: false, outDir: 'dist', types: [] },
  });

export default [
  // npm: ESM and CJS, unminified (the app's bundler minifies), tree-shakable.
  {
    input: 'src/index.ts',
    output: [
      { file: 'dist/index.mjs', format: 'es' },
      { file: 'dist/index.cjs', format: 'cjs' },
    ],
    plugins: [version(), ts()],
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
    plugins: [version(), ts(), terser({ ecma: 2020, compress: { passes: 3 } })],
  })),
];
