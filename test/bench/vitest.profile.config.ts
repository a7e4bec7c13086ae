import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));

// A CPU profile of one bench workload (test/bench/profile.run.ts says how to run it, and
// writes it to artifacts/profile/).
export default defineConfig({
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    environment: 'node',
    include: ['test/bench/profile.run.ts'],
    testTimeout: 600_000,
    pool: 'forks',
    silent: false,
    onConsoleLog: (log) => !/\[Statsig\]|^\s*(WARN|ERROR)?\s*\[Statsig/.test(log),
  },
});
