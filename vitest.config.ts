import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // e2e tests spawn the built CLI; the pool default (forks) keeps them isolated.
    testTimeout: 20_000,
  },
});
