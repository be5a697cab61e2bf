/**
 * Bookings at the office (issue 19), through its API with its real database. A booking made from a phone is checked
 * in at the kiosk on its day and goes ahead of walk-ins from its slot (a late one queues like everyone); a manager
 * sees booked visits and walk-ins side by side: what became of the day's bookings (from phones and by staff; checked
 * in, cancelled, not come) and each group's visits, waits to the first call and no-shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PhoneBookings } from '../src/bookings/bookings.js';
import { instantOf } from '../src/queue/business-day.js';
import { startOffice, type TestOffice } from './support.js';

const at = (time: string) => instantOf('2026-04-01', time, 'Asia/Tokyo');

describe('bookings beside walk-ins in the insights', () => {
  let office: TestOffice;
  let now = at('09:00');
  beforeAll(async () => {
    office = await startOffice({ clock: { now: () => now }, checkResponses: true });
  });
  afterAll(() => office.stop());

  it('counts the bookings’ fate and each group’s waits and no-shows', async () => {
    const counter = await office.staff('counter');
    const manager = await office.staff('manager');
    const kiosk = office.device(office.kioskToken);
    // A resident's phone booking, through the office's side of the link.
    const phone = office.server.db;
    const booked = await counter('createReservation', { serviceId: 'mynumber-pickup', slotStart: at('10:00') });
    const cancelled = await counter('createReservation', { serviceId: 'mynumber-pickup', slotStart: at('10:30') });
    await counter('createReservation', { serviceId: 'mynumber-pickup', slotStart: at('09:30'), slotMinutes: 30 });
    phone.prepare("UPDATE reservations SET source = 'phone' WHERE code = ?").run(booked.code);
    await counter('cancelReservation', { reservationId: cancelled.id });
    // The reservations page tells a phone's booking from the ones staff entered.
    const listed = await counter('listReservations', {});
    expect(listed.filter((r) => r.fromPhone).map((r) => r.code)).toEqual([booked.code]);

    now = at('09:50');
    const walkIn = (await kiosk('issueVisit', { services: ['mynumber-pickup'] })).visit;
    const absent = (await kiosk('issueVisit', { services: ['mynumber-pickup'] })).visit;
    now = at('09:55');
    await kiosk('checkIn', { code: booked.code });
    now = at('10:00');
    // The booked resident goes ahead of the walk-ins from the slot's start: called after 5 minutes.
    const first = await counter('callNext', { counterId: '6' });
    await counter('finish', { counterId: '6', stepId: first.visit.steps[0]!.id });
    now = at('10:20');
    const second = await counter('callNext', { counterId: '6' });
    expect(second.visit.id).toBe(walkIn.id);
    await counter('finish', { counterId: '6', stepId: second.visit.steps[0]!.id });
    const third = await counter('callNext', { counterId: '6' });
    expect(third.visit.id).toBe(absent.id);
    await counter('noShow', { counterId: '6', stepId: third.visit.steps[0]!.id });

    const report = await manager('insightsBookings', { from: '2026-04-01', to: '2026-04-01' });
    expect(report.bookings).toEqual({ fromPhones: 1, byStaff: 2, checkedIn: 1, cancelled: 1, notCome: 1 });
    expect(report.groups).toEqual([
      { kind: 'booked', visits: 1, called: 1, meanWaitSec: 300, p90WaitSec: 300, noShows: 0 },
      { kind: 'walk_in', visits: 2, called: 2, meanWaitSec: 1800, p90WaitSec: 1800, noShows: 1 },
    ]);
    // Another procedure only: nothing.
    const none = await manager('insightsBookings', { from: '2026-04-01', to: '2026-04-01', services: ['juminhyo'] });
    expect(none.groups.map((g) => g.visits)).toEqual([0, 0]);
    expect(none.bookings.fromPhones).toBe(0);
  });
});

describe('a booking made from a phone, on its day at the office', () => {
  let office: TestOffice;
  let now = at('08:45');
  beforeAll(async () => {
    office = await startOffice({ clock: { now: () => now }, checkResponses: true });
  });
  afterAll(() => office.stop());

  it('is checked in at the kiosk with its code and goes ahead of walk-ins from its slot; a late one queues like everyone', async () => {
    // What the city asks over the link, answered by the office's own bookings (the demo's counter 6 takes two a slot).
    const phones = new PhoneBookings(office.server.db, office.server.office);
    const answer = phones.answer({ action: 'book', serviceId: 'mynumber-pickup', slotStart: at('10:00'), language: 'en' });
    const late = phones.answer({ action: 'book', serviceId: 'mynumber-pickup', slotStart: at('10:00'), language: 'vi' });
    expect(answer.ok && late.ok).toBe(true);
    if (!answer.ok || !late.ok) return;
    const counter = await office.staff('counter');
    const kiosk = office.device(office.kioskToken);

    now = at('09:50');
    const walkIn = (await kiosk('issueVisit', { services: ['mynumber-pickup'] })).visit;
    now = at('09:58');
    const checkedIn = await kiosk('checkIn', { code: answer.booking!.code, language: 'en' });
    now = at('10:20');
    const lateVisit = await kiosk('checkIn', { code: late.booking!.code, language: 'vi' });

    const first = await counter('callNext', { counterId: '6' });
    expect(first.visit.id).toBe(checkedIn.visit.id);
    await counter('finish', { counterId: '6', stepId: first.visit.steps[0]!.id });
    const second = await counter('callNext', { counterId: '6' });
    expect(second.visit.id).toBe(walkIn.id);
    await counter('finish', { counterId: '6', stepId: second.visit.steps[0]!.id });
    expect((await counter('callNext', { counterId: '6' })).visit.id).toBe(lateVisit.visit.id);
    expect(phones.get(answer.booking!.code).status).toBe('checked_in');
    // Checked in: the phone can no longer move or cancel it.
    expect(phones.answer({ action: 'cancel', code: answer.booking!.code })).toMatchObject({ ok: false, code: 'booking/closed' });
  });
});
