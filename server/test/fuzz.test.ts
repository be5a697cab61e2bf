/**
 * Thousands of malformed requests, generated from the API table: every endpoint gets its fields one by one set to
 * the wrong type, random junk, non-object bodies, broken and oversized JSON, over HTTP and over the socket, plus
 * unknown events and malformed socket messages. Each must get a clear 4xx (or an error acknowledgement), never a
 * server error, and afterwards the database must be exactly as it was. A read (GET) may answer when a wrong value
 * happens to fit (42 is a fine `limit`), and changes nothing either way; a field it does not know it refuses.
 */
import { randomLcg } from 'd3-random';
import { MAX_MESSAGE_BYTES } from '../src/realtime/hub.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { api, buildRequest, can, type EndpointName, type Principal } from '@junban/protocol';
import { command, startOffice, type ClientSocket, type TestOffice } from './support.js';

const rng = randomLcg(0.2026);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

const WRONG: unknown[] = [
  null,
  42,
  -1e308,
  Number.MAX_SAFE_INTEGER,
  'x',
  '',
  [],
  {},
  true,
  ['x', 1, null],
  { nested: { deeper: [] } },
  'x'.repeat(300_000),
  '\u0000\ud800',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '2026-02-30',
  '25:99',
  'NaN',
];

/** The top-level fields an endpoint's input declares, through intersections, refinements and pipes. */
function fieldsOf(schema: z.ZodType): string[] {
  const def = (schema as unknown as { def: { type: string; left?: z.ZodType; right?: z.ZodType; in?: z.ZodType; options?: z.ZodType[] } }).def;
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  if (shape) return Object.keys(shape);
  if (def.type === 'intersection') return [...fieldsOf(def.left!), ...fieldsOf(def.right!)];
  if (def.type === 'pipe') return fieldsOf(def.in!);
  if (def.type === 'union' || def.type === 'discriminatedUnion') return [...new Set(def.options!.flatMap(fieldsOf))];
  return [];
}

/** Inputs that must not pass: each field alone with a wrong value, and objects of random junk. */
function badInputs(name: EndpointName): Record<string, unknown>[] {
  const params = Object.fromEntries([...api[name].path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, 'nope']));
  const inputs: Record<string, unknown>[] = [];
  for (const field of fieldsOf(api[name].input as z.ZodType)) {
    if (field in params) continue;
    for (const value of WRONG) inputs.push({ ...params, [field]: value });
  }
  for (let i = 0; i < 12; i++) {
    const junk: Record<string, unknown> = { ...params };
    for (let k = 0; k < 1 + Math.floor(rng() * 4); k++) junk[pick(['', 'constructor', 'toString', 'x', 'services', 'id', 'name'])] = pick(WRONG);
    inputs.push(junk);
  }
  return inputs;
}

type Caller = 'admin' | 'counter' | 'guide' | 'kiosk' | 'nobody';
const principals: Record<Caller, Principal | null> = {
  admin: { kind: 'staff', id: 'x', username: 'x', displayName: 'x', role: 'admin' },
  counter: { kind: 'staff', id: 'x', username: 'x', displayName: 'x', role: 'counter' },
  guide: { kind: 'staff', id: 'x', username: 'x', displayName: 'x', role: 'guide' },
  kiosk: { kind: 'device', id: 'x', name: 'x', device: 'kiosk' },
  nobody: null,
};
/** A caller the endpoint lets in, so the input is read and not refused at the door. */
const callerFor = (name: EndpointName) => (Object.keys(principals) as Caller[]).find((c) => can(principals[c], api[name].permission))!;

/**
 * Everything the database holds, table by table, except when a device was last seen (a device's requests refresh
 * it) and the insight tables (sums of the event log any read may bring up to date).
 */
function snapshot(office: TestOffice): Record<string, string> {
  const db = office.server.db;
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[]).filter(
    (t) => !t.startsWith('insight_'),
  );
  return Object.fromEntries(
    tables.map((t) => [
      t,
      JSON.stringify(
        db
          .prepare(`SELECT * FROM "${t}"`)
          .all()
          .map((r) => ({ ...(r as object), last_seen_at: undefined })),
      ),
    ]),
  );
}

/** The tables that differ, by name: a readable failure instead of two dumps of the database. */
const changed = (a: Record<string, string>, b: Record<string, string>) => Object.keys({ ...a, ...b }).filter((t) => a[t] !== b[t]);

let office: TestOffice;
const auth: Record<Caller, { token?: string; cookie?: string }> = {} as never;
// Sign-out would end the session the rest of the run uses; it takes no input anyway.
const endpoints = (Object.keys(api) as EndpointName[]).filter((n) => n !== 'logout');

beforeAll(async () => {
  office = await startOffice({ unlimitedSockets: true });
  auth.nobody = {};
  auth.kiosk = { token: office.kioskToken };
  for (const role of ['admin', 'counter', 'guide'] as const) auth[role] = { cookie: (await office.staff(role)).cookie };
  // Something to break: a waiting visit, one at a counter.
  const counter = await office.staff('counter', 'fuzz-counter');
  await counter('issueVisit', { services: ['juminhyo'] });
  await counter('issueVisit', { services: ['tennyu', 'kokuho'] });
  await counter('setCounterStatus', { counterId: '1', status: 'open' });
  await counter('callNext', { counterId: '1' });
});
afterAll(() => office?.stop());

