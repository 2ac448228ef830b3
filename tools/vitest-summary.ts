import type { Reporter, TestModule } from 'vitest/node';

/**
 * Prints the suite's closing line in the plain form CI reads:
 * "tests: N passed, N failed, N skipped". A module that failed to load
 * counts as one failure so that a broken file is never silent.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    errors: ReadonlyArray<unknown>,
  ): void {
    let passed = 0;
    let failed = errors.length;
    let skipped = 0;
    for (const module of modules) {
      if (module.state() === 'failed' && [...module.children.allTests()].length === 0) {
        failed++;
      }
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
    }
    process.stdout.write(
      `\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`,
    );
  }
}
