import { readFileSync } from 'node:fs';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';

const pkg = JSON.parse(readFileSync('./package.json', 'utf8'));
const version = () => ({
  name: 'version',
  transform: (code) => code.replaceAll('__VERSION__', JSON.stringify(pkg.version)),
});
const ts = (declarations) =>
  typescript({
    tsconfig: './tsconfig.json',
    include: ['src/**/*.ts'],
    compilerOptions: {
      noEmit: false,
      declaration: declarations,
      ...(declarations ? { declarationDir: 'dist/types' } : {}),
      outDir: 'dist',
      types: [],
    },
  });
const minify = terser({ ecma: 2020, compress: { passes: 3 }, mangle: { properties: false } });

export default [
  {
    input: 'src/index.ts',
    output: [
      { dir: 'dist', format: 'es', entryFileNames: 'index.mjs' },
      { dir: 'dist', format: 'cjs', entryFileNames: 'index.cjs' },
    ],
    plugins: [ts(true)],
  },
  {
    input: 'src/script-tag.ts',
    output: { file: 'dist/statsig-heap.min.js', format: 'iife' },
    plugins: [version(), ts(false), minify],
  },
];
