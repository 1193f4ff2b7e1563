/**
 * How deep the suites go. `npm test` runs every file at a modest depth with fixed seeds, so a contributor's run is
 * quick and repeatable; `npm run test:all` (KWG_TEST_FULL=1) also runs the `*.full.test.ts` files and the property
 * suites at their full run counts. A failing property run prints its seed and path: replay it with
 * `FC_SEED=<seed>`.
 */
import fc from 'fast-check';

export const FULL = process.env.KWG_TEST_FULL === '1';

/** Property runs: `modest` in `npm test`, `full` in `test:all`; PROPERTY_RUNS overrides both. */
export function runs(modest: number, full: number): number {
  const override = process.env.PROPERTY_RUNS;
  return override ? Number(override) : FULL ? full : modest;
}

/** One fixed seed for every property run (FC_SEED to replay or vary it): the same inputs on every machine. */
export const SEED = Number(process.env.FC_SEED ?? 20261201);
fc.configureGlobal({ seed: SEED });
