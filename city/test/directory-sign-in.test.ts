/**
 * The city's own staff sign in with the city's directory, as an office's do: a real OpenLDAP server (slapd, started
 * for the run by test/scripts/slapd-global-setup.mjs with server/test/fixtures/directory.ldif) and a real OpenID
 * provider (oidc-provider, in this process). The directory's groups give the city's roles; local accounts stay for
 * emergencies and keep working while the directory is down.
 */
import { parseGroupRoles } from '@junban/server/directory/mapping';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertCodeFlow, browse, freePort, silentDirectory, startTestIdp, testLdap, type TestIdp } from '../../server/test/directory-testing.js';
import { CITY_ROLES, cityDirectoryFromEnv, type CityDirectorySettings } from '../src/access/directory.js';
import { readEnv } from '../src/config.js';
import { engines, startCity, type TestCity } from './support.js';

const base = 'dc=junban,dc=test';
/** The test directory's groups, as a city's IT department would map them to the city's roles. */
const groups = parseGroupRoles(
  JSON.stringify({
    [`cn=junban-counter,ou=groups,${base}`]: { role: 'city-manager' },
    [`CN=Junban-Manager, OU=Groups, ${base.toUpperCase()}`]: { role: 'city-admin' },
    'city-junban-admins': { role: 'city-admin' },
  }),
  CITY_ROLES,
  'CITY_DIRECTORY_GROUPS',
);

const login = (city: TestCity, username: string, password: string) => city.callAs('cityLogin', { username, password });
const staffCount = async (city: TestCity) => Number((await city.db.query<{ n: number }>('SELECT COUNT(*)::int AS n FROM staff'))[0]!.n);
const sessionCookie = (cookies: Record<string, string>) =>
  cookies['junban_city_session'] ? `junban_city_session=${cookies['junban_city_session']}` : undefined;

