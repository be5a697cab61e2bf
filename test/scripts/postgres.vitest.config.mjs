// @ts-check
// `npm run test:postgres --workspace test`: proves the throwaway PostgreSQL (postgres.mjs) through the same
// globalSetup the city's tests use. Not part of `npm test`: the city's own suite starts one anyway.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['postgres.test.mjs'],
    globalSetup: ['postgres-global-setup.mjs'],
    hookTimeout: 60_000,
  },
});
