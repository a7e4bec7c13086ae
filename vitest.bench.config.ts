import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));

// `npm run bench`: measurements, not tests. Prints a table; asserts nothing about timings.
export default defineConfig({
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    environment: 'jsdom',
    include: ['test/bench/**/*.bench.ts'],
    testTimeout: 600_000,
    pool: 'forks',
    execArgv: ['--expose-gc'],
    silent: false,
    // The SDK warns when the bench floods it on purpose (100,000 events): kept out of the table.
    onConsoleLog: (log) =>
      !/\[PostHog|\[Statsig\]|^\s*(WARN|ERROR)?\s*\[Statsig|error: Error:/.test(log),
  },
});
