import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// `npm test` leaves out the heavy `*.full.test.ts` files; `npm run test:all` (KWG_TEST_FULL=1) runs everything.
const full = process.env.KWG_TEST_FULL === '1';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: full ? ['**/node_modules/**'] : ['**/node_modules/**', 'test/**/*.full.test.ts'],
    // Fixed seeds and modest run counts for every property suite (test/support/depth.ts).
    setupFiles: ['test/support/depth.ts'],
    // One "today" for every test, so revision lifecycle answers (deprecated, retired) never depend on the clock.
    env: { KLAVIYO_WEBHOOK_GEN_TODAY: '2026-11-28' },
    // e2e tests spawn the built CLI; the pool default (forks) keeps them isolated. The timeout is a hang guard,
    // far above any test's time on a loaded 2-core machine: no test may be tuned close to it.
    testTimeout: 60_000,
    // Every core: vitest leaves one free by default, which halves a 2-core machine (npm test 105 s → 76 s there).
    maxWorkers: availableParallelism(),
    // Test files share a worker's imported modules instead of importing the sources again for each file: npm test
    // 102 s → 71 s on 2 cores. The sources keep no state a test could leave behind (caches only); a test that
    // changes something global (a spy, an environment variable) puts it back.
    isolate: false,
  },
});
