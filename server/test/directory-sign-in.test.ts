/**
 * Staff sign in with the city's directory: a real OpenLDAP server (slapd, started for the run by
 * test/scripts/slapd-global-setup.mjs with server/test/fixtures/directory.ldif) and a real OpenID provider
 * (oidc-provider, in this process on a free port). Local accounts stay for emergencies.
 */
import { Attribute, Change, Client } from 'ldapts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OFFICE_ROLES, parseGroupRoles } from '../src/access/directory/mapping.js';
import { directoryFromEnv } from '../src/access/directory/settings.js';
import { assertCodeFlow, browse as browseFrom, freePort, silentDirectory, startTestIdp, testLdap, type TestIdp } from './directory-testing.js';
import { callAs, startOffice, type TestOffice } from './support.js';

const ldapUrl = process.env.SERVER_TEST_LDAP_URL!;
const base = 'dc=junban,dc=test';
const groups = parseGroupRoles(
  JSON.stringify({
    [`cn=junban-counter,ou=groups,${base}`]: { role: 'counter' },
    [`CN=Junban-Manager, OU=Groups, ${base.toUpperCase()}`]: { role: 'manager' },
    'junban-admins': { role: 'admin' },
    'junban-guides': { role: 'guide' },
  }),
  OFFICE_ROLES,
  'JUNBAN_DIRECTORY_GROUPS',
);

