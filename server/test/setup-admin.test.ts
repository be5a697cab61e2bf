/** Setting up the office from the admin pages: procedures and their order, counters' priority rules, closed days. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instantOf } from '../src/queue/business-day.js';
import type { JunbanError } from '@junban/protocol';
import { callAs, databaseContents, demoOffice, nextUpdate, startOffice, sync, testClock, type TestOffice } from './support.js';

async function failure(promise: Promise<unknown>): Promise<JunbanError> {
  try {
    await promise;
  } catch (e) {
    return e as JunbanError;
  }
  throw new Error('expected the call to fail');
}

describe('procedures and kiosk groups', () => {
  let office: TestOffice;
  beforeAll(async () => {
    office = await startOffice({ checkResponses: true });
  });
  afterAll(() => office.stop());

  it('reorders procedures; those not listed keep their order after them, and screens hear of it', async () => {
    const admin = await office.staff('admin');
    const display = await office.socket({ token: office.displayToken });
    await sync(display);
    const before = (await admin('getConfig', {})).services.map((s) => s.id);
    const heard = nextUpdate(display, (u) => u.config?.services[0]?.id === 'kokuho');
    const after = await admin('reorderServices', { ids: ['kokuho', 'juminhyo'] });
    expect(after.services.map((s) => s.id)).toEqual(['kokuho', 'juminhyo', ...before.filter((id) => id !== 'kokuho' && id !== 'juminhyo')]);
    expect((await heard).config!.services[1]!.id).toBe('juminhyo');

    expect(await failure(admin('reorderServices', { ids: ['kokuho', 'nope'] }))).toMatchObject({ code: 'input/invalid' });
    expect(await failure(admin('reorderServices', { ids: ['kokuho', 'kokuho'] }))).toMatchObject({ code: 'input/invalid' });
  });

  it('adds, renames, reorders and removes kiosk groups; a removed group leaves its procedures without a heading', async () => {
    const admin = await office.staff('admin');
    await admin('putGroup', { groupId: 'seasonal', name: { ja: '繁忙期', en: 'Busy season' } });
    const tennyu = (await admin('getConfig', {})).services.find((s) => s.id === 'tennyu')!;
    await admin('putService', { ...tennyu, serviceId: 'tennyu', group: 'seasonal' });
    await admin('putGroup', { groupId: 'seasonal', name: { ja: '3月・4月の手続', en: 'March and April' } });
    let config = await admin('reorderGroups', { ids: ['seasonal'] });
    expect(config.groups[0]).toEqual({ id: 'seasonal', name: { ja: '3月・4月の手続', en: 'March and April' } });

    config = await admin('deleteGroup', { groupId: 'seasonal' });
    expect(config.groups.some((g) => g.id === 'seasonal')).toBe(false);
    expect(config.services.find((s) => s.id === 'tennyu')!.group).toBeUndefined();

    expect(await failure(admin('deleteGroup', { groupId: 'seasonal' }))).toMatchObject({ code: 'office/unknown_group' });
    expect(await failure(admin('putService', { ...tennyu, serviceId: 'tennyu', group: 'nope' }))).toMatchObject({ code: 'input/invalid' });
    expect(await failure(admin('putService', { ...tennyu, serviceId: 'tennyu', related: ['nope'] }))).toMatchObject({ code: 'input/invalid' });
  });

  it('takes the id of a procedure or counter from its path; an id in the body must match it', async () => {
    const admin = await office.staff('admin');
    const name = { ja: '臨時窓口', en: 'Extra counter' };
    const config = await admin('putCounter', { counterId: 'extra-1', name, services: ['tennyu'] });
    expect(config.counters.find((c) => c.id === 'extra-1')).toEqual({ id: 'extra-1', name, services: ['tennyu'], priorityRule: { kind: 'priority_first' } });
    expect(await failure(admin('putCounter', { counterId: 'extra-2', id: 'extra-3', name, services: ['tennyu'] }))).toMatchObject({ code: 'input/invalid' });
    expect((await admin('getConfig', {})).counters.some((c) => c.id === 'extra-3' || c.id === 'extra-2')).toBe(false);
    await admin('deleteCounter', { counterId: 'extra-1' });
  });

  it('closes a procedure for today and opens it again', async () => {
    const admin = await office.staff('admin');
    const kiosk = office.device(office.kioskToken);
    const pin = (await admin('getConfig', {})).services.find((s) => s.id === 'mynumber-pin')!;
    await admin('putService', { ...pin, serviceId: pin.id, active: false });
    expect(await failure(kiosk('issueVisit', { services: ['mynumber-pin'] }))).toMatchObject({ code: 'office/service_closed' });
    await admin('putService', { ...pin, serviceId: pin.id, active: true });
    expect((await kiosk('issueVisit', { services: ['mynumber-pin'] })).visit.number).toMatch(/^[A-Z]+1$/);
  });
});

describe("a counter's priority rule", () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'junban-rule-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('alternate: after a priority call the counter takes an ordinary visit, also after a restart', async () => {
    let office = await startOffice({ dataDir, clock: testClock('2026-04-01', '10:00') });
    const admin = await office.staff('admin');
    const guide = await office.staff('guide');
    const counter = await office.staff('counter', 'window2');
    const two = (await admin('getConfig', {})).counters.find((c) => c.id === '2')!;
    expect(two.priorityRule).toEqual({ kind: 'priority_first' });
    await admin('putCounter', { ...two, counterId: '2', priorityRule: { kind: 'alternate', ordinaryPerPriority: 1 } });

    const walkIn = (await guide('issueVisit', { services: ['juminhyo'] })).visit;
    const helped = (await guide('issueVisit', { services: ['juminhyo'], assistance: true })).visit;
    await guide('issueVisit', { services: ['juminhyo'], assistance: true });
    const called = (await counter('callNext', { counterId: '2' })).visit;
    expect(called.id).toBe(helped.id);
    await counter('finish', { counterId: '2', stepId: called.steps[0]!.id });
    await office.stop();

    office = await startOffice({ dataDir, clock: testClock('2026-04-01', '11:00') });
    try {
      const again = await office.staff('counter');
      expect((await again('callNext', { counterId: '2' })).visit.id).toBe(walkIn.id);
    } finally {
      await office.stop();
    }
  });
});

describe('closed days', () => {
  // 2026-11-23, a Monday, is 勤労感謝の日 (Labor Thanksgiving Day). The office starts open every day.
  let office: TestOffice;
  beforeAll(async () => {
    const everyDay = { ...demoOffice, settings: { ...demoOffice.settings, closedWeekdays: [], closedOnHolidays: false, closedForNewYear: false } };
    office = await startOffice({ config: everyDay, clock: testClock('2026-11-23', '10:00') });
  });
  afterAll(() => office.stop());

  it('the calendar lists 2026-11-23 as 勤労感謝の日, open unless the office closes on holidays', async () => {
    const kiosk = office.device(office.kioskToken);
    const days = await kiosk('calendar', { from: '2026-11-20', to: '2026-11-30' });
    expect(days).toHaveLength(11);
    expect(days.find((d) => d.date === '2026-11-23')).toEqual({
      date: '2026-11-23',
      weekday: 1,
      open: true,
      holiday: { ja: '勤労感謝の日', en: 'Labor Thanksgiving Day' },
      closedBecause: null,
    });
    expect(days.filter((d) => d.holiday).map((d) => d.date)).toEqual(['2026-11-23']);

    const month = await office.device(office.displayToken)('calendar', {});
    expect([month[0]!.date, month.length]).toEqual(['2026-11-23', 31]);
    expect((await callAs(office, 'calendar', { from: '2026-11-30', to: '2026-11-01' }, { token: office.kioskToken })).status).toBe(400);
    expect((await callAs(office, 'calendar', { from: '2026-01-01', to: '2027-12-31' }, { token: office.kioskToken })).status).toBe(400);
  });

  it('refuses issuing (kiosk and staff) and check-in on a closed weekday, holiday or closure, and changes nothing', async () => {
    const admin = await office.staff('admin');
    const guide = await office.staff('guide');
    const kiosk = office.device(office.kioskToken);
    const reservation = await admin('createReservation', { serviceId: 'juminhyo', slotStart: instantOf('2026-11-23', '10:30', 'Asia/Tokyo') });
    const settings = (await admin('getConfig', {})).settings;
    const closed: [Partial<typeof settings>, RegExp, string][] = [
      [{ closedOnHolidays: true }, /勤労感謝の日 \(Labor Thanksgiving Day\)/, 'holiday'],
      [{ closedWeekdays: [0, 1] }, /月曜日 \(Monday\)/, 'weekday'],
      [{ closedOnHolidays: true, closures: [{ date: '2026-11-23', reason: '庁舎の電気設備点検のため休業' }] }, /庁舎の電気設備点検のため休業/, 'closure'],
    ];
    await kiosk('calendar', {}); // the kiosk's last contact is noted now, not during the refused calls
    for (const [change, message, kind] of closed) {
      await admin('setSettings', { ...settings, ...change });
      const before = databaseContents(office.server);
      for (const attempt of [
        kiosk('issueVisit', { services: ['juminhyo'] }),
        guide('issueVisit', { services: ['tennyu'], assistance: true }),
        kiosk('checkIn', { code: reservation.code }),
      ]) {
        const e = await failure(attempt);
        expect(e.code, kind).toBe('office/closed_today');
        expect(e.message, kind).toMatch(message);
      }
      const raw = await callAs(office, 'issueVisit', { services: ['juminhyo'] }, { token: office.kioskToken });
      expect(raw.status).toBe(409);
      expect(databaseContents(office.server)).toBe(before);
      const [today] = await kiosk('calendar', { from: '2026-11-23', to: '2026-11-23' });
      expect(today).toMatchObject({ open: false, closedBecause: { kind } });
    }

    await admin('setSettings', settings);
    expect((await kiosk('issueVisit', { services: ['juminhyo'] })).visit.number).toBe('A1');
    expect((await kiosk('checkIn', { code: reservation.code })).visit.number).toBe('A2');
  });

  it('checks closures: a date listed twice is refused', async () => {
    const admin = await office.staff('admin');
    const settings = (await admin('getConfig', {})).settings;
    const twice = [
      { date: '2026-12-29', reason: '年末年始' },
      { date: '2026-12-29', reason: '年末年始' },
    ];
    expect(await failure(admin('setSettings', { ...settings, closures: twice }))).toMatchObject({ code: 'input/invalid' });
  });
});

describe('open for trying', () => {
  // A Saturday evening in the demo office (weekdays 08:30-17:15): the kind of hour a newcomer tries it out.
  let office: TestOffice;
  const clock = testClock('2026-11-28', '19:00');
  beforeAll(async () => {
    office = await startOffice({ clock });
  });
  afterAll(() => office.stop());

  it('off: issuing and check-in outside business hours and on closed days are refused with the reason, and change nothing', async () => {
    const kiosk = office.device(office.kioskToken);
    const guide = await office.staff('guide');
    await kiosk('calendar', {}); // the kiosk's last contact is noted now, not during the refused calls
    const before = databaseContents(office.server);
    for (const attempt of [kiosk('issueVisit', { services: ['juminhyo'] }), guide('issueVisit', { services: ['tennyu'] })]) {
      expect(await failure(attempt)).toMatchObject({ code: 'office/closed_today', message: expect.stringMatching(/日曜日 \(Sunday\)/) });
    }
    expect(databaseContents(office.server)).toBe(before);
    clock.advance(36 * 3_600_000); // Monday 07:00, before the 08:30 opening
    await kiosk('calendar', {});
    const monday = databaseContents(office.server);
    for (const attempt of [kiosk('issueVisit', { services: ['juminhyo'] }), guide('issueVisit', { services: ['tennyu'] })]) {
      expect(await failure(attempt)).toMatchObject({ code: 'office/closed_now', message: expect.stringMatching(/opens at 08:30 on 2026-11-30/) });
    }
    expect((await callAs(office, 'issueVisit', { services: ['juminhyo'] }, { token: office.kioskToken })).status).toBe(409);
    expect(databaseContents(office.server)).toBe(monday);
  });

  it('on (an admin, over the API, recorded in the change history): numbers at any hour; off again: refused', async () => {
    const admin = await office.staff('admin');
    const kiosk = office.device(office.kioskToken);
    const settings = (await admin('getConfig', {})).settings;
    expect(settings.openForTrying).toBe(false);
    await admin('setSettings', { ...settings, openForTrying: true });
    expect((await kiosk('issueVisit', { services: ['juminhyo'] })).visit).toMatchObject({ number: 'A1', businessDate: '2026-11-30' });
    const [change] = await admin('listChanges', {});
    expect(change).toMatchObject({ endpoint: 'setSettings', summary: { openForTrying: true } });
    // Tried numbers do not open the calendar: the day is still a business day as before, the weekend still closed.
    const [sunday] = await kiosk('calendar', { from: '2026-11-29', to: '2026-11-29' });
    expect(sunday).toMatchObject({ open: false, closedBecause: { kind: 'weekday' } });

    await admin('setSettings', { ...settings, openForTrying: false });
    expect(await failure(kiosk('issueVisit', { services: ['juminhyo'] }))).toMatchObject({ code: 'office/closed_now' });
  });
});
