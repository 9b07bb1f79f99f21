/**
 * The tests Stryker (npm run mutation) runs against each mutant of model/invariants: the invariants' own
 * tests, without views.test.ts, which judges many whole cases per test (every mutant would pay for it) and
 * compares the shared readings with each behaviour judged alone, so it kills next to nothing here.
 */
import { defineConfig } from 'vitest/config';
import { testSeed } from './properties/settings.ts';

// The same global seed as vitest.config.ts: the invariants' properties run under it (test/setup.ts).
const { seed } = testSeed(process.env.SC_SEED);
process.env.SC_SEED = String(seed);

export default defineConfig({
  test: {
    include: ['test/invariants/**/*.test.ts'],
    exclude: ['test/invariants/views.test.ts'],
    setupFiles: ['test/setup.ts'],
    env: { SC_SEED: String(seed) },
    testTimeout: 120_000,
  },
});
