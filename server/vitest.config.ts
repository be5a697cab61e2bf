import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Staff sign-in with the city's directory is tested against a real OpenLDAP server, started here as a throwaway
    // slapd in a temporary folder (or taken from SERVER_TEST_LDAP_URL) and stopped after.
    globalSetup: ['../test/scripts/slapd-global-setup.mjs'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
