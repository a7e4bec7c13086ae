// Mutation testing of src/ (npm run test:mutation): each mutant is a small change to the code;
// a test must fail for it. Not part of npm test: it takes minutes, not seconds.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: ['src/**/*.ts', '!src/index.ts', '!src/script-tag*.ts', '!src/heap-global.ts'],
  coverageAnalysis: 'perTest',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'artifacts/mutation/index.html' },
  jsonReporter: { fileName: 'artifacts/mutation/report.json' },
  tempDirName: 'artifacts/.stryker-tmp',
  // Results per mutant are kept (artifacts/mutation/incremental.json): a later run re-tests
  // only the mutants whose code or tests changed, so a full score can be built up over runs.
  incremental: true,
  incrementalFile: 'artifacts/mutation/incremental.json',
  concurrency: 2,
  timeoutMS: 20000,
  thresholds: { high: 85, low: 70, break: null },
};
