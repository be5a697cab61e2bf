/**
 * Joining the queue from a phone, at the city (issue 18): the public page lists what may be joined now, a number is
 * asked of the office over its link (the office issues it), the city limits numbers per network address and notices
 * per contact, and a phone postpones or cancels through the office that holds its visit. The public face can run
 * as a process of its own that serves phones only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinRequest, RemoteAction, VisitStatus } from '@junban/protocol';
import { demoOffice, engines, startCity, type OfficeSocket, type TestCity } from './support.js';

const keyOf = (token: string) => createHash('sha256').update(token).digest('base64url');
const BUSINESS_DATE = '2026-04-01';

function status(number: string): VisitStatus {
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
    remote: { code: 'ABCD2345', arriveBy: Date.now() + 1_800_000, releaseAt: Date.now() + 2_400_000 },
  };
}

describe.each(engines)('joining from a phone on $name', (engine) => {
  let city: TestCity & { databaseUrl?: string };
  let office: OfficeSocket;
  /** What the office was asked, and how it answers the next join. */
  const joins: JoinRequest[] = [];
  const actions: RemoteAction[] = [];
  let rated: number | null = null;
  let refuseNext: { code: string; message: string } | null = null;

  const post = (path: string, body: unknown, from = city.url) =>
    fetch(`${from}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const join = (serviceId = 'juminhyo', from = city.url) => post('/join', { officeId: 'join-north', serviceId, language: 'en' }, from);

  beforeAll(async () => {
    city = await startCity(engine, undefined, {
      phoneLimits: { joinsPerAddress: 3, noticesPerContact: 2 },
      publicUrl: 'https://junban.city.example.jp',
      // A gateway nobody answers at: only the requests to be told are counted here.
      notices: { key: randomBytes(32), webhook: { url: 'http://127.0.0.1:9/sms', secret: 'a-secret-of-the-city-s-sms-gateway-0123456789', timeoutMs: 1_000 } },
    });
    office = await city.link(await city.enrolOffice('join-north'));
    await office.emitWithAck('hello', { softwareVersion: 'test', catalogueVersion: null, lastSeq: 0 });
    await office.emitWithAck('setup', { config: demoOffice, at: Date.now() });
    office.on('join', (request, ack) => {
      joins.push(request);
      if (refuseNext) {
        ack({ ok: false, ...refuseNext });
        refuseNext = null;
        return;
      }
      const n = joins.length;
      const token = `visit-${n}.north`;
      ack({ ok: true, token, number: `A-00${n}`, arriveBy: Date.now() + 1_800_000 });
      // The office follows the new number's page, as a real one does once the city asks.
      void office.emitWithAck('statuses', { full: false, businessDate: BUSINESS_DATE, statuses: [{ key: keyOf(token), status: status(`A-00${n}`) }] });
    });
    office.on('remote', (action, ack) => {
      actions.push(action);
      if (action.action === 'rate') rated = action.rating ?? null;
      // As an office answers after a rating; before one, as an office older than the question (the city falls back).
      if (action.action === 'rating') return ack(rated === null ? { ok: true } : { ok: true, rating: { canRate: false, rated } });
      ack(
        action.action === 'postpone' && actions.filter((a) => a.action === 'postpone').length > 1
          ? { ok: false, code: 'remote/postponed_once', message: 'once' }
          : { ok: true },
      );
    });
    const { call } = await city.staff('city-admin');
    const catalogue = await call('getCatalogue', {});
    await call('putCatalogue', { ...catalogue, remote: { 'join-north': { juminhyo: { enabled: true }, kokuho: { enabled: false } } } });
  });
  afterAll(() => city?.stop());

  it('lists the offices and procedures open to it now, by their names in the office’s setup', async () => {
    const offices = (await (await fetch(`${city.url}/api/v1/join`)).json()) as {
      officeId: string;
      online: boolean;
      services: { id: string; name: { en: string } }[];
    }[];
    expect(offices).toEqual([
      expect.objectContaining({
        officeId: 'join-north',
        online: true,
        services: [expect.objectContaining({ id: 'juminhyo', name: expect.objectContaining({ en: expect.any(String) }) })],
      }),
    ]);
  });

  it('asks the office for the number, and answers its page’s token, number and arrive-by time', async () => {
    const res = await join();
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ token: 'visit-1.north', number: 'A-001', arriveBy: expect.any(Number) });
    expect(joins.at(-1)).toEqual({ serviceId: 'juminhyo', language: 'en' });
    // The page is there when the phone opens it.
    expect((await fetch(`${city.url}/api/v1/status/visit-1.north`)).status).toBe(200);
  });

  it('refuses a procedure not open to phones without asking the office, and passes on the office’s refusal', async () => {
    const asked = joins.length;
    const closed = await join('kokuho');
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { error: { code: string } }).error.code).toBe('remote/closed');
    expect(joins.length).toBe(asked);
    refuseNext = { code: 'remote/full', message: 'The rest of the line is kept for residents who come in person.' };
    const full = await join();
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ error: { code: 'remote/full', message: expect.stringContaining('kept for residents') } });
  });

  it('lets one network address take three numbers a day (a refused one does not count), then says so', async () => {
    // One taken above, one refused by the office (given back): two more fit.
    expect((await join()).status).toBe(200);
    // This one says what its resident needs: the codes reach the office, which routes the visit (issue 20).
    expect((await post('/join', { officeId: 'join-north', serviceId: 'juminhyo', language: 'en', needs: ['interpreter'] })).status).toBe(200);
    expect(joins.at(-1)).toEqual({ serviceId: 'juminhyo', language: 'en', needs: ['interpreter'] });
    const fourth = await join();
    expect(fourth.status).toBe(429);
    expect(((await fourth.json()) as { error: { code: string } }).error.code).toBe('remote/too_many');
  });

  it('passes a phone’s postpone and cancel to the office that holds the visit, by its key', async () => {
    expect((await post('/status/visit-1.north/postpone', {})).status).toBe(200);
    const again = await post('/status/visit-1.north/postpone', {});
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: { code: string } }).error.code).toBe('remote/postponed_once');
    expect((await post('/status/visit-3.north/cancel', {})).status).toBe(200);
    expect(actions).toEqual([
      { key: keyOf('visit-1.north'), action: 'postpone' },
      { key: keyOf('visit-1.north'), action: 'postpone' },
      { key: keyOf('visit-3.north'), action: 'cancel' },
    ]);
    expect((await post('/status/nobody.north/cancel', {})).status).toBe(404);
  });

  it('offers a page its one rating once the visit has ended, and passes it on to the office (issue 20)', async () => {
    const get = async (path: string) => (await fetch(`${city.url}/api/v1${path}`)).json();
    expect(await get('/status/visit-1.north/rating')).toEqual({ canRate: false, rated: null });
    await office.emitWithAck('statuses', {
      full: false,
      businessDate: BUSINESS_DATE,
      statuses: [{ key: keyOf('visit-1.north'), status: { ...status('A-001'), state: 'done', peopleAhead: null, estimateSec: null } }],
    });
    expect(await get('/status/visit-1.north/rating')).toEqual({ canRate: true, rated: null });
    actions.length = 0;
    expect((await post('/status/visit-1.north/rating', { rating: 4 })).status).toBe(200);
    expect(actions).toEqual([{ key: keyOf('visit-1.north'), action: 'rate', rating: 4 }]);
    // Opened again, the page asks the office, which knows it was rated: not offered twice.
    expect(await get('/status/visit-1.north/rating')).toEqual({ canRate: false, rated: 4 });
    expect((await post('/status/visit-1.north/rating', { rating: 9 })).status).toBe(400);
    expect((await post('/status/nobody.north/rating', { rating: 4 })).status).toBe(404);
  });

  it('tells one phone number about two visits a day, and refuses a third', async () => {
    const follow = (token: string) => post(`/status/${token}/notices`, { target: { channel: 'webhook', phone: '09011112222' } });
    expect((await follow('visit-1.north')).status).toBe(200);
    expect((await follow('visit-3.north')).status).toBe(200);
    const third = await follow('visit-4.north');
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('remote/too_many');
    // Another number is another contact.
    expect((await post('/status/visit-4.north/notices', { target: { channel: 'webhook', phone: '09033334444' } })).status).toBe(200);
  });

  it('says the office cannot be reached when its link is down, and changes nothing', async () => {
    await city.db.query(`DELETE FROM phone_limits`);
    office.disconnect();
    const res = await join();
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('remote/office_offline');
    const [row] = await city.db.query<{ used: number }>(`SELECT coalesce(sum(used), 0)::int AS used FROM phone_limits`);
    expect(row?.used).toBe(0);
  });

  it('keeps fingerprints of addresses, never the addresses themselves', async () => {
    const rows = await city.db.query<{ fingerprint: string }>('SELECT fingerprint FROM phone_limits');
    for (const r of rows) expect(r.fingerprint).not.toContain('127.0.0.1');
  });
});

describe.each(engines.filter((e) => e.url))('the public face as a process of its own on $name', (engine) => {
  let staffSide: TestCity & { databaseUrl?: string };
  let publicFace: TestCity;
  beforeAll(async () => {
    staffSide = await startCity(engine, undefined, { role: 'staff' });
    publicFace = await startCity(engine, { databaseUrl: staffSide.databaseUrl! }, { role: 'public' });
  });
  afterAll(async () => {
    await publicFace?.stop();
    await staffSide?.stop();
  });

  it('answers phones only: no sign-in, no staff endpoint, no office link; the staff side serves no phone', async () => {
    expect((await fetch(`${publicFace.url}/api/v1/join`)).status).toBe(200);
    expect((await fetch(`${publicFace.url}/api/v1/health`)).status).toBe(200);
    expect((await publicFace.callAs('cityLogin', { username: 'x', password: 'y' })).status).toBe(404);
    expect((await publicFace.callAs('listOffices', {})).status).toBe(404);
    expect((await publicFace.callAs('enrol', { code: 'AAAA-BBBB-CCCC' })).status).toBe(404);
    const token = await staffSide.enrolOffice('zone-office');
    await expect(staffSide.link(token, publicFace.url)).rejects.toThrow(/staff side/);
    const linked = await staffSide.link(token);
    expect(linked.connected).toBe(true);
    expect((await fetch(`${staffSide.url}/api/v1/join`)).status).toBe(404);
  });

  it('asks an office linked to the staff side for a phone’s number, through PostgreSQL', async () => {
    const office = await staffSide.link(await staffSide.enrolOffice('zone-two'));
    await office.emitWithAck('hello', { softwareVersion: 'test', catalogueVersion: null, lastSeq: 0 });
    office.on('join', (_request, ack) => ack({ ok: true, token: 'zone.two', number: 'B-001', arriveBy: Date.now() + 600_000 }));
    const { call } = await staffSide.staff('city-admin');
    await call('putCatalogue', { ...(await call('getCatalogue', {})), remote: { 'zone-two': { juminhyo: { enabled: true } } } });
    const res = await fetch(`${publicFace.url}/api/v1/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ officeId: 'zone-two', serviceId: 'juminhyo' }),
    });
    expect(await res.json()).toMatchObject({ token: 'zone.two', number: 'B-001' });
    // A phone's page socket at the public face works as anywhere.
    const phone = connect(`${publicFace.url}/status`, { auth: { token: 'zone.two' }, transports: ['websocket'], reconnection: false, forceNew: true });
    await new Promise<void>((resolve, reject) => {
      phone.once('connect', resolve);
      phone.once('connect_error', reject);
    });
    phone.disconnect();
  });
});
