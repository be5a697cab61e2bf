// @ts-check
// Vitest globalSetup for the office server's and the city server's tests: one throwaway OpenLDAP server (slapd.mjs)
// holding the test directory (server/test/fixtures/directory.ldif), stopped after the last test file. Its address reaches the tests
// as `process.env.SERVER_TEST_LDAP_URL` (with _ADMIN_DN and _ADMIN_PASSWORD), set before Vitest starts its workers.
// A URL already in SERVER_TEST_LDAP_URL is used as it is and nothing is started (a directory of your own, loaded
// with the same LDIF).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readLdif, startSlapd } from './slapd.mjs';

export default async function setup() {
  if (process.env.SERVER_TEST_LDAP_URL) return undefined;
  const ldif = readLdif(join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'server', 'test', 'fixtures', 'directory.ldif'));
  const slapd = await startSlapd({ ldif });
  process.env.SERVER_TEST_LDAP_URL = slapd.url;
  process.env.SERVER_TEST_LDAP_ADMIN_DN = slapd.adminDn;
  process.env.SERVER_TEST_LDAP_ADMIN_PASSWORD = slapd.adminPassword;
  return async () => {
    delete process.env.SERVER_TEST_LDAP_URL;
    await slapd.stop();
  };
}
