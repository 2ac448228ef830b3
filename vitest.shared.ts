import { defineConfig } from 'vitest/config';

/**
 * Shared Vitest settings: tests read workspace packages from their
 * TypeScript sources (the `source` export condition), so no build is
 * needed before a unit test; timezone and seeds are pinned by tests.
 */
export const sharedTestConfig = defineConfig({
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    env: { TZ: 'UTC' },
    include: ['test/**/*.test.ts'],
  },
});
