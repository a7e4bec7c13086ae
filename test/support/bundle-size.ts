import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import terser from '@rollup/plugin-terser';
import { rollup } from 'rollup';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface Size {
  raw: number;
  gzip: number;
}

/** Bytes on the wire: gzip -9, as the budgets are stated. */
export function sizeOf(code: string | Buffer): Size {
  return { raw: Buffer.byteLength(code), gzip: gzipSync(code, { level: 9 }).length };
}

export function fileSize(path: string): Size {
  return sizeOf(readFileSync(join(root, path)));
}

/**
 * The ESM build as an app's bundler ships it: `entry` imports from dist/index.mjs, tree-shaken
 * (sideEffects: false) and minified with terser's defaults (no property mangling).
 */
export async function bundledSize(entry: string): Promise<Size> {
  const id = '\0entry';
  const bundle = await rollup({
    input: id,
    treeshake: { moduleSideEffects: false },
    plugins: [
      {
        name: 'entry',
        resolveId: (source) =>
          source === id ? id : source === 'statsig-heap' ? join(root, 'dist/index.mjs') : null,
        load: (source) => (source === id ? entry : null),
      },
      terser(),
    ],
  });
  const { output } = await bundle.generate({ format: 'es' });
  await bundle.close();
  return sizeOf(output[0].code);
}

export const JS_CLIENT_ENTRY = "export { StatsigHeapPlugin } from 'statsig-heap';";
