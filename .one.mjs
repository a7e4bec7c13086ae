// minified gz of one module (imports stripped), as in mods.mjs
import { rollup } from 'rollup';
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { gzipSync } from 'node:zlib';
const f = process.argv[2];
const b = await rollup({ input: f, external: (id) => id.startsWith('.'), plugins: [typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], compilerOptions: { noEmit: false, declaration: false, outDir: 'dist', types: [] } })], onwarn(){} });
const { output } = await b.generate({ format: 'es', plugins: [terser({ ecma: 2020, compress: { passes: 3 }, module: true })] });
const code = output[0].code.replace(/^import[^;]*;/gm, '');
console.log(gzipSync(code, { level: 9 }).length, code.length, f);
if (process.argv[3]) console.log(code);
