// Runs the tests that mostly wait (the real BigCommerce quota, job leases after a SIGKILL) first, so
// they wait while the other worker runs everything else; then the rest, largest files first.
const Sequencer = require('@jest/test-sequencer').default;
const fs = require('node:fs');

const WAITING_FIRST = ['backfill-and-burst.test.ts', 'worker-processes.test.ts', 'outbound-crash.test.ts'];

class WaitingFirstSequencer extends Sequencer {
  sort(tests) {
    const rank = (test) => {
      const index = WAITING_FIRST.findIndex((name) => test.path.endsWith(name));
      return index === -1 ? WAITING_FIRST.length : index;
    };
    const size = (test) => {
      try {
        return fs.statSync(test.path).size;
      } catch {
        return 0;
      }
    };
    return [...tests].sort((a, b) => rank(a) - rank(b) || size(b) - size(a));
  }
}

module.exports = WaitingFirstSequencer;
