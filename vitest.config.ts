// Test runner configuration: unit, integration (real Neo4j) and end-to-end (real Chromium) tests live under test/.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    // Stops the test Neo4j at the end of the run (test/setup/global.ts).
    globalSetup: ['test/setup/global.ts'],
  },
});
