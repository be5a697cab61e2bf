// The package's types, which the city's and the browser tests' type checks see only through this file (they do not
// include server/test): the declaration is ambient, so it cannot be imported.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="./oidc-provider.d.ts" />
/**
 * What the tests of staff sign-in with the city's directory share, the office's, the city's and the browser tests
 * (which use Chromium instead of `browse`): the test directory's LDAP settings, a directory that never answers, a real
 * OpenID provider (oidc-provider, in the test's process on a free port) whose sign-in page signs in at once whoever
 * the test says, and a browser made of fetch that follows redirects with each site's cookies.
 */
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { LdapSettings } from '../src/access/directory/ldap.js';
import { freePort } from '../src/testing/office.js';

export { freePort };

/**
 * The test directory (server/test/fixtures/directory.ldif, in the slapd of test/scripts/slapd-global-setup.mjs),
 * searched with its admin, as a city's IT department would set it up.
 */
export const testLdap = (url = process.env.SERVER_TEST_LDAP_URL!, timeoutMs = 5000): LdapSettings => ({
  url,
  bindDn: process.env.SERVER_TEST_LDAP_ADMIN_DN,
  bindPassword: process.env.SERVER_TEST_LDAP_ADMIN_PASSWORD,
  userSearchBase: 'ou=people,dc=junban,dc=test',
  // As a city would leave out disabled accounts (AD: userAccountControl's bit 2).
  userFilter: '(&(uid={username})(!(employeeType=disabled)))',
  groupAttribute: 'memberOf',
  groupSearchBase: 'ou=groups,dc=junban,dc=test',
  groupFilter: '(member={dn})',
  nameAttribute: 'displayName',
  timeoutMs,
});

/** A directory that accepts connections and never answers, like one behind a dropped VPN: its ldap:// URL. */
export async function silentDirectory(): Promise<{ url: string; close(): void }> {
  const silent = createTcpServer(() => {}).listen(0, '127.0.0.1');
  await new Promise((r) => silent.once('listening', r));
  return { url: `ldap://127.0.0.1:${(silent.address() as AddressInfo).port}`, close: () => void silent.close() };
}

export interface TestIdp {
  issuer: string;
  /** Who signs in at the provider's page next. */
  signsInAs: string;
  close(): Promise<void>;
}

/**
 * A provider with one client (`clientId`, `clientSecret`, sending browsers back to `redirectUrl`) and these accounts,
 * each with a name and the groups in its `groups` claim (their `preferred_username` is their id).
 */
export async function startTestIdp(options: {
  clientId: string;
  clientSecret: string;
  redirectUrl: string;
  accounts: Record<string, { name: string; groups: string[] }>;
}): Promise<TestIdp> {
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const { accounts } = options;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: options.clientId,
        client_secret: options.clientSecret,
        redirect_uris: [options.redirectUrl],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], profile: ['name', 'preferred_username'], groups: ['groups'] },
    scopes: ['openid', 'profile', 'groups'],
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['a-test-cookie-key-of-the-provider'] },
    async findAccount(_ctx, id) {
      const account = accounts[id];
      return account && { accountId: id, claims: () => ({ sub: id, preferred_username: id, name: account.name, groups: account.groups }) };
    },
  });
  const idp: TestIdp = { issuer, signsInAs: Object.keys(accounts)[0]!, close: () => new Promise((r) => server.close(() => r())) };
  const callback = provider.callback();
  const server: Server = createServer((req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    // The provider's own sign-in page: here, whoever the test says, at once.
    void (async () => {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(req, res, { login: { accountId: idp.signsInAs } }, { mergeWithLastSubmission: false });
      } else {
        const grant = new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params['client_id']) });
        grant.addOIDCScope(String(details.params['scope']));
        await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return idp;
}

/** Throws unless the browser went to the provider as the code flow with PKCE (S256), state and nonce asks. */
export function assertCodeFlow(visited: URL[]): void {
  const authorize = visited.find((u) => u.pathname === '/auth' && u.searchParams.has('code_challenge'));
  const p = authorize?.searchParams;
  if (!p || p.get('code_challenge_method') !== 'S256' || !p.get('state') || !p.get('nonce') || p.get('response_type') !== 'code') {
    throw new Error(`not the code flow with PKCE, state and nonce: ${visited.map((u) => u.href).join(' → ')}`);
  }
}

/**
 * A browser: from `start` on the server at `home`, follows redirects, keeping each site's cookies; stops at the
 * first address `until` accepts. Answers where it landed, the addresses it went through, and the server's cookies.
 */
export async function browse(home: string, start: string, until: (u: URL) => boolean) {
  const homeCookies: Record<string, string> = {};
  const jars = new Map<string, Record<string, string>>([[new URL(home).host, homeCookies]]);
  let url = new URL(start, home);
  const visited: URL[] = [];
  for (let hops = 0; hops < 20; hops++) {
    visited.push(url);
    const jar = jars.get(url.host) ?? {};
    jars.set(url.host, jar);
    const res = await fetch(url, {
      redirect: 'manual',
      headers: {
        cookie: Object.entries(jar)
          .map(([k, v]) => `${k}=${v}`)
          .join('; '),
      },
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, value] = [pair!.slice(0, pair!.indexOf('=')), pair!.slice(pair!.indexOf('=') + 1)];
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) delete jar[name];
      else jar[name] = value;
    }
    const location = res.headers.get('location');
    if (res.status < 300 || res.status >= 400 || !location) throw new Error(`${url.href} answered ${res.status} without a redirect`);
    url = new URL(location, url);
    if (until(url)) return { landed: url, visited, cookies: homeCookies };
  }
  throw new Error('too many redirects');
}
