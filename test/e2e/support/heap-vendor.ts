import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Heap's real v5 library lives in ../shared/vendor/heap-js, never in this repository: it is
 * Heap's code. Read at test time, from the first of: $HEAP_JS_DIR, <repo>/../shared/vendor/
 * heap-js, /work/shared/vendor/heap-js. Missing everywhere is a failure, never a skip: these
 * tests are how we know what Heap itself records.
 */
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const REQUIRED = ['heap.js', 'heap_config.js', 'protos/track.proto'];

export function heapJsDir(): string {
  const given = process.env.HEAP_JS_DIR;
  // A folder named on purpose and wrong is a mistake to report, not to work around.
  if (given && !REQUIRED.every((file) => existsSync(join(given, file)))) {
    throw new Error(`HEAP_JS_DIR=${given} does not hold ${REQUIRED.join(', ')}`);
  }
  const candidates = [
    process.env.HEAP_JS_DIR,
    join(repo, '..', 'shared', 'vendor', 'heap-js'),
    '/work/shared/vendor/heap-js',
  ].filter((dir): dir is string => Boolean(dir));
  const found = candidates.find((dir) => REQUIRED.every((file) => existsSync(join(dir, file))));
  if (!found) {
    throw new Error(
      `Heap's real library (heap.js 5.1.1, heap_config.js, protos/) was not found in any of:\n` +
        candidates.map((dir) => `  ${dir}`).join('\n') +
        `\nSet HEAP_JS_DIR to the folder that holds it (shared/vendor/heap-js).`,
    );
  }
  return found;
}

export interface HeapVendor {
  dir: string;
  heapJs: Buffer;
  heapConfigJs: Buffer;
  /** Absolute paths of the .proto files. */
  protos: string[];
}

export function readHeapVendor(): HeapVendor {
  const dir = heapJsDir();
  return {
    dir,
    heapJs: readFileSync(join(dir, 'heap.js')),
    heapConfigJs: readFileSync(join(dir, 'heap_config.js')),
    protos: readdirSync(join(dir, 'protos'))
      .filter((name) => name.endsWith('.proto'))
      .map((name) => join(dir, 'protos', name)),
  };
}
