/**
 * Forms filled in at home (issue 19), end to end: the real city (PGlite) and a real office (in this process, its own
 * SQLite), linked over a real socket. A resident's phone (played here with the code the phone's page runs: the
 * guide's checks and the sealing) fills in the move-in form, sends it sealed to the office's key; the city keeps
 * only ciphertext (every table of its database is searched for the answers); at the office's kiosk the code checks
 * in, and the counter reads the form with its checks and audit like a guide's. A form whose resident never comes
 * expires unread; bad input changes nothing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CatalogueEntry, createApiClient, JunbanError, type FormValues, type HomeFormOffice, type IssuedVisit } from '@junban/protocol';
import { checkForm, sealHomeForm } from '@junban/protocol/form-check';
import type { InProcessOffice } from '../../server/src/testing/office.js';
import { instantOf } from '../../server/src/queue/business-day.js';
import { engines, linkedOffice, startCity, until, type TestCity } from './support.js';
import type { Db } from '../src/db/engine.js';

const MOVE_IN = CatalogueEntry.parse(JSON.parse(readFileSync(new URL('../../server/catalogue/tennyu.json', import.meta.url), 'utf8')));
const TODAY = '2026-04-01';

/** What the resident typed: every value is searched for where it must not be. */
const ANSWERS: FormValues = {
  name: '転入 花子',
  furigana: 'テンニュウ ハナコ',
  birthdate: { era: 'heisei', year: 2, month: 5, day: 17 },
  phone: '0466-25-1234',
  // 20 days before the office's day: past the 14-day rule, a warning for the counter.
  'move-date': { era: 'reiwa', year: 8, month: 3, day: 12 },
  postal: '251-0052',
  address: '藤沢市藤沢一丁目九番地の七',
  'previous-address': '横浜市中区山下町九十九番地',
  householder: '転入 花子',
  relationship: '本人',
};
const SECRETS = ['転入 花子', 'テンニュウ ハナコ', '0466-25-1234', '251-0052', '藤沢市藤沢一丁目九番地', '横浜市中区山下町'];

/** Every row of every table of the city's database, as text (bytea as hex). */
async function everything(db: Db): Promise<string> {
  const tables = await db.query<{ table_name: string }>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
  );
  const texts = await Promise.all(
    tables.map(async ({ table_name }) => (await db.query<{ t: string }>(`SELECT t::text AS t FROM "${table_name}" t`)).map((r) => r.t)),
  );
  return texts.flat().join('\n');
}

