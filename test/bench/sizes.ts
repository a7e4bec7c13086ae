// Sizes: the shipped files, size-limit's own measurement of the npm import, and what each
// feature costs in the script tag, measured by building it without that feature.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Plugin, rollup } from 'rollup';
import { type Size, sizeOf } from '../support/bundle-size';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `npx size-limit --json` with the project's .size-limit.json: its esbuild preset bundles each
 * `import` as an app would (tree-shaken, minified, gzip). Over the limit it exits 1 and still
 * prints the JSON.
 */
export function sizeLimit(): { name: string; size: number; sizeLimit?: number }[] {
  let out: string;
  try {
    out = execFileSync(join(root, 'node_modules/.bin/size-limit'), ['--json'], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    out = (e as { stdout?: string }).stdout ?? '[]';
  }
  return JSON.parse(out);
}

export interface Feature {
  name: string;
  /** A module of src/ (without .ts) and the exports that make up the feature. */
  module: string;
  exports: string[];
}

/**
 * The features the README prices. Each is left out by replacing only its exports with an
 * opaque stub (the module's other exports stay real), so the core that calls it still builds
 * and its own glue is still counted in the core.
 */
export const FEATURES: Feature[] = [
  {
    name: 'Heap-limits walker (toHeapProperties)',
    module: 'heap-limits',
    exports: ['toHeapProperties'],
  },
  {
    name: "dedupe storage ('session' / 'first')",
    module: 'exposure-memory',
    exports: ['createExposureMemory'],
  },
  {
    name: 'event/user properties',
    module: 'experiment-properties',
    exports: ['createExperimentProperties'],
  },
  {
    name: 'on-device adapter',
    module: 'on-device-values',
    exports: ['createOnDeviceValues', 'ON_DEVICE_CALLS'],
  },
  { name: 'identify', module: 'identity', exports: ['createIdentity'] },
  { name: 'initialize maps', module: 'statsig-values', exports: ['initializeMaps'] },
  { name: 'timeUUID', module: 'environment', exports: ['uuid'] },
  { name: 'page exit and route changes', module: 'page-lifecycle', exports: ['watchPage'] },
  { name: 'zero-code tag', module: 'auto', exports: ['bindEveryClient'] },
];

/** Imports of `feature.module` from src/ resolve to a stub: the rest re-exported, the feature opaque. */
function stub(feature: Feature): Plugin {
  const real = join(root, 'src', `${feature.module}.ts`);
  const id = `\0bench-stub:${feature.module}`;
  return {
    name: 'bench-stub',
    async resolveId(source, importer) {
      if (!importer || importer === id || !source.startsWith('.')) return null;
      return resolve(dirname(importer), `${source}.ts`) === real ? id : null;
    },
    async load(loaded) {
      if (loaded !== id) return null;
      const info = await this.load({ id: real });
      const missing = feature.exports.filter((name) => !info.exports?.includes(name));
      if (missing.length) throw new Error(`src/${feature.module}.ts has no ${missing.join(', ')}`);
      const rest = (info.exports ?? []).filter(
        (n) => n !== 'default' && !feature.exports.includes(n),
      );
      return [
        rest.length ? `export { ${rest.join(', ')} } from ${JSON.stringify(real)};` : '',
        ...feature.exports.map((n) => `export const ${n} = globalThis.__benchStub;`),
      ].join('\n');
    },
  };
}

/**
 * The script tag built as rollup.config.mjs builds it (its own plugins, transpiling file by
 * file, and the same output options), with `features` stubbed out.
 */
export async function buildScriptTag(input: string, features: Feature[] = []): Promise<Size> {
  const cwd = process.cwd();
  process.chdir(root); // the config reads ./package.json
  try {
    const { default: configs } = (await import(join(root, 'rollup.config.mjs'))) as {
      default: { input: string; output: object; plugins: Plugin[] }[];
    };
    const config = configs.find((c) => c.input === input);
    if (!config) throw new Error(`rollup.config.mjs builds no ${input}`);
    const bundle = await rollup({
      input: join(root, input),
      plugins: [...features.map(stub), ...config.plugins],
      onwarn: () => {},
    });
    const { output } = await bundle.generate(config.output);
    await bundle.close();
    return sizeOf((output[0] as { code: string }).code);
  } finally {
    process.chdir(cwd);
  }
}

export const shipped = (file: string) => sizeOf(readFileSync(join(root, file)));
