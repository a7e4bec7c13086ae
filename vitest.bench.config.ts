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
    // --single-threaded: V8 collects garbage and compiles on this thread, so that the CPU time
    // of a timed block (test/bench/measure.ts) is that block's own work, garbage included,
    // and not V8's helper threads working in parallel for whatever ran before.
    execArgv: ['--expose-gc', '--single-threaded'],
    silent: false,
    // The SDK warns when the bench floods it on purpose (100,000 events): kept out of the table.
    onConsoleLog: (log) =>
      !/\[PostHog|\[Statsig\]|^\s*(WARN|ERROR)?\s*\[Statsig|error: Error:/.test(log),
  },
});
