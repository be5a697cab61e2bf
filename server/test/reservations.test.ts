import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOf } from '../src/queue/business-day.js';
import { databaseContents, demoOffice, startOffice, type TestOffice } from './support.js';

const at = (time: string) => instantOf('2026-04-01', time, 'Asia/Tokyo');

describe('reservations', () => {
  let office: TestOffice;
  let now = at('09:00');
  beforeAll(async () => {
    office = await startOffice({ clock: { now: () => now }, checkResponses: true });
  });
  afterAll(() => office.stop());

  it('an on-time check-in goes ahead of walk-ins; a late one queues like everyone else', async () => {
    const counter = await office.staff('counter');
    const kiosk = office.device(office.kioskToken);
    const onTime = await counter('createReservation', { serviceId: 'mynumber-pickup', slotStart: at('10:00') });
    const late = await counter('createReservation', { serviceId: 'mynumber-pickup', slotStart: at('10:00'), code: 'LATE2345' });

    now = at('09:50');
    const walkIn = (await kiosk('issueVisit', { services: ['mynumber-pickup'] })).visit;
    now = at('09:55');
    const checkedIn = await kiosk('checkIn', { code: onTime.code.toLowerCase() });
    now = at('10:06');
    await kiosk('checkIn', { code: 'LATE2345' });

    const first = await counter('callNext', { counterId: '6' });
    expect(first.visit.id).toBe(checkedIn.visit.id);
    await counter('finish', { counterId: '6', stepId: first.visit.steps[0]!.id });
    expect((await counter('callNext', { counterId: '6' })).visit.id).toBe(walkIn.id);

    const list = await counter('listReservations', {});
    expect(list.map((r) => r.status)).toEqual(['checked_in', 'checked_in']);
    await expect(kiosk('checkIn', { code: late.code })).rejects.toMatchObject({ code: 'reservation/used' });
  });

  it('imports a CSV whole, or not at all', async () => {
    const admin = await office.staff('manager');
    const before = databaseContents(office.server);
    await expect(
      admin('importReservations', { csv: 'service,date,time,code\nmynumber-pickup,2026-04-02,09:00,GREAT234\nno-such,2026-04-02,09:30,\n' }),
    ).rejects.toMatchObject({ code: 'input/invalid', issues: [{ path: 'row 3' }] });
    expect(databaseContents(office.server)).toBe(before);

    const rows = await admin('importReservations', {
      csv: 'service,date,time,minutes,code\nmynumber-pickup,2026-04-02,09:00,15,GREAT234\ntennyu,2026-04-02,9:30,,\n',
    });
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({
      code: 'GREAT234',
      slotStart: instantOf('2026-04-02', '09:00', demoOffice.settings.timeZone),
      slotEnd: instantOf('2026-04-02', '09:15', 'Asia/Tokyo'),
    });
    expect((await admin('listReservations', { date: '2026-04-02' })).map((r) => r.serviceId)).toEqual(['mynumber-pickup', 'tennyu']);
    await expect(office.device(office.kioskToken)('checkIn', { code: 'GREAT234' })).rejects.toMatchObject({ code: 'reservation/not_today' });
  });

  it('refuses a given or imported code a resident could misread (0, 1, I, O), and changes nothing', async () => {
    const counter = await office.staff('counter');
    const before = databaseContents(office.server);
    await expect(counter('createReservation', { serviceId: 'tennyu', slotStart: at('11:00'), code: 'TEST01' })).rejects.toMatchObject({
      code: 'input/invalid',
      issues: [{ path: 'code', message: expect.stringContaining('no 0, 1, I or O') }],
    });
    await expect(counter('importReservations', { csv: 'service,date,time,code\ntennyu,2026-04-02,09:00,OLIVE234\n' })).rejects.toMatchObject({
      code: 'input/invalid',
      issues: [{ path: 'row 2', message: expect.stringContaining('no 0, 1, I or O') }],
    });
    expect(databaseContents(office.server)).toBe(before);
  });

  it('a booking can be changed until it is checked in', async () => {
    const counter = await office.staff('counter');
    const r = await counter('createReservation', { serviceId: 'tennyu', slotStart: at('14:00'), note: '転入と国保' });
    const moved = await counter('updateReservation', { reservationId: r.id, slotStart: at('15:30'), slotMinutes: 45 });
    expect(moved).toMatchObject({ serviceId: 'tennyu', slotStart: at('15:30'), slotEnd: at('16:15'), hasNote: true, status: 'booked' });
    expect(await counter('reservationNote', { reservationId: r.id })).toEqual({ note: '転入と国保' });
    expect(await counter('getReservation', { reservationId: r.id })).toEqual(moved);
    await expect(counter('updateReservation', { reservationId: r.id, serviceId: 'no-such' })).rejects.toMatchObject({ code: 'office/unknown_service' });

    const nextDay = await counter('updateReservation', { reservationId: r.id, slotStart: instantOf('2026-04-02', '09:00', 'Asia/Tokyo') });
    expect((await counter('listReservations', { date: '2026-04-02' })).map((x) => x.id)).toContain(nextDay.id);
    await counter('cancelReservation', { reservationId: r.id });
    await expect(counter('updateReservation', { reservationId: r.id, note: 'x' })).rejects.toMatchObject({ code: 'reservation/used' });
  });

  it('no booking on a day the office is closed, by a form or by CSV', async () => {
    const admin = await office.staff('admin');
    const counter = await office.staff('counter');
    const settings = (await admin('getConfig', {})).settings;
    await admin('setSettings', { ...settings, closures: [{ date: '2026-04-03', reason: 'システム更新' }] });
    const closed = instantOf('2026-04-03', '10:00', 'Asia/Tokyo');
    await expect(counter('createReservation', { serviceId: 'juminhyo', slotStart: closed })).rejects.toMatchObject({
      code: 'reservation/closed_day',
      message: expect.stringContaining('システム更新'),
    });
    await expect(counter('importReservations', { csv: 'service,date,time\njuminhyo,2026-04-03,10:00' })).rejects.toMatchObject({
      code: 'input/invalid',
      issues: [{ path: 'row 2', message: expect.stringContaining('closed') }],
    });
    const holiday = instantOf('2026-04-29', '10:00', 'Asia/Tokyo'); // 昭和の日
    await admin('setSettings', { ...settings, closedOnHolidays: true });
    await expect(counter('createReservation', { serviceId: 'juminhyo', slotStart: holiday })).rejects.toMatchObject({ code: 'reservation/closed_day' });
    expect(await counter('listReservations', { date: '2026-04-03' })).toEqual([]);
    await admin('setSettings', settings);
  });
});
