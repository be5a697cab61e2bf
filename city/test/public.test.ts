/**
 * The city's public face (issue 18): a resident's status page, opened on a phone anywhere, answered from what the
 * office sends over its link. The office is asked only for the pages phones open, and only the office that made a
 * token can answer for it.
 */
import { createHash } from 'node:crypto';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { moveAlong, type StatusServerToClientEvents, type VisitStatus } from '@junban/protocol';
import { engines, startCity, type OfficeSocket, type TestCity, until } from './support.js';

const BUSINESS_DATE = '2026-04-01';
const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');

function status(number: string, change: Partial<VisitStatus> = {}): VisitStatus {
  const service = { id: 'juminhyo', name: { ja: '住民票の写し', en: 'Certificate of residence' } };
  return {
    number,
    office: { ja: '北支所', en: 'North branch' },
    businessDate: BUSINESS_DATE,
    at: Date.now(),
    state: 'waiting',
    service,
    counter: null,
    calledAt: null,
    peopleAhead: 2,
    estimateSec: 600,
    steps: [{ serviceId: service.id, name: service.name, state: 'waiting' }],
    ...change,
  };
}

/** An office that answers the city's questions for the tokens it made, as a linked office does. */
function answering(office: OfficeSocket, made: Map<string, VisitStatus>): string[][] {
  const asked: string[][] = [];
  office.on('watch', ({ keys }) => {
    asked.push(keys);
    const statuses = keys.flatMap((key) => (made.has(key) ? [{ key, status: made.get(key)! }] : []));
    if (statuses.length) void office.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses });
  });
  return asked;
}

type Phone = Socket<StatusServerToClientEvents> & { seen: VisitStatus[]; unknown: boolean; officeOffline: boolean };

function phone(url: string, token: string): Phone {
  const socket = connect(`${url}/status`, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true }) as Phone;
  socket.seen = [];
  socket.unknown = false;
  socket.officeOffline = false;
  socket.on('status', (s) => socket.seen.push(s));
  // As the status page does: a move of the page's line moves its place.
  socket.on('line', (move) => {
    const last = socket.seen.at(-1);
    const moved = last && moveAlong(last, move);
    if (moved && moved !== 'gap' && moved !== last) socket.seen.push(moved);
  });
  socket.on('unknown', (why) => (why?.reason === 'offline' ? (socket.officeOffline = true) : (socket.unknown = true)));
  return socket;
}

