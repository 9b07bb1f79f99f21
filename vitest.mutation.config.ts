/**
 * The tests Stryker (npm run mutation) runs against each mutant of model/invariants: the invariants' own
 * tests, without views.test.ts, which judges many whole cases per test (every mutant would pay for it) and
 * compares the shared readings with each behaviour judged alone, so it kills next to nothing here.
 */
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/invariants/**/*.test.ts'],
    exclude: ['test/invariants/views.test.ts'],
    testTimeout: 120_000,
  },
});
