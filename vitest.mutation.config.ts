import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

// The suite StrykerJS runs against each mutant of src/: every test of the sources, less those
// that read only the built dist/ files (a mutant of src/ cannot change them), the two that
// wait on the SDK's real network back-off (seven seconds each, per mutant), and the version
// matrix (three seconds per mutant, half of it on dist/; npm test runs it on every change),
// and the checks of package.json ranges and CI files, which read no source.
export default mergeConfig(
  base,
  defineConfig({
    test: {
      exclude: [
        'test/e2e/**',
        'node_modules/**',
        'test/dist.test.ts',
        'test/size.test.ts',
        'test/types.test.ts',
        'test/security.test.ts',
        'test/version-matrix.test.ts',
        'test/install-ranges.test.ts',
        'test/ci-config.test.ts',
        'test/heap-global-types.test.ts',
        'test/demo-server.test.ts',
        'test/readme.test.ts',
      ],
      // Also out: the tests built on inputs of 100,000 entries or megabytes (seconds each, per
      // mutant); smaller tests of the same code paths stay in.
      // One environment per worker, not per file: a third of the time per mutant, and the
      // suite passes the same (each test sets up its own page: test/support).
      isolate: false,
      testNamePattern: '^(?!.*(retr(y|ies)|\\d{3},000|\\d+ MB)).*$',
    },
  }),
);
