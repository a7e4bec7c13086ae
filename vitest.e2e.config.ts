import { defineConfig } from 'vitest/config';

// The browser tests: headless Chromium (Debian's, driven by playwright-core) through the demo
// page and the examples. `npm run test:e2e`; `.ci/run` installs chromium first.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