describe.each(engines)('residents’ status pages on $name', (engine) => {
  let city: TestCity & { databaseUrl?: string };
  const phones: Socket[] = [];
  beforeAll(async () => {
    city = await startCity(engine);
  });
  afterAll(async () => {
    for (const p of phones) p.disconnect();
    await city?.stop();
  });
  const open = (token: string, url = city.url) => {
    const p = phone(url, token);
    phones.push(p);
    return p;
  };

  it('a phone opening a page asks every office; the one that made the token answers, and the phone sees each change', async () => {
    const token = 'visit-1.made-by-north';
    const made = new Map([[keyOf(token), status('A-001')]]);
    const north = await city.link(await city.enrolOffice('pub-north'));
    const south = await city.link(await city.enrolOffice('pub-south'));
    const northAsked = answering(north, made);
    const southAsked = answering(south, new Map());

    const resident = open(token);
    await until('the phone shows the visit', () => resident.seen.at(-1));
    expect(resident.seen.at(-1)).toMatchObject({ number: 'A-001', state: 'waiting', peopleAhead: 2 });
    // Both were asked by key, never by token: only the office that made the token knows whose it is. (The north's
    // answer may reach the phone before the question reaches the south: two connections, no order between them.)
    await until('the south was asked too', () => southAsked.length);
    expect(northAsked.flat()).toEqual([keyOf(token)]);
    expect(southAsked.flat()).toEqual([keyOf(token)]);

    const called = status('A-001', {
      state: 'called',
      counter: { id: '3', name: { ja: '3番窓口', en: 'Counter 3' } },
      calledAt: Date.now(),
      peopleAhead: null,
    });
    await north.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses: [{ key: keyOf(token), status: called }] });
    await until('the phone shows the call', () => resident.seen.at(-1)?.state === 'called');
    expect(resident.seen.at(-1)!.counter?.name.en).toBe('Counter 3');
    // The same page over HTTP (a phone's first look while its socket connects): the latest status.
    const res = await fetch(`${city.url}/api/v1/status/${token}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as VisitStatus).state).toBe('called');
  });

  it('a token no office made is "not valid", on the socket and over HTTP, once the offices had their chance', async () => {
    const stranger = open('visit-9.forged');
    await until('the phone is told the link is not valid', () => stranger.unknown, 10_000);
    const res = await fetch(`${city.url}/api/v1/status/visit-9.forged`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('visit/not_found');
    const bad = await fetch(`${city.url}/api/v1/status/${encodeURIComponent('<script>')}`);
    expect(bad.status).toBe(400);
  }, 20_000);

  it('an office that connects is asked again for the pages opened today (it may have restarted)', async () => {
    const token = 'visit-2.made-by-east';
    const resident = open(token);
    await until('the page was asked for', async () => (await city.db.query('SELECT 1 FROM status_watches WHERE key = $1', [keyOf(token)])).length);
    const east = await city.link(await city.enrolOffice('pub-east'));
    const asked = answering(east, new Map([[keyOf(token), status('B-002')]]));
    await east.emitWithAck('hello', { softwareVersion: 'test', catalogueVersion: null, lastSeq: 0 });
    await until('the new office was asked', () => asked.flat().includes(keyOf(token)));
    await until('the phone shows the visit', () => resident.seen.at(-1)?.number === 'B-002');
  });

  it('while an office is cut off, a page none answers for may be its: the phone is told so, stays, and fills in when it is back', async () => {
    const credential = await city.enrolOffice('pub-cut');
    const cut = await city.link(credential);
    await cut.emitWithAck('hello', { softwareVersion: 'test', catalogueVersion: null, lastSeq: 0 });
    cut.disconnect();
    await until('the city sees the office cut off', async () => (await city.server.offices.list()).find((o) => o.id === 'pub-cut')?.link === 'disconnected');
    const token = 'visit-5.made-by-cut';
    const resident = open(token);
    await until('the phone is told its office may be cut off', () => resident.officeOffline, 10_000);
    expect(resident.unknown).toBe(false);
    const res = await fetch(`${city.url}/api/v1/status/${token}`);
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('remote/office_offline');
    // The office is back: asked for the pages opened today, it answers, and the waiting phone shows the visit.
    const back = await city.link(credential);
    answering(back, new Map([[keyOf(token), status('C-005')]]));
    await back.emitWithAck('hello', { softwareVersion: 'test', catalogueVersion: null, lastSeq: 0 });
    await until('the phone shows the visit', () => resident.seen.at(-1)?.number === 'C-005');
  }, 30_000);

  it('a full batch replaces what the office had sent, and the page is the kiosk’s own', async () => {
    const office = await city.link(await city.enrolOffice('pub-west'));
    const [a, b] = ['visit-3.west', 'visit-4.west'];
    await office.emitWithAck('statuses', {
      full: true,
      businessDate: BUSINESS_DATE,
      statuses: [
        { key: keyOf(a), status: status('C-003') },
        { key: keyOf(b), status: status('C-004') },
      ],
    });
    expect((await fetch(`${city.url}/api/v1/status/${a}`)).status).toBe(200);
    await office.emitWithAck('statuses', { full: true, businessDate: BUSINESS_DATE, statuses: [{ key: keyOf(b), status: status('C-004') }] });
    expect((await city.server.db.query('SELECT key FROM visit_statuses WHERE office_id = $1', ['pub-west'])).map((r) => (r as { key: string }).key)).toEqual([
      keyOf(b),
    ]);
    // A malformed batch is refused and changes nothing.
    const refused = (await office.emitWithAck('statuses', { full: true, businessDate: 'yesterday', statuses: [] } as never)) as { ok: boolean };
    expect(refused.ok).toBe(false);
    expect((await city.server.db.query('SELECT key FROM visit_statuses WHERE office_id = $1', ['pub-west'])).length).toBe(1);

    const page = await fetch(`${city.url}/kiosk/status/${b}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    // Not the kiosk's own screen: that stays in the offices.
    expect((await fetch(`${city.url}/kiosk/`)).headers.get('content-type') ?? '').not.toContain('javascript');
  });

  it('a call that moves a whole line comes as one move: every page in that line moves along, over HTTP too, and other lines stay', async () => {
    const office = await city.link(await city.enrolOffice('pub-line'));
    const tokens = ['visit-1.line', 'visit-2.line', 'visit-3.line'];
    const kokuho = { id: 'kokuho', name: { ja: '国民健康保険', en: 'National Health Insurance' } };
    const made = new Map(tokens.map((t, i) => [keyOf(t), status(`L-00${i + 1}`, { peopleAhead: i, estimateSec: i * 300, lineSeq: 1_000 })]));
    made.set(keyOf('visit-9.line'), status('K-001', { service: kokuho, peopleAhead: 1, lineSeq: 50 }));
    answering(office, made);
    const residents = tokens.map((t) => open(t));
    const elsewhere = open('visit-9.line');
    await until('every phone shows its place', () => [...residents, elsewhere].every((r) => r.seen.length > 0));

    // The first is called (its own status); the two behind move one place up, as one move of their line.
    const called = status('L-001', {
      state: 'called',
      peopleAhead: null,
      estimateSec: null,
      calledAt: Date.now(),
      counter: { id: '3', name: { ja: '3番窓口', en: 'Counter 3' } },
    });
    await office.emitWithAck('statuses', {
      full: false,
      businessDate: BUSINESS_DATE,
      statuses: [{ key: keyOf(tokens[0]!), status: called }],
      lines: [{ serviceId: 'juminhyo', seq: 1_001, at: Date.now(), shifts: [[1, -1]], countersOpen: 2, serviceSec: 300 }],
    });
    await until('each page in the line moved', () => residents[1]!.seen.at(-1)?.peopleAhead === 0 && residents[2]!.seen.at(-1)?.peopleAhead === 1);
    expect(residents[0]!.seen.at(-1)!.state).toBe('called');
    expect(residents[2]!.seen.at(-1)!.estimateSec).toBe(150);
    expect(elsewhere.seen.map((s) => s.peopleAhead)).not.toContain(0);

    // Read over HTTP, or opened after the move: the place the move made.
    const read = (await (await fetch(`${city.url}/api/v1/status/${tokens[2]}`)).json()) as VisitStatus;
    expect(read).toMatchObject({ peopleAhead: 1, estimateSec: 150, lineSeq: 1_001 });
    const later = open(tokens[2]!);
    await until('a page opened after the move shows its place', () => later.seen.at(-1)?.peopleAhead === 1);
  });

  it.skipIf(!engine.url)('a phone on another city process sees an office’s change (PostgreSQL adapter)', async () => {
    const second = await startCity(engine, { databaseUrl: city.databaseUrl! });
    try {
      const token = 'visit-5.made-by-port';
      const office = await city.link(await city.enrolOffice('pub-port'));
      answering(office, new Map([[keyOf(token), status('D-005')]]));
      const resident = open(token, second.url);
      await until('the phone on the second process shows the visit', () => resident.seen.at(-1)?.number === 'D-005');
      await office.emitWithAck('statuses', {
        full: false,
        businessDate: BUSINESS_DATE,
        statuses: [{ key: keyOf(token), status: status('D-005', { peopleAhead: 0 }) }],
      });
      await until('the change reached it through the other process', () => resident.seen.at(-1)?.peopleAhead === 0);
    } finally {
      await second.stop();
    }
  });
});
