import { defineConfig } from 'vitest/config';

/**
 * The whole test suite in one run: every package and pipeline is a
 * Vitest project with its own config. The summary reporter prints one
 * closing line, "N passed, N failed", for CI.
 */
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'pipelines/*/vitest.config.ts'],
    reporters: ['default', './tools/vitest-summary.ts'],
    fileParallelism: true,
    maxWorkers: 2,
  },
});
