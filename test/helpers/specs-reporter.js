'use strict';
/**
 * Jest reporter: when suites were skipped for want of BigCommerce's specs (describeWithSpecs in
 * test/helpers/bigcommerce-specs.ts), prints one line at the end of the run saying how to get them.
 * Plain JavaScript because jest loads reporters without transforming them.
 */
const { SKIP_MARK, locateSpecs, skippedLine } = require('../../scripts/specs/bigcommerce-specs');

class SpecsSkippedReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
    this.skipped = 0;
  }

  onTestResult(_test, result) {
    for (const assertion of result.testResults) {
      if (
        assertion.status === 'pending' &&
        assertion.ancestorTitles.some((title) => title.endsWith(SKIP_MARK))
      ) {
        this.skipped += 1;
      }
    }
  }

  onRunComplete() {
    if (this.skipped === 0) return;
    const location = locateSpecs({ env: process.env, repoRoot: this.rootDir });
    const reason = location.found ? `the specs at ${location.dir} appeared during the run` : location.reason;
    process.stderr.write(`\n\u26a0 ${skippedLine(this.skipped, reason)}\n`);
  }
}

module.exports = SpecsSkippedReporter;
