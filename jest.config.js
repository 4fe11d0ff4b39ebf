/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // Component tests (jsdom): a console error or warning fails the test.
  setupFilesAfterEnv: ['<rootDir>/test/helpers/component-setup.ts'],
  testTimeout: 30000,
  // Two workers on the 2-core CI machine: the tests that mostly wait (quota windows, job leases) run
  // first, beside the rest (test/helpers/sequencer.js).
  maxWorkers: 2,
  testSequencer: '<rootDir>/test/helpers/sequencer.js',
  // Prints one line when conformance suites were skipped for want of BigCommerce's specs (see README, Testing).
  reporters: ['default', '<rootDir>/test/helpers/specs-reporter.js'],
};
