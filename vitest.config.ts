import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'functions/**/*.test.ts', 'dashboard/**/*.test.ts', 'infra/**/*.test.ts', 'test/**/*.test.ts'],
    // Integration tests start DuckDB, s3rver and Chromium: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
