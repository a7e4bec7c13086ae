import { rollup } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
const input = process.argv[2] ?? 'src/script-tag.ts';
const bundle = await rollup({ input, plugins: [
  { name: 'v', transform: (c) => ({ code: c.replaceAll('__VERSION__', '"0.1.0"'), map: null }) },
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], compilerOptions: { noEmit: false, declaration: false, outDir: '/tmp/sz/out', types: [] } })] });
const { output } = await bundle.generate({ format: 'iife' });
const code = output[0].code;
const g = async (opts) => gzipSync((await minify(code, { ecma: 2020, compress: { passes: 3, ...opts } })).code, { level: 9 }).length;
console.log('base', await g({}));
console.log('no log calls', await g({ pure_funcs: ['log', 'pipeline.log', 'this._pipeline.log'] }));
