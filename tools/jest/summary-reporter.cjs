// Writes each Jest project's counts to reports/jest/, which Nx caches as a test
// output, so the workspace summary is complete on a cache hit as well as a miss.
const { mkdirSync, writeFileSync } = require('node:fs');
const { dirname, join, relative } = require('node:path');

const workspaceRoot = join(__dirname, '../..');

class SummaryReporter {
  constructor(globalConfig) {
    this.project = relative(workspaceRoot, globalConfig.rootDir);
  }

  onRunComplete(_contexts, results) {
    const summary = {
      project: this.project,
      passed: results.numPassedTests,
      // A suite that cannot even load has no failed tests; count it as one failure.
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
    };
    // reports/jest/<project root>.json: the path nx.json declares as the test target's output.
    const file = join(workspaceRoot, 'reports/jest', `${this.project}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(summary));
  }
}

module.exports = SummaryReporter;
