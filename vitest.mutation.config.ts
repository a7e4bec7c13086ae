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
      testNamePattern: '^(?!.*retr(y|ies)).*$',
    },
  }),
);