const login = (office: TestOffice, username: string, password: string) =>
  fetch(`${office.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .find((c) => c.startsWith('junban_session='))
    ?.split(';')[0];
const me = async (office: TestOffice, cookie: string | undefined) => fetch(`${office.url}/api/v1/auth/me`, { headers: cookie ? { cookie } : {} });
async function asDirectoryAdmin<T>(run: (c: Client) => Promise<T>): Promise<T> {
  const client = new Client({ url: ldapUrl });
  await client.bind(process.env.SERVER_TEST_LDAP_ADMIN_DN!, process.env.SERVER_TEST_LDAP_ADMIN_PASSWORD!);
  try {
    return await run(client);
  } finally {
    await client.unbind();
  }
}

describe('signing in with the LDAP directory', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true, directory: { groups, sessionMs: 12 * 3_600_000, ldap: testLdap() } });
  });
  afterAll(() => office.stop());

  it("a counter clerk in the directory's counter group signs in with their directory password and gets the counter role", async () => {
    const res = await login(office, 'tanaka', 'tanaka-pass');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'staff', username: 'tanaka', displayName: '田中 花子', role: 'counter' });
    // The same session cookie as a local sign-in: the API, the audit and presence see an ordinary staff account.
    expect(await (await me(office, cookieOf(res))).json()).toMatchObject({ username: 'tanaka', role: 'counter' });
    const admin = await office.staff('admin');
    expect((await admin('listStaff', {})).find((a) => a.username === 'tanaka')).toMatchObject({ role: 'counter', source: 'directory', disabled: false });
    expect(await admin('signInOptions', {})).toEqual({ directory: true, oidc: null });
  });

  it('someone in the counter and the manager groups gets the higher role; group names match whatever their case', async () => {
    const res = await login(office, 'kato', 'kato-pass');
    expect(await res.json()).toMatchObject({ username: 'kato', role: 'manager' });
  });

  it('a wrong password is refused and changes nothing', async () => {
    const before = office.server.access.staffCount();
    const res = await login(office, 'ito', 'not-her-password');
    expect(res.status).toBe(401);
    expect(cookieOf(res)).toBeUndefined();
    expect(office.server.access.staffCount()).toBe(before);
    // Nor does a name that tries to widen the directory's search.
    expect((await login(office, '*)(uid=*', 'x')).status).toBe(401);
  });

  it('someone in no mapped group is refused, and so is an account disabled in the directory', async () => {
    const before = office.server.access.staffCount();
    const sato = await login(office, 'sato', 'sato-pass');
    expect(sato.status).toBe(403);
    expect(((await sato.json()) as { error: { message: string } }).error.message).toMatch(/no group/);
    expect((await login(office, 'yamada', 'yamada-pass')).status).toBe(401);
    expect(office.server.access.staffCount()).toBe(before);
  });

  it('someone removed from every mapped group is refused at their next sign-in, and their open sessions end', async () => {
    const first = await login(office, 'ito', 'ito-pass');
    const cookie = cookieOf(first);
    expect((await me(office, cookie)).status).toBe(200);
    const group = `cn=junban-counter,ou=groups,${base}`;
    const member = `uid=ito,ou=people,${base}`;
    const change = (operation: 'add' | 'delete') => new Change({ operation, modification: new Attribute({ type: 'member', values: [member] }) });
    await asDirectoryAdmin((c) => c.modify(group, change('delete')));
    try {
      expect((await login(office, 'ito', 'ito-pass')).status).toBe(403);
      expect((await me(office, cookie)).status).toBe(401);
    } finally {
      await asDirectoryAdmin((c) => c.modify(group, change('add')));
    }
  });

  it('a local account signs in with its own password and never asks the directory', async () => {
    await office.server.access.createStaff({ username: 'emergency', displayName: '非常用', role: 'admin', password: 'local-pass-1' });
    expect((await login(office, 'emergency', 'local-pass-1')).status).toBe(200);
    expect((await login(office, 'emergency', 'wrong')).status).toBe(401);
    // A directory account has no password here: its record cannot be used to sign in without the directory.
    expect((await login(office, 'tanaka', '')).status).toBe(400);
  });
});

describe('directory groups that name counters', () => {
  let office: TestOffice;
  beforeAll(async () => {
    const atCounters = parseGroupRoles(
      JSON.stringify({
        [`cn=junban-counter,ou=groups,${base}`]: { role: 'counter', counters: ['2', '3'] },
        [`cn=junban-manager,ou=groups,${base}`]: { role: 'manager' },
      }),
      OFFICE_ROLES,
      'JUNBAN_DIRECTORY_GROUPS',
    );
    office = await startOffice({ checkResponses: true, directory: { groups: atCounters, sessionMs: 12 * 3_600_000, ldap: testLdap() } });
  });
  afterAll(() => office.stop());

  it('a clerk whose group names counters 2 and 3 works at those, over HTTP and the socket, and is refused at counter 1', async () => {
    const res = await login(office, 'tanaka', 'tanaka-pass');
    expect(await res.json()).toMatchObject({ username: 'tanaka', role: 'counter', counters: ['2', '3'] });
    const cookie = cookieOf(res)!;
    expect(await (await me(office, cookie)).json()).toMatchObject({ counters: ['2', '3'] });

    await office.device(office.kioskToken)('issueVisit', { services: ['juminhyo'] });
    const refused = await callAs(office, 'callNext', { counterId: '1' }, { cookie });
    expect(refused.status).toBe(403);
    expect(refused.body.error?.message).toMatch(/counter 2, 3, not at 1/);
    expect((await callAs(office, 'setCounterStatus', { counterId: '1', status: 'paused' }, { cookie })).status).toBe(403);
    // The socket takes the same table: refused there too.
    const socket = await office.socket({ cookie });
    expect(await socket.emitWithAck('command', { name: 'callNext', input: { counterId: '1' } })).toMatchObject({
      ok: false,
      error: { code: 'auth/forbidden' },
    });
    // The refusals called nobody: counter 2 calls the resident who took the number.
    const called = await callAs(office, 'callNext', { counterId: '2' }, { cookie });
    expect(called.status).toBe(200);
    expect(called.body).toMatchObject({ visit: { number: expect.any(String) } });
  });

  it('someone in a group that names counters works at those whatever their other groups', async () => {
    // kato is in the counter group and the manager group: the manager's role, the counter group's counters.
    const res = await login(office, 'kato', 'kato-pass');
    expect(await res.json()).toMatchObject({ role: 'manager', counters: ['2', '3'] });
  });

  it('a local account works at any counter', async () => {
    const local = await office.staff('counter');
    expect(await local('setCounterStatus', { counterId: '1', status: 'paused' })).toEqual({ ok: true });
  });
});

describe('when the directory does not answer', () => {
  let office: TestOffice;
  let silent: Awaited<ReturnType<typeof silentDirectory>>;
  beforeAll(async () => {
    silent = await silentDirectory();
    office = await startOffice({ directory: { groups, sessionMs: 3_600_000, ldap: testLdap(silent.url, 500) } });
  });
  afterAll(async () => {
    await office.stop();
    silent.close();
  });

  it('the local admin still signs in, and a directory user gets a clear error quickly', async () => {
    await office.server.access.createStaff({ username: 'local-admin', displayName: '管理者', role: 'admin', password: 'local-pass-1' });
    expect((await login(office, 'local-admin', 'local-pass-1')).status).toBe(200);
    const started = Date.now();
    const res = await login(office, 'tanaka', 'tanaka-pass');
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'auth/directory_unavailable',
      message: /local account/,
    });
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe("signing in with the city's OpenID provider", () => {
  let office: TestOffice;
  let idp: TestIdp;

  beforeAll(async () => {
    const officePort = await freePort();
    const redirectUrl = `http://127.0.0.1:${officePort}/auth/oidc/callback`;
    idp = await startTestIdp({
      clientId: 'junban-office',
      clientSecret: 'a-secret-of-the-office',
      redirectUrl,
      accounts: {
        'oidc-admin': { name: '小林 課長', groups: ['junban-admins', 'city-hall'] },
        'oidc-nobody': { name: '森 さん', groups: ['city-hall'] },
      },
    });
    office = await startOffice({
      port: officePort,
      directory: {
        groups,
        sessionMs: 3_600_000,
        oidc: {
          issuer: idp.issuer,
          clientId: 'junban-office',
          clientSecret: 'a-secret-of-the-office',
          redirectUrl,
          scopes: 'openid profile groups',
          groupsClaim: 'groups',
          usernameClaim: 'preferred_username',
          label: '○○市でサインイン / Sign in with ○○ City',
          timeoutMs: 5000,
        },
      },
    });
  });
  afterAll(async () => {
    await office.stop();
    await idp.close();
  });

  /** A browser, until it is back at the office's staff page (or `until`). */
  const browse = async (start: string, until = (u: URL) => u.pathname === '/admin/') => {
    const { cookies, ...rest } = await browseFrom(office.url, start, until);
    return { ...rest, officeCookies: cookies };
  };

  it('the sign-in page offers the button; a staff member signs in at the provider and comes back signed in with the role of their groups', async () => {
    expect(await (await fetch(`${office.url}/api/v1/auth/options`)).json()).toEqual({
      directory: false,
      oidc: { label: '○○市でサインイン / Sign in with ○○ City', startUrl: '/auth/oidc/start' },
    });
    idp.signsInAs = 'oidc-admin';
    const { landed, visited, officeCookies } = await browse('/auth/oidc/start');
    expect(landed.search).toBe('');
    // The code flow with PKCE, state and nonce.
    assertCodeFlow(visited);
    const cookie = `junban_session=${officeCookies['junban_session']}`;
    expect(await (await me(office, cookie)).json()).toMatchObject({ kind: 'staff', username: 'oidc-admin', displayName: '小林 課長', role: 'admin' });
  });

  it('someone in no mapped group comes back to the sign-in page with the reason, and without a session', async () => {
    idp.signsInAs = 'oidc-nobody';
    const { landed, officeCookies } = await browse('/auth/oidc/start');
    expect(landed.searchParams.get('signInError')).toBe('auth/forbidden');
    expect(officeCookies['junban_session']).toBeUndefined();
  });

  it("a callback that this browser did not start is refused (nobody can sign someone else's browser in)", async () => {
    idp.signsInAs = 'oidc-admin';
    // An attacker signs in at the provider with their own account, stops before the callback, and makes the victim's
    // browser open it: a valid code and state, but not a sign-in this browser started.
    const attacker = await browse('/auth/oidc/start', (u) => u.pathname === '/auth/oidc/callback');
    expect(attacker.landed.searchParams.get('code')).toBeTruthy();
    const { landed, officeCookies } = await browse(attacker.landed.pathname + attacker.landed.search);
    expect(landed.searchParams.get('signInError')).toBe('auth/bad_credentials');
    expect(officeCookies['junban_session']).toBeUndefined();
  });
});

