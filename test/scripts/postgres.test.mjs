// @ts-check
// The throwaway PostgreSQL started by postgres-global-setup.mjs answers, as its URL says, and only with its password.
import pg from 'pg';
import { expect, inject, test } from 'vitest';

/** @param {string} connectionString */
async function query(connectionString) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query("SELECT 1 AS one, current_setting('listen_addresses') AS listen, current_setting('server_version_num')::int AS version");
    return result.rows[0];
  } finally {
    await client.end();
  }
}

test('the global setup hands every test file the same running server, in the env and through inject', async () => {
  const url = process.env.CITY_TEST_DATABASE_URL;
  expect(url).toMatch(/^postgres:\/\/postgres:\w+@127\.0\.0\.1:\d+\/junban_test$/);
  // @ts-expect-error -- the key is declared by the city's tests (ProvidedContext); this file is plain JavaScript.
  expect(inject('cityTestDatabaseUrl')).toBe(url);
  expect(await query(/** @type {string} */ (url))).toEqual({ one: 1, listen: '127.0.0.1', version: expect.any(Number) });
});

test('it refuses a wrong password', async () => {
  const url = new URL(/** @type {string} */ (process.env.CITY_TEST_DATABASE_URL));
  url.password = 'wrong';
  await expect(query(url.href)).rejects.toThrow(/password authentication failed/);
});