describe.each(engines)('forms filled in at home on $name', (engine) => {
  let city: TestCity;
  let office: InProcessOffice;
  const officeLog: string[] = [];
  let kiosk: ReturnType<typeof createApiClient>;
  let counter: ReturnType<typeof createApiClient>;
  let officeNow: () => number;
  /** Forms this suite sent from its one address (127.0.0.1) today. */
  let sent = 0;

  const post = (path: string, body: unknown) =>
    fetch(`${city.url}/api/v1${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const options = async () => (await (await fetch(`${city.url}/api/v1/home-forms`)).json()) as HomeFormOffice[];
  const send = async (values: FormValues, attachTo?: string) => {
    const honcho = (await options()).find((o) => o.officeId === 'honcho')!;
    const envelope = await sealHomeForm(honcho.key, 'honcho', 'tennyu', { values });
    const res = await post('/home-forms', { officeId: 'honcho', serviceId: 'tennyu', envelope, ...(attachTo ? { attachTo } : {}) });
    expect(res.status).toBe(200);
    sent++;
    return (await res.json()) as { code: string; expiresAt: number; attachTo?: string };
  };
  const storedForms = async () => (await city.db.query<{ n: number }>('SELECT count(*)::int AS n FROM home_forms'))[0]!.n;

  beforeAll(async () => {
    city = await startCity(engine);
    const { call } = await city.staff('city-admin');
    const catalogue = await call('getCatalogue', {});
    await call('putCatalogue', { ...catalogue, forms: [MOVE_IN] });
    const started = Date.now();
    const base = instantOf(TODAY, '10:00', 'Asia/Tokyo');
    officeNow = () => base + (Date.now() - started);
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => void (officeLog.push(chunk.toString()), done()) });
    ({ office, kiosk, counter } = await linkedOffice(city, 'honcho', { clock: { now: () => officeNow() }, logger: pino({ level: 'debug' }, sink) }));
    await until('the office is linked with its key and its setup', async () => (await options()).some((o) => o.officeId === 'honcho'));
  }, 30_000);
  afterAll(async () => {
    await office?.stop();
    await city?.stop();
  });

  it('the phone is offered the office with its key and the city’s move-in form, and checks it with the guide’s checks', async () => {
    const honcho = (await options()).find((o) => o.officeId === 'honcho')!;
    expect(honcho.name.ja).toBe('本庁舎');
    expect(honcho.forms.map((f) => f.serviceId)).toEqual(['tennyu']);
    // The phone's page runs the protocol's checks: hiragana furigana, a bad postal code, a day that does not exist.
    const wrong = checkForm(
      honcho.forms[0]!,
      { ...ANSWERS, furigana: 'てんにゅう はなこ', postal: '2510', birthdate: { era: 'heisei', year: 31, month: 5, day: 1 } },
      [],
      TODAY,
    );
    const byField = Object.fromEntries(wrong.filter((i) => !i.field.startsWith('documents.')).map((i) => [i.field, i.message.en]));
    expect(byField).toEqual({
      furigana: 'Use katakana, not hiragana',
      postal: 'Enter a 7-digit postal code (e.g. 123-4567)',
      birthdate: 'Heisei 31, 5/1 does not exist: did you mean Reiwa 1, 5/1?',
      'move-date': expect.stringContaining('More than 14 days') as string,
    });
  });

  it('the city keeps only ciphertext: none of the answers is in any table of its database', async () => {
    const { code, expiresAt } = await send(ANSWERS);
    expect(code).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(expiresAt - Date.now()).toBeGreaterThan(13 * 86_400_000);
    const all = await everything(city.db);
    expect(all).toContain(code);
    for (const secret of SECRETS) expect(all).not.toContain(secret);
  });

  it('bad input is refused with a clear error and nothing is stored', async () => {
    const before = await storedForms();
    const honcho = (await options()).find((o) => o.officeId === 'honcho')!;
    const envelope = await sealHomeForm(honcho.key, 'honcho', 'tennyu', { values: ANSWERS });
    const cases: [unknown, number, string][] = [
      [{ officeId: 'honcho', serviceId: 'tennyu', envelope: { ...envelope, ct: 'not base64url!' } }, 400, 'input/invalid'],
      [{ officeId: 'honcho', serviceId: 'tennyu', envelope: { ...envelope, values: ANSWERS } }, 400, 'input/invalid'],
      [{ officeId: 'honcho', serviceId: 'tennyu', values: ANSWERS }, 400, 'input/invalid'],
      [{ officeId: 'nowhere', serviceId: 'tennyu', envelope }, 404, 'city/unknown_office'],
      [{ officeId: 'honcho', serviceId: 'juminhyo', envelope }, 404, 'form/not_found'],
    ];
    for (const [body, status, code] of cases) {
      const res = await post('/home-forms', body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(status);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
    expect(await storedForms()).toBe(before);
  });

  it('checked in at the kiosk with its code, the form joins the visit and the counter reads it like a guide’s, audited', async () => {
    const { code } = await send(ANSWERS);
    const issued: IssuedVisit = await kiosk('checkIn', { code, language: 'ja' });
    expect(issued.visit.steps.map((s) => s.serviceId)).toEqual(['tennyu']);
    // The office has it now: the city's copy goes.
    await until('the city deleted the form', async () => (await city.db.query('SELECT 1 FROM home_forms WHERE code = $1', [code])).length === 0);

    const [form] = await counter('visitForms', { visitId: issued.visit.id });
    expect(form!.serviceId).toBe('tennyu');
    expect(form!.values).toMatchObject(ANSWERS);
    expect(form!.documents).toEqual([]);
    const warnings = form!.issues.filter((i) => i.level === 'warning').map((i) => i.field);
    expect(warnings).toEqual(['move-date']);
    // Nothing typed at home is wrong; only the documents wait for the counter to see them.
    expect(form!.issues.filter((i) => i.level === 'error').every((i) => i.field.startsWith('documents.'))).toBe(true);
    const audit = await counter('formAudit', { visitId: issued.visit.id });
    expect(audit.map((a) => a.action)).toEqual(['created', 'read']);
    expect(audit[0]!.actor).toMatch(/^device:/);

    // A code checks in once, even though the city no longer has it.
    await expect(kiosk('checkIn', { code, language: 'ja' })).rejects.toMatchObject({ code: 'reservation/used' });

    // Neither the office's log, nor its event log, nor its database file holds the answers in clear.
    const events = office.server.db.prepare('SELECT * FROM events').all();
    const officeDb = readFileSync(join(office.dataDir, 'junban.db')).toString('utf8');
    for (const secret of SECRETS) {
      expect(officeLog.join('\n')).not.toContain(secret);
      expect(JSON.stringify(events)).not.toContain(secret);
      expect(officeDb).not.toContain(secret);
    }
  });

  it('a form attached to a booking’s code joins the booking’s visit when the resident checks in with that code', async () => {
    const booking = await counter('createReservation', { serviceId: 'tennyu', slotStart: officeNow() + 15 * 60_000, code: 'BKNG2345' });
    const sent = await send({ ...ANSWERS, name: '予約 次郎', furigana: 'ヨヤク ジロウ' }, booking.code);
    expect(sent.attachTo).toBe('BKNG2345');
    const issued: IssuedVisit = await kiosk('checkIn', { code: 'BKNG2345', language: 'ja' });
    expect(issued.visit.source).toBe('reservation');
    const [form] = await counter('visitForms', { visitId: issued.visit.id });
    expect(form!.values).toMatchObject({ name: '予約 次郎', furigana: 'ヨヤク ジロウ' });
    await until('the city deleted the form', async () => (await city.db.query('SELECT 1 FROM home_forms WHERE code = $1', [sent.code])).length === 0);
    // Its own code checks in nothing more: the form is on the booking's visit.
    await expect(kiosk('checkIn', { code: sent.code, language: 'ja' })).rejects.toMatchObject({ code: 'reservation/used' });
  });

  it('a booking checks in as before when the city cannot be reached, only without its forms', async () => {
    const booking = await counter('createReservation', { serviceId: 'tennyu', slotStart: officeNow() + 20 * 60_000, code: 'BKNG3456' });
    await send(ANSWERS, booking.code);
    // The city's link answers nothing: its socket namespace stops listening for a moment.
    const nsp = city.server.io.of('/link');
    const listeners = [...nsp.sockets.values()].map((socket) => [socket, socket.listeners('homeForm')] as const);
    for (const [socket] of listeners) socket.removeAllListeners('homeForm');
    try {
      const issued: IssuedVisit = await kiosk('checkIn', { code: 'BKNG3456', language: 'ja' });
      expect(issued.visit.source).toBe('reservation');
      expect(await counter('visitForms', { visitId: issued.visit.id })).toEqual([]);
    } finally {
      for (const [socket, handlers] of listeners) for (const h of handlers) socket.on('homeForm', h as (...args: unknown[]) => void);
    }
  }, 20_000);

  it('a form whose resident never comes expires at the city, unread, and its code checks in nothing', async () => {
    const { code } = await send(ANSWERS);
    city.clock.advance(15 * 86_400_000);
    try {
      await city.server.homeForms.purge();
      expect((await city.db.query('SELECT 1 FROM home_forms WHERE code = $1', [code])).length).toBe(0);
      const refused = await kiosk('checkIn', { code, language: 'ja' }).catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(JunbanError);
      expect((refused as JunbanError).code).toBe('reservation/not_found');
    } finally {
      city.clock.advance(-15 * 86_400_000);
    }
  });

  it('a form sealed to the office cannot be checked in at another office', async () => {
    const { code } = await send(ANSWERS);
    const other = await city.link(await city.enrolOffice('kita'));
    await other.emitWithAck('hello', { softwareVersion: 'test', catalogueVersion: null, lastSeq: 0 });
    expect(await other.emitWithAck('homeForm', { code })).toMatchObject({ ok: false, code: 'form/not_found' });
    other.disconnect();
  });

  it('one address sends at most 10 forms a day; the next is refused and not stored', async () => {
    const honcho = (await options()).find((o) => o.officeId === 'honcho')!;
    const envelope = await sealHomeForm(honcho.key, 'honcho', 'tennyu', { values: ANSWERS });
    while (sent < 10) await send(ANSWERS);
    const before = await storedForms();
    const res = await post('/home-forms', { officeId: 'honcho', serviceId: 'tennyu', envelope });
    expect(res.status).toBe(429);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('remote/too_many');
    expect(await storedForms()).toBe(before);
  });
});
