/**
 * Staff's free-text notes (issue 15): "山田太郎 090-…" in a visit's or a booking's note is personal data, kept like a
 * form: sealed at rest with the form key, readable only by the roles that read forms, never in a view, the event
 * log, an export or the server log, and erased from the database file when the day closes.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callAs, startOffice, testClock, type TestOffice } from './support.js';

// Distinctive enough not to occur anywhere by chance.
const VISIT_NOTE = '山田太郎 090-1111-2222';
const BOOKING_NOTE = '鈴木花子 080-3333-4444';

const fileBytes = (office: TestOffice) =>
  Buffer.concat(
    ['junban.db', 'junban.db-wal']
      .map((f) => join(office.dataDir, f))
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f)),
  );
const inFile = (office: TestOffice, text: string) => fileBytes(office).includes(Buffer.from(text, 'utf8'));

describe('notes are personal data', () => {
  let office: TestOffice;
  let logged = '';
  const clock = testClock('2026-04-01', '10:00');
  const as: Record<string, { token?: string; cookie?: string }> = {};
  let counter: Awaited<ReturnType<TestOffice['staff']>>;
  let visitId = '';
  let reservationId = '';

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logged += chunk.toString('utf8');
        done();
      },
    });
    office = await startOffice({ clock, logger: pino({ level: 'trace' }, sink), checkResponses: true });
    counter = await office.staff('counter');
    for (const role of ['counter', 'guide', 'manager', 'admin'] as const) as[role] = { cookie: (await office.staff(role)).cookie };
    as.kiosk = { token: office.kioskToken };
    as.display = { token: office.displayToken };
    const issued = await counter('issueVisit', { services: ['juminhyo'] });
    visitId = issued.visit.id;
    await counter('setNote', { visitId, note: VISIT_NOTE });
    reservationId = (await counter('createReservation', { serviceId: 'tennyu', slotStart: clock.now() + 3_600_000, note: BOOKING_NOTE })).id;
  });
  afterAll(() => office.stop());

  it('the database file and its WAL never hold a note in clear', () => {
    expect(inFile(office, VISIT_NOTE)).toBe(false);
    expect(inFile(office, BOOKING_NOTE)).toBe(false);
  });

  it('counter staff and guides read a note; managers, admins, kiosks and displays are refused', async () => {
    for (const role of ['counter', 'guide']) {
      expect((await callAs(office, 'visitNote', { visitId }, as[role])).body).toEqual({ note: VISIT_NOTE });
      expect((await callAs(office, 'reservationNote', { reservationId }, as[role])).body).toEqual({ note: BOOKING_NOTE });
    }
    for (const who of ['manager', 'admin', 'kiosk', 'display']) {
      expect((await callAs(office, 'visitNote', { visitId }, as[who])).status).toBe(403);
      expect((await callAs(office, 'reservationNote', { reservationId }, as[who])).status).toBe(403);
    }
  });

  it('views, the visit, the bookings list and the event log say only that there is a note', async () => {
    const seen = [
      await callAs(office, 'getVisit', { visitId }, as.manager),
      await callAs(office, 'staffView', {}, as.manager),
      await callAs(office, 'publicView', {}, as.display),
      await callAs(office, 'listReservations', {}, as.manager),
      await callAs(office, 'listReservations', {}, as.counter),
      await callAs(office, 'listEvents', {}, as.manager),
    ].map((r) => JSON.stringify(r.body));
    for (const s of seen) {
      expect(s).not.toContain('山田');
      expect(s).not.toContain('鈴木');
    }
    expect((await callAs(office, 'getVisit', { visitId }, as.manager)).body).toMatchObject({ hasNote: true });
    expect((await callAs(office, 'listReservations', {}, as.manager)).body).toEqual([expect.objectContaining({ id: reservationId, hasNote: true })]);
    expect(logged).not.toContain('山田');
    expect(logged).not.toContain('鈴木');
  });

  it('a manager may not write a note they could not read back', async () => {
    const res = await callAs(office, 'updateReservation', { reservationId, note: '別の人' }, as.manager);
    expect(res.status).toBe(403);
    expect((await callAs(office, 'reservationNote', { reservationId }, as.counter)).body).toEqual({ note: BOOKING_NOTE });
  });

  it('an empty note removes it', async () => {
    const other = await counter('issueVisit', { services: ['juminhyo'] });
    await counter('setNote', { visitId: other.visit.id, note: 'x' });
    await counter('setNote', { visitId: other.visit.id, note: '  ' });
    expect((await callAs(office, 'visitNote', { visitId: other.visit.id }, as.counter)).body).toEqual({ note: null });
    expect((await callAs(office, 'getVisit', { visitId: other.visit.id }, as.counter)).body).not.toHaveProperty('hasNote');
  });

  it('who wrote, erased and read a note is audited, never its text; the audit is for the same roles as the note', async () => {
    const other = await counter('issueVisit', { services: ['juminhyo'] });
    await counter('setNote', { visitId: other.visit.id, note: '佐藤 03-0000-0000' });
    await callAs(office, 'visitNote', { visitId: other.visit.id }, as.guide);
    await counter('setNote', { visitId: other.visit.id, note: '' });
    await callAs(office, 'visitNote', { visitId: other.visit.id }, as.guide); // nothing left to read: nothing shown
    const audit = (await callAs(office, 'noteAudit', { subject: 'visit', id: other.visit.id }, as.counter)).body as unknown as {
      action: string;
      actorName: string;
    }[];
    expect(audit.map((a) => [a.action, a.actorName])).toEqual([
      ['written', expect.any(String)],
      ['read', expect.any(String)],
      ['erased', expect.any(String)],
    ]);
    expect(audit[1]!.actorName).not.toBe(audit[0]!.actorName);
    expect(JSON.stringify(audit)).not.toContain('佐藤');

    const booking = (await callAs(office, 'noteAudit', { subject: 'reservation', id: reservationId }, as.guide)).body as unknown as { action: string }[];
    expect(booking[0]).toMatchObject({ action: 'written' });
    expect(booking.some((a) => a.action === 'read')).toBe(true);
    for (const who of ['manager', 'admin', 'kiosk', 'display']) {
      expect((await callAs(office, 'noteAudit', { subject: 'visit', id: visitId }, as[who])).status, who).toBe(403);
    }
    expect((await callAs(office, 'noteAudit', { subject: 'reservation', id: 'nope' }, as.counter)).status).toBe(404);
  });

  it('when the day closes the notes are erased from the file, and the audit says they were purged', async () => {
    await counter('cancelVisit', { visitId });
    clock.advance(8 * 3_600_000); // 18:00, past the 17:15 closing
    office.server.office.tick();
    expect((await callAs(office, 'visitNote', { visitId }, as.counter)).body).toEqual({ note: null });
    expect((await callAs(office, 'reservationNote', { reservationId }, as.counter)).body).toEqual({ note: null });
    expect(office.server.db.prepare('SELECT COUNT(*) FROM notes').pluck().get()).toBe(0);
    const audit = (await callAs(office, 'noteAudit', { subject: 'visit', id: visitId }, as.counter)).body as unknown as { action: string; actor: string }[];
    expect(audit.at(-1)).toMatchObject({ action: 'purged', actor: 'system' });
  });
});

describe('an office upgraded from a version that kept notes in clear', () => {
  it('seals them at start: staff still read them, the file no longer holds them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'junban-notes-'));
    const clock = testClock('2026-04-01', '10:00');
    try {
      let office = await startOffice({ dataDir, clock });
      const counter = await office.staff('counter');
      const { visit } = await counter('issueVisit', { services: ['juminhyo'] });
      const booking = await counter('createReservation', { serviceId: 'tennyu', slotStart: clock.now() + 3_600_000 });
      // What an earlier version wrote: the note inside the visit's JSON and in the booking's row.
      const db = office.server.db;
      const data = JSON.parse(db.prepare('SELECT data FROM visits WHERE id = ?').pluck().get(visit.id) as string) as Record<string, unknown>;
      db.prepare('UPDATE visits SET data = ? WHERE id = ?').run(JSON.stringify({ ...data, note: VISIT_NOTE }), visit.id);
      db.prepare('UPDATE reservations SET note = ? WHERE id = ?').run(BOOKING_NOTE, booking.id);
      await office.stop();

      office = await startOffice({ dataDir, clock });
      try {
        const staff = await office.staff('counter');
        expect(await staff('visitNote', { visitId: visit.id })).toEqual({ note: VISIT_NOTE });
        expect(await staff('reservationNote', { reservationId: booking.id })).toEqual({ note: BOOKING_NOTE });
        expect(await staff('getVisit', { visitId: visit.id })).toMatchObject({ hasNote: true });
        expect(inFile(office, VISIT_NOTE)).toBe(false);
        expect(inFile(office, BOOKING_NOTE)).toBe(false);
      } finally {
        await office.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
