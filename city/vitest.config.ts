import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Every city test runs on embedded PGlite and on a real PostgreSQL server, which this starts as a throwaway
    // cluster in a temporary folder (or takes from CITY_TEST_DATABASE_URL) and stops after.
    // City staff sign-in with the city's directory is tested against the office's throwaway OpenLDAP server (slapd),
    // with the same test directory.
    globalSetup: ['../test/scripts/postgres-global-setup.mjs', '../test/scripts/slapd-global-setup.mjs'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The history views' timing over three years of 20 offices is a benchmark (`npm run bench`), not a test.
    exclude: process.env.CITY_BENCH ? [] : ['test/**/*.bench.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
