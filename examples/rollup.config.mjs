// Bundles the npm and React examples the way an app's bundler would, resolving 'statsig-heap'
// to this package's own build (dist/index.mjs).
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';

const self = {
  name: 'statsig-heap-self',
  resolveId: (id) =>
    id === 'statsig-heap' ? fileURLToPath(new URL('../dist/index.mjs', import.meta.url)) : null,
};
const plugins = () => [
  self,
  replace({
    preventAssignment: true,
    values: { 'process.env.NODE_ENV': JSON.stringify('production') },
  }),
  nodeResolve({ browser: true }),
  commonjs(),
];
const example = (name) => ({
  input: fileURLToPath(new URL(`./${name}/main.js`, import.meta.url)),
  output: {
    file: fileURLToPath(new URL(`./${name}/dist/bundle.js`, import.meta.url)),
    format: 'iife',
  },
  plugins: plugins(),
  onwarn: (warning, warn) => warning.code !== 'MODULE_LEVEL_DIRECTIVE' && warn(warning),
});

export default [example('npm-esm'), example('react'), example('react-bootstrap')];
