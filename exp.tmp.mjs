// Cost of one feature: the tag's gzip size with a source edit applied, against the base.
import { rollup } from 'rollup';
import ts from 'typescript';
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { minify } from 'terser';
import { cpSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
async function size(dir, input = 'script-tag.ts') {
  const bundle = await rollup({ input: `${dir}/${input}`, onwarn() {}, plugins: [
    { name: 'v', transform: (c) => ({ code: c.replaceAll('__VERSION__', '"0.1.0"'), map: null }) },
    { name: 'ts', resolveId(source, importer) { if (importer && source.startsWith('.')) { const f = importer.replace(/[^/]+$/, '') + source.replace('./', '') + '.ts'; if (existsSync(f)) return f; } },
      transform(code, id) { if (!id.endsWith('.ts')) return; return { code: ts.transpileModule(code, { compilerOptions: { target: ts.ScriptTarget[process.env.TARGET ?? 'ES2020'], module: ts.ModuleKind.ESNext, verbatimModuleSyntax: false } }).outputText, map: null }; } }] });
  const { output } = await bundle.generate({ format: 'iife' });
  return gzipSync((await minify(output[0].code, { ecma: Number(process.env.ECMA ?? 2020), compress: { passes: 3 } })).code, { level: 9 }).length;
}
const edits = JSON.parse(readFileSync(process.argv[2], 'utf8'));
rmSync('/tmp/exp/src', { recursive: true, force: true });
cpSync('src', '/tmp/exp/src', { recursive: true });
const base = await size('/tmp/exp/src');
console.log('base', base);
for (const [name, changes] of Object.entries(edits)) {
  rmSync('/tmp/exp/src', { recursive: true, force: true });
  cpSync('src', '/tmp/exp/src', { recursive: true });
  let ok = true;
  for (const [file, from, to] of changes) {
    const p = `/tmp/exp/src/${file}`;
    const s = readFileSync(p, 'utf8');
    const re = new RegExp(from, 's');
    if (!re.test(s)) { console.log(name, 'NO MATCH', file, from.slice(0, 40)); ok = false; break; }
    writeFileSync(p, s.replace(re, to));
  }
  if (ok) console.log(name.padEnd(30), base - await size('/tmp/exp/src'));
}
