// @ts-check
// Vitest globalSetup: one throwaway PostgreSQL server (postgres.mjs) for a whole test run, stopped after the last
// test file. Its URL reaches the tests two ways: `process.env.CITY_TEST_DATABASE_URL` (set before Vitest starts its
// workers, which inherit it) and `inject('cityTestDatabaseUrl')`. A URL already in CITY_TEST_DATABASE_URL is used
// as it is and nothing is started, to run the suite against a server of your own; JUNBAN_TEST_POSTGRES_PORT
// fixes the port of the one started (a free port otherwise).
//
//   // city/vitest.config.ts
//   test: { globalSetup: ['../test/scripts/postgres-global-setup.mjs'] }
//
//   // a test (TypeScript): declare module 'vitest' { interface ProvidedContext { cityTestDatabaseUrl: string } }
import { startPostgres } from './postgres.mjs';

/** @param {{ provide: (key: 'cityTestDatabaseUrl', value: string) => void }} project Vitest's TestProject */
export default async function setup(project) {
  const given = process.env.CITY_TEST_DATABASE_URL;
  if (given) {
    project.provide('cityTestDatabaseUrl', given);
    return undefined;
  }
  const port = Number(process.env.JUNBAN_TEST_POSTGRES_PORT) || undefined;
  const postgres = await startPostgres({ port });
  process.env.CITY_TEST_DATABASE_URL = postgres.url;
  project.provide('cityTestDatabaseUrl', postgres.url);
  return async () => {
    delete process.env.CITY_TEST_DATABASE_URL;
    await postgres.stop();
  };
}
