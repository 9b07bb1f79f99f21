import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'properties/**/*.prop.ts', 'examples/**/*.test.ts'],
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