describe('the directory settings', () => {
  it('are read from the environment and refused with a clear message when half done or wrong', () => {
    expect(directoryFromEnv({}, OFFICE_ROLES)).toBeUndefined();
    expect(() => directoryFromEnv({ JUNBAN_LDAP_URL: 'ldap://dc.city.local', JUNBAN_DIRECTORY_GROUPS: '{"g":{"role":"counter"}}' }, OFFICE_ROLES)).toThrow(
      /JUNBAN_LDAP_BIND_DN with JUNBAN_LDAP_USER_BASE/,
    );
    expect(() =>
      directoryFromEnv(
        {
          JUNBAN_LDAP_URL: 'ldap://dc.city.local',
          JUNBAN_LDAP_USER_DN: 'uid={username},ou=people',
          JUNBAN_DIRECTORY_GROUPS: '{"g":{"role":"boss"}}',
        },
        OFFICE_ROLES,
      ),
    ).toThrow(/JUNBAN_DIRECTORY_GROUPS\.g\.role/);
    expect(() => directoryFromEnv({ JUNBAN_OIDC_ISSUER: 'https://login.city.jp', JUNBAN_DIRECTORY_GROUPS: '{}' }, OFFICE_ROLES)).toThrow(
      /JUNBAN_OIDC_CLIENT_ID/,
    );
    const ok = directoryFromEnv(
      {
        JUNBAN_LDAP_URL: 'ldaps://dc.city.local',
        JUNBAN_LDAP_BIND_DN: 'CN=junban,OU=Service,DC=city,DC=local',
        JUNBAN_LDAP_USER_BASE: 'OU=Staff,DC=city,DC=local',
        JUNBAN_LDAP_USER_FILTER: '(sAMAccountName={username})',
        JUNBAN_DIRECTORY_GROUPS: '{"CN=Junban Counter,OU=Groups,DC=city,DC=local":{"role":"counter"}}',
      },
      OFFICE_ROLES,
    );
    expect(ok?.ldap).toMatchObject({ groupAttribute: 'memberOf', userFilter: '(sAMAccountName={username})', timeoutMs: 5000 });
    expect(ok?.sessionMs).toBe(12 * 3_600_000);
  });
});
