import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{src,functions,dashboard,infra,test}/**/*.test.{ts,tsx}'],
    // Integration tests start DuckDB, s3rver and Chromium: give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
