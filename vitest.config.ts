import { defineConfig } from 'vitest/config';
import { testSeed } from './properties/settings.ts';

// One seed for every test file of this run (test/setup.ts hands it to fast-check): resolved here, once, in
// the main process, and passed to the workers as SC_SEED, so SC_SEED=random draws one seed for the whole run.
const { seed, drawn } = testSeed(process.env.SC_SEED);
if (drawn)
  console.error(`SC_SEED=random: this run's seed is ${seed} (replay: SC_SEED=${seed} npx vitest run)`);
process.env.SC_SEED = String(seed);

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.prop.ts', 'examples/**/*.test.ts'],
    setupFiles: ['test/setup.ts'],
    env: { SC_SEED: String(seed) },
    testTimeout: 120_000,
    globalSetup: ['test/support/build-dist.ts'],
    coverage: {
      provider: 'v8',
      include: ['model/**/*.ts'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 95 },
    },
  },
});