describe.each(engines)('city staff and the LDAP directory on $name', (engine) => {
  let city: TestCity;
  beforeAll(async () => {
    city = await startCity(engine, undefined, { directory: { groups, sessionMs: 12 * 3_600_000, ldap: testLdap() } });
  });
  afterAll(() => city?.stop());

  it('a member of the mapped group signs in with their directory password and gets the city role of that group', async () => {
    const res = await fetch(`${city.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'tanaka', password: 'tanaka-pass' }),
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ kind: 'city-staff', username: 'tanaka', displayName: '田中 花子', role: 'city-manager' });
    // The city's ordinary session cookie: the city's pages see a city manager.
    const cookie = res.headers.getSetCookie()[0]!.split(';')[0]!;
    expect(await city.callAs('cityMe', {}, cookie)).toMatchObject({ status: 200, body: { username: 'tanaka', role: 'city-manager' } });
    expect((await city.callAs('putCatalogue', {}, cookie)).status).toBe(403);
    expect((await city.callAs('citySignInOptions', {})).body).toEqual({ directory: true, oidc: null });
  });

  it('someone in a manager and an admin group is a city admin: the highest role wins', async () => {
    expect((await login(city, 'kato', 'kato-pass')).body).toMatchObject({ username: 'kato', role: 'city-admin' });
  });

  it('someone in no mapped group, a disabled account and a wrong password are refused, and no account is made', async () => {
    const before = await staffCount(city);
    const sato = await login(city, 'sato', 'sato-pass');
    expect(sato).toMatchObject({ status: 403, body: { error: { code: 'auth/forbidden', message: /no group/ } } });
    expect((await login(city, 'yamada', 'yamada-pass')).status).toBe(401);
    expect((await login(city, 'ito', 'not-her-password')).status).toBe(401);
    expect((await login(city, '*)(uid=*', 'x')).status).toBe(401);
    expect(await staffCount(city)).toBe(before);
  });

  it("a local account signs in with its own password; a directory account's record has no password to try", async () => {
    await city.server.access.createStaff({ username: 'emergency', displayName: '非常用', role: 'city-admin', password: 'local-pass-1' });
    expect((await login(city, 'emergency', 'local-pass-1')).body).toMatchObject({ username: 'emergency', role: 'city-admin' });
    expect((await login(city, 'emergency', 'wrong')).status).toBe(401);
    // tanaka's record came from the directory: only the directory's password signs it in.
    expect((await city.server.access.signIn('tanaka', '').catch((e: { code: string }) => e.code)) as unknown).toBe('auth/bad_credentials');
  });
});

describe.each(engines)('when the directory does not answer, on $name', (engine) => {
  let city: TestCity;
  let silent: Awaited<ReturnType<typeof silentDirectory>>;
  beforeAll(async () => {
    silent = await silentDirectory();
    // The settings as the city reads them, so the wait is the default one a city gets.
    const directory = cityDirectoryFromEnv({
      CITY_LDAP_URL: silent.url,
      CITY_LDAP_USER_DN: `uid={username},ou=people,${base}`,
      CITY_DIRECTORY_GROUPS: JSON.stringify({ [`cn=junban-counter,ou=groups,${base}`]: { role: 'city-manager' } }),
    });
    city = await startCity(engine, undefined, { directory: directory! });
  });
  afterAll(async () => {
    await city?.stop();
    silent.close();
  });

  it('a local city admin still signs in, and a directory user gets a clear 503 within 5 seconds', async () => {
    await city.server.access.createStaff({ username: 'local-admin', displayName: '管理者', role: 'city-admin', password: 'local-pass-1' });
    expect((await login(city, 'local-admin', 'local-pass-1')).status).toBe(200);
    const started = Date.now();
    const res = await login(city, 'tanaka', 'tanaka-pass');
    expect(res).toMatchObject({ status: 503, body: { error: { code: 'auth/directory_unavailable', message: /local account/ } } });
    expect(Date.now() - started).toBeLessThan(5_500);
  });
});

describe.each(engines)("city staff and the city's OpenID provider on $name", (engine) => {
  let city: TestCity & { databaseUrl?: string };
  let idp: TestIdp;
  let directory: CityDirectorySettings;
  const label = '○○市でサインイン / Sign in with ○○ City';
  const accounts = {
    'oidc-chief': { name: '小林 課長', groups: ['city-junban-admins', 'city-hall'] },
    'oidc-nobody': { name: '森 さん', groups: ['city-hall'] },
  };

  beforeAll(async () => {
    const port = await freePort();
    const redirectUrl = `http://127.0.0.1:${port}/auth/oidc/callback`;
    idp = await startTestIdp({
      clientId: 'junban-city',
      clientSecret: 'a-secret-of-the-city',
      redirectUrl,
      accounts,
    });
    directory = cityDirectoryFromEnv({
      CITY_OIDC_ISSUER: idp.issuer,
      CITY_OIDC_CLIENT_ID: 'junban-city',
      CITY_OIDC_CLIENT_SECRET: 'a-secret-of-the-city',
      CITY_OIDC_REDIRECT_URL: redirectUrl,
      CITY_OIDC_SCOPES: 'openid profile groups',
      CITY_OIDC_LABEL: label,
      CITY_DIRECTORY_GROUPS: JSON.stringify({ 'city-junban-admins': { role: 'city-admin' } }),
    })!;
    city = await startCity(engine, undefined, { directory, port });
  });
  afterAll(async () => {
    await city?.stop();
    await idp?.close();
  });

  /** A browser, until it is back at the city's sign-in page. */
  const signInAt = (start: string, until = (u: URL) => u.pathname === '/') => browse(city.url, start, until);

  it('the sign-in page offers the button; a staff member signs in at the provider and comes back with the role of their groups', async () => {
    expect((await city.callAs('citySignInOptions', {})).body).toEqual({ directory: false, oidc: { label, startUrl: '/auth/oidc/start' } });
    idp.signsInAs = 'oidc-chief';
    const { landed, visited, cookies } = await signInAt('/auth/oidc/start');
    expect(landed.search).toBe('');
    // The code flow with PKCE, state and nonce.
    assertCodeFlow(visited);
    expect(await city.callAs('cityMe', {}, sessionCookie(cookies))).toMatchObject({
      status: 200,
      body: { kind: 'city-staff', username: 'oidc-chief', displayName: '小林 課長', role: 'city-admin' },
    });
  });

  it('someone in no mapped group comes back to the sign-in page with the reason, and without a session', async () => {
    idp.signsInAs = 'oidc-nobody';
    const { landed, cookies } = await signInAt('/auth/oidc/start');
    expect(landed.searchParams.get('signInError')).toBe('auth/forbidden');
    expect(sessionCookie(cookies)).toBeUndefined();
  });

  it('someone removed from every mapped group is refused at their next sign-in, and their open sessions end', async () => {
    idp.signsInAs = 'oidc-chief';
    const first = sessionCookie((await signInAt('/auth/oidc/start')).cookies);
    expect((await city.callAs('cityMe', {}, first)).status).toBe(200);
    accounts['oidc-chief'].groups = ['city-hall'];
    try {
      expect((await signInAt('/auth/oidc/start')).landed.searchParams.get('signInError')).toBe('auth/forbidden');
      expect((await city.callAs('cityMe', {}, first)).status).toBe(401);
    } finally {
      accounts['oidc-chief'].groups = ['city-junban-admins', 'city-hall'];
    }
  });

  it.skipIf(!engine.url)('a sign-in started at one city process may come back to another: they share the sign-ins under way', async () => {
    const other = await startCity(engine, { databaseUrl: city.databaseUrl! }, { directory });
    try {
      idp.signsInAs = 'oidc-chief';
      // Started at the other process; the provider sends the browser back to the callback it knows, this one's.
      const started = await browse(other.url, '/auth/oidc/start', (u) => u.pathname === '/auth/oidc/callback');
      expect(started.landed.port).toBe(new URL(city.url).port);
      const back = await fetch(started.landed, { redirect: 'manual', headers: { cookie: `junban_city_oidc=${started.cookies['junban_city_oidc']}` } });
      expect(back.headers.get('location')).toBe('/');
      const cookie = back.headers
        .getSetCookie()
        .find((c) => c.startsWith('junban_city_session='))
        ?.split(';')[0];
      expect(await other.callAs('cityMe', {}, cookie)).toMatchObject({ status: 200, body: { username: 'oidc-chief', role: 'city-admin' } });
    } finally {
      await other.stop();
    }
  });

  it("a callback this browser did not start is refused (nobody can sign someone else's browser in)", async () => {
    idp.signsInAs = 'oidc-chief';
    const attacker = await signInAt('/auth/oidc/start', (u) => u.pathname === '/auth/oidc/callback');
    expect(attacker.landed.searchParams.get('code')).toBeTruthy();
    const { landed, cookies } = await signInAt(attacker.landed.pathname + attacker.landed.search);
    expect(landed.searchParams.get('signInError')).toBe('auth/bad_credentials');
    expect(sessionCookie(cookies)).toBeUndefined();
  });
});

describe("the city's directory settings", () => {
  it('are named CITY_…, read with the rest of the city settings, and refused with a clear message when half done or wrong', () => {
    expect(readEnv({}).directory).toBeUndefined();
    expect(() => readEnv({ CITY_LDAP_URL: 'ldap://dc.city.local', CITY_DIRECTORY_GROUPS: '{"g":{"role":"city-admin"}}' })).toThrow(
      /CITY_LDAP_BIND_DN with CITY_LDAP_USER_BASE/,
    );
    // An office's role is no city role.
    expect(() =>
      readEnv({ CITY_LDAP_URL: 'ldap://dc.city.local', CITY_LDAP_USER_DN: 'uid={username},ou=people', CITY_DIRECTORY_GROUPS: '{"g":{"role":"admin"}}' }),
    ).toThrow(/\{"role": "city-manager" \| "city-admin"\}: CITY_DIRECTORY_GROUPS\.g\.role/);
    expect(() => readEnv({ CITY_OIDC_ISSUER: 'https://login.city.jp', CITY_DIRECTORY_GROUPS: '{}' })).toThrow(/CITY_OIDC_CLIENT_ID/);
    // Nor has the city counters for a group to name.
    expect(() =>
      readEnv({
        CITY_LDAP_URL: 'ldap://dc.city.local',
        CITY_LDAP_USER_DN: 'uid={username}',
        CITY_DIRECTORY_GROUPS: '{"g":{"role":"city-admin","counters":["1"]}}',
      }),
    ).toThrow(/CITY_DIRECTORY_GROUPS\.g: Unrecognized key: "counters"/);
    expect(() => readEnv({ CITY_LDAP_URL: 'http://dc.city.local', CITY_DIRECTORY_GROUPS: '{}' })).toThrow(/CITY_LDAP_URL/);
    const ok = readEnv({
      CITY_LDAP_URL: 'ldaps://dc.city.local',
      CITY_LDAP_BIND_DN: 'CN=junban,OU=Service,DC=city,DC=local',
      CITY_LDAP_USER_BASE: 'OU=Staff,DC=city,DC=local',
      CITY_LDAP_USER_FILTER: '(sAMAccountName={username})',
      CITY_DIRECTORY_GROUPS: '{"CN=Junban City Admins,OU=Groups,DC=city,DC=local":{"role":"city-admin"}}',
    });
    expect(ok.directory?.ldap).toMatchObject({ groupAttribute: 'memberOf', userFilter: '(sAMAccountName={username})', timeoutMs: 5000 });
    expect(ok.directory?.groups.byGroup.get('cn=junban city admins,ou=groups,dc=city,dc=local')).toEqual({ role: 'city-admin' });
  });
});
