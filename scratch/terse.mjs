import { rollup } from 'rollup';
import typescript from '@rollup/plugin-typescript';
import { minify } from 'terser';
import { gzipSync } from 'node:zlib';
const bundle = await rollup({ input: 'src/script-tag.ts', plugins: [typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], compilerOptions: { noEmit: false, declaration: false, outDir: 'dist', types: [] } })], onwarn() {} });
const { output } = await bundle.generate({ format: 'iife' });
const code = output[0].code.replaceAll('__VERSION__', '"0.1.0"');
const variants = {
  base: { ecma: 2020, compress: { passes: 3 } },
  unsafe: { ecma: 2020, compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true, unsafe_methods: true } },
  props_: { ecma: 2020, compress: { passes: 3 }, mangle: { properties: { regex: /^_/ } } },
  both: { ecma: 2020, compress: { passes: 3, unsafe: true, unsafe_arrows: true, pure_getters: true }, mangle: { properties: { regex: /^_/ } } },
};
for (const [name, opts] of Object.entries(variants)) {
  const r = await minify(code, opts);
  console.log(name, r.code.length, gzipSync(r.code, { level: 9 }).length);
}
