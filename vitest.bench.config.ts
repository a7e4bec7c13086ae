import { defineConfig } from 'vitest/config';

// `npm run bench`: measurements, not tests. Prints a table; asserts nothing about timings.
export default defineConfig({
  test: {
    environment: 'jsdom',
    include: ['test/bench/**/*.bench.ts'],
    testTimeout: 600_000,
    pool: 'forks',
    execArgv: ['--expose-gc'],
    silent: false,
  },
});
