/**
 * Booked visits and walk-ins side by side (issue 19), through the office's API with its real database: a manager sees
 * what became of the day's bookings (from phones and by staff; checked in, cancelled, not come) and, for booked
 * visits and walk-ins, how many came, their waits to the first call and their no-shows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
