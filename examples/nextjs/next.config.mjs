// The Next.js App Router example. `npm run build:next` builds it; `npm run demo` serves it at
// /examples/nextjs/ (hence basePath), beside the local Statsig and Heap stand-ins.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  basePath: '/examples/nextjs',
  // Statsig's server SDK runs as Node loads it, not bundled.
  serverExternalPackages: ['statsig-node'],
  // In your app `statsig-heap` comes from node_modules; here it is this repository's own build.
  turbopack: {
    root,
    resolveAlias: { 'statsig-heap': './dist/index.mjs' },
  },
  typescript: { tsconfigPath: './tsconfig.json' },
};
