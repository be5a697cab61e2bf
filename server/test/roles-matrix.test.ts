/**
 * Every endpoint of the API table, over HTTP and over the socket, tried by every kind of caller: no one, a kiosk,
 * a display, a print agent, and each staff role. Only those the table's permission allows get past the door; everyone else gets
 * 401 (no credentials) or 403, with a message, before the input is even read. access.test.ts checks the intent
 * endpoint by endpoint; this checks that no endpoint is left unguarded or wrongly guarded, however many are added.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, buildRequest, can, permissionsOf, type EndpointName, type Principal, type Role } from '@junban/protocol';
import { command, startOffice, type ClientSocket, type TestOffice } from './support.js';

type Caller = 'nobody' | 'kiosk' | 'display' | 'agent' | Role;
const callers: Caller[] = ['nobody', 'kiosk', 'display', 'agent', 'counter', 'guide', 'manager', 'admin'];

/** Signing out would end the session the next rows need; it is tried last, on its own. */
const endpoints = (Object.keys(api) as EndpointName[]).filter((n) => n !== 'logout');

/** Path parameters filled with an id that names nothing: the door is checked before the id is looked up. */
function inputFor(name: EndpointName): Record<string, unknown> {
  const params = [...api[name].path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
  return Object.fromEntries(params.map((p) => [p, 'nope']));
}

/**
 * Endpoints whose handler narrows the table's permission further, on purpose. Each is a rule a person would
 * expect, not an exception to make the test pass.
 */
const narrower: Partial<Record<EndpointName, (who: Caller) => boolean>> = {
  // "Which kiosk or display am I": only a device has an answer.
  thisDevice: (who) => who === 'kiosk' || who === 'display' || who === 'agent',
  // Sound and voices are a display's own report.
  reportDisplayStatus: (who) => who === 'display',
};

const mayPass = (who: Caller, name: EndpointName) => can(principalOf(who), api[name].permission) && (narrower[name]?.(who) ?? true);

function principalOf(who: Caller): Principal | null {
  if (who === 'nobody') return null;
  if (who === 'kiosk' || who === 'display' || who === 'agent') return { kind: 'device', id: 'x', name: 'x', device: who };
  return { kind: 'staff', id: 'x', username: 'x', displayName: 'x', role: who };
}

let office: TestOffice;
const auth: Record<Caller, { token?: string; cookie?: string }> = {} as never;

beforeAll(async () => {
  office = await startOffice({ checkResponses: true, unlimitedSockets: true });
  auth.nobody = {};
  auth.kiosk = { token: office.kioskToken };
  auth.display = { token: office.displayToken };
  auth.agent = { token: office.server.access.createDevice('agent', 'test print agent').token };
  for (const role of ['counter', 'guide', 'manager', 'admin'] as const) auth[role] = { cookie: (await office.staff(role)).cookie };
});
afterAll(() => office?.stop());

describe('every endpoint, every caller', () => {
  it('over HTTP: only the allowed get past the door', async () => {
    let tried = 0;
    const wrong: string[] = [];
    for (const name of endpoints) {
      const req = buildRequest(name, inputFor(name));
      for (const who of callers) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (auth[who].token) headers.authorization = `Bearer ${auth[who].token}`;
        if (auth[who].cookie) headers.cookie = auth[who].cookie!;
        const res = await office.fetch(`${office.url}${req.path}`, { method: req.method, headers, body: req.method === 'GET' ? undefined : '{}' });
        const body = (await res.json()) as { error?: { code: string; message: string } };
        tried += 1;
        const refused = res.status === 401 || res.status === 403;
        if (mayPass(who, name) ? refused : res.status !== (who === 'nobody' ? 401 : 403) || !body.error?.message) {
          wrong.push(`${who} ${name} → ${res.status} ${body.error?.code ?? ''}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(tried).toBe(endpoints.length * callers.length);
  });

  it('over the socket: the same door for the same callers', async () => {
    const sockets: Partial<Record<Caller, ClientSocket>> = {};
    for (const who of callers.filter((c) => c !== 'nobody')) sockets[who] = await office.socket(auth[who]);
    const wrong: string[] = [];
    for (const name of endpoints) {
      for (const who of callers.filter((c) => c !== 'nobody')) {
        const ack = await command(sockets[who]!, name, inputFor(name));
        const denied = !ack.ok && (ack.error.code === 'auth/forbidden' || ack.error.code === 'auth/required');
        // A print agent's socket only takes print jobs: every command is refused on it, even public ones.
        if (denied === (who !== 'agent' && mayPass(who, name))) wrong.push(`${who} ${name} → ${ack.ok ? 'ok' : ack.error.code}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it('the table itself: each role has the permissions the product describes', () => {
    // The door is only as right as this mapping: a change to it must be deliberate.
    expect(Object.fromEntries(callers.map((who) => [who, [...permissionsOf(principalOf(who))].sort()]))).toMatchInlineSnapshot(`
      {
        "admin": [
          "access:write",
          "config:write",
          "counter:status",
          "notice:write",
          "public:read",
          "queue:read",
          "reservation:read",
          "reservation:write",
          "stats:read",
        ],
        "agent": [],
        "counter": [
          "counter:status",
          "form:read",
          "form:write",
          "public:read",
          "queue:read",
          "queue:serve",
          "reservation:checkin",
          "reservation:read",
          "reservation:write",
          "visit:edit",
          "visit:issue",
        ],
        "display": [
          "public:read",
        ],
        "guide": [
          "form:read",
          "form:write",
          "public:read",
          "queue:read",
          "reservation:checkin",
          "reservation:read",
          "visit:edit",
          "visit:issue",
        ],
        "kiosk": [
          "public:read",
          "reservation:checkin",
          "visit:issue",
        ],
        "manager": [
          "counter:status",
          "notice:write",
          "public:read",
          "queue:read",
          "reservation:read",
          "reservation:write",
          "stats:read",
        ],
        "nobody": [],
      }
    `);
  });

  it('signing out ends only that session', async () => {
    const counter = await office.staff('counter');
    const headers = { cookie: counter.cookie, 'content-type': 'application/json' };
    expect((await fetch(`${office.url}/api/v1/auth/logout`, { method: 'POST', headers, body: '{}' })).status).toBe(200);
    expect((await fetch(`${office.url}/api/v1/view/staff`, { headers })).status).toBe(401);
    expect((await fetch(`${office.url}/api/v1/view/staff`, { headers: { cookie: auth.counter.cookie! } })).status).toBe(200);
  });
});
