import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const { version } = JSON.parse(readFileSync('./package.json', 'utf8'));

export default defineConfig({
  define: { __VERSION__: JSON.stringify(version) },
  test: {
    environment: 'jsdom',
    include: ['test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    restoreMocks: true,
    setupFiles: ['test/support/isolate-plugins.ts'],
    // A few tests build inputs of hundreds of thousands of entries on purpose: on a loaded
    // 2-core CI machine they take seconds. They assert work done, never time.
    testTimeout: 30_000,
    // The real SDKs warn about what the tests do on purpose (failed flushes, local mode):
    // kept out of the output so that a real failure stands out. Our own lines stay.
    onConsoleLog: (log) => !/\[Statsig\]|^\s*(WARN|ERROR)?\s*\[Statsig/.test(log),
  },
});