describe('malformed input changes nothing', () => {
  it('over HTTP: every endpoint, field by field, junk, non-objects, broken and huge bodies', async () => {
    const before = snapshot(office);
    const failures: string[] = [];
    let sent = 0;
    const send = async (name: EndpointName, method: string, path: string, body: string | undefined) => {
      const who = callerFor(name);
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (auth[who].token) headers.authorization = `Bearer ${auth[who].token}`;
      if (auth[who].cookie) headers.cookie = auth[who].cookie!;
      const res = await fetch(`${office.url}${path}`, { method, headers, body });
      const answer = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
      sent += 1;
      if (res.status >= 500 || (res.status >= 400 && !answer?.error?.message)) failures.push(`${name} ${method} ${path.slice(0, 80)} → ${res.status}`);
      return res.status;
    };
    for (const name of endpoints) {
      const { method } = api[name];
      for (const input of badInputs(name)) {
        const req = buildRequest(name, input);
        const status = await send(name, req.method, req.path, req.body);
        if (status < 400 && method !== 'GET') failures.push(`${name} accepted ${JSON.stringify(input).slice(0, 120)}`);
      }
      if (method !== 'GET') {
        const path = buildRequest(name, Object.fromEntries([...api[name].path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, 'nope']))).path;
        for (const body of ['{', '[]', '"x"', 'null', '12', '{"a":', `{"x":"${'y'.repeat(3_000_000)}"}`]) {
          if ((await send(name, method, path, body)) < 400) failures.push(`${name} accepted body ${body.slice(0, 20)}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(changed(before, snapshot(office))).toEqual([]);
    expect(sent).toBeGreaterThan(3000);
    console.info(`fuzz: ${sent} malformed HTTP requests: no server error, every write refused with a message, database unchanged`);
    // Thousands of requests one after another: on a busy two-core machine this takes longer than the usual 30 s.
  }, 120_000);

  it('over the socket: the same inputs, unknown commands, malformed messages and unknown events', async () => {
    const before = snapshot(office);
    const sockets: Partial<Record<Caller, ClientSocket>> = {};
    for (const who of ['admin', 'counter', 'guide', 'kiosk'] as const) sockets[who] = await office.socket(auth[who]);
    const failures: string[] = [];
    let sent = 0;
    for (const name of endpoints) {
      const who = callerFor(name);
      if (who === 'nobody') continue;
      // A message over the socket's size limit closes the connection instead (realtime.test.ts).
      for (const input of badInputs(name).filter((i) => JSON.stringify(i).length < MAX_MESSAGE_BYTES - 1000)) {
        const ack = await command(sockets[who]!, name, input);
        sent += 1;
        if (ack.ok) {
          if (api[name].method !== 'GET') failures.push(`${name} accepted ${JSON.stringify(input).slice(0, 120)}`);
        } else if (ack.error.code === 'server/internal' || !ack.error.message) failures.push(`${name} → ${ack.error.code}`);
      }
    }
    const socket = sockets.counter!;
    const raw = socket as unknown as { emit: (event: string, ...args: unknown[]) => void };
    for (const request of [null, 'x', 42, [], { name: 42 }, { name: 'noSuchCommand' }, { name: '__proto__' }, { name: 'callNext', input: 'x' }]) {
      const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => raw.emit('command', request, resolve));
      sent += 1;
      if (ack.ok || ack.error?.code === 'server/internal') failures.push(`command ${JSON.stringify(request)} → ${JSON.stringify(ack)}`);
    }
    for (const event of ['explode', 'sync', 'presence']) {
      const ack = await new Promise<{ ok: boolean; error?: { code: string } }>((resolve) => raw.emit(event, { since: 'x', counterId: 42 }, resolve));
      sent += 1;
      if (ack.ok || ack.error?.code === 'server/internal') failures.push(`${event} → ${JSON.stringify(ack)}`);
    }
    // Without an acknowledgement to answer, a message is dropped; the socket stays connected and still answers.
    raw.emit('command', { name: 'callNext', input: { counterId: '1' } });
    expect((await command(socket, 'staffView', {})).ok).toBe(true);
    expect(failures).toEqual([]);
    expect(changed(before, snapshot(office))).toEqual([]);
    expect(sent).toBeGreaterThan(2500);
    console.info(`fuzz: ${sent} malformed socket messages: no server error, every write refused with an error acknowledgement, database unchanged`);
  });

  it('every endpoint, reads included, refuses a field it does not declare and names it', async () => {
    const before = snapshot(office);
    const failures: string[] = [];
    for (const name of endpoints) {
      const params = Object.fromEntries([...api[name].path.matchAll(/:(\w+)/g)].map((m) => [m[1]!, 'nope']));
      const req = buildRequest(name, { ...params, surplus: 1 });
      const who = auth[callerFor(name)];
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (who.token) headers.authorization = `Bearer ${who.token}`;
      if (who.cookie) headers.cookie = who.cookie;
      const res = await fetch(`${office.url}${req.path}`, { method: req.method, headers, body: req.body });
      const error = ((await res.json()) as { error?: { code: string; issues?: { path: string; message: string }[] } }).error;
      if (res.status !== 400 || !error?.issues?.some((i) => i.path === 'surplus' && i.message === 'unknown field'))
        failures.push(`${name} → ${res.status} ${JSON.stringify(error)}`);
    }
    expect(failures).toEqual([]);
    expect(changed(before, snapshot(office))).toEqual([]);
  });
});
