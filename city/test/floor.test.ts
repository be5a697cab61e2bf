/** A city manager's live floor: every office's waiting, longest wait, counters, service level and alerts, live. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogEvent } from '@junban/protocol';
import { floorOffice } from '../src/floor/floor.js';
import { demoOffice, engines, liveView, nextFloor, startCity, type TestCity } from './support.js';

describe('one office’s line on the floor', () => {
  const office = { id: 'x', name: { ja: 'x', en: 'x' }, link: 'connected' as const, lastContactAt: 1 };

  it('counts waits on the office’s clock, adding the time since the view arrived', () => {
    const view = liveView({ at: 1_000_000, waiting: 4, oldestAgoSec: 600 });
    // The city's clock is an hour ahead of the office's; the view arrived 30 s ago.
    const line = floorOffice(office, { view, receivedAt: 3_600_000 + 1_000_000 }, 0.75, 3_600_000 + 1_030_000);
    expect(line).toMatchObject({ waiting: 4, longestWaitSec: 630, countersOpen: 2, countersTotal: 3, serviceLevel: 0.75, alerts: [] });
  });

  it('an office that sent no view yet shows nothing waiting and no level', () => {
    expect(floorOffice(office, null, null, 0)).toMatchObject({ waiting: 0, longestWaitSec: null, serviceLevel: null, businessDate: null });
  });
});

/** Visits issued then called after `waits` seconds each, as an office logs them: two events a visit from seq `from`. */
function calledAfter(from: number, waits: number[]): LogEvent[] {
  const businessDate = '2026-04-01';
  const start = Date.parse('2026-04-01T01:00:00Z') + from * 60_000;
  return waits.flatMap((waitSec, i): LogEvent[] => {
    const seq = from + 2 * i;
    const at = start + i * 10_000;
    const visit = { visitId: `w${seq}`, number: `A${seq}`, stepId: `w${seq}s`, serviceId: 'juminhyo', actor: 'system', businessDate };
    return [
      {
        ...visit,
        seq,
        at,
        type: 'issued',
        data: { services: ['juminhyo'], source: 'kiosk', assistance: false, priority: false, peopleAhead: 0, estimateSec: 300 },
      },
      { ...visit, seq: seq + 1, at: at + waitSec * 1000, type: 'called', counterId: 'c1', data: { waitSec, priority: false, calls: 1 } },
    ];
  });
}

describe.each(engines)('the live floor on $name', (engine) => {
  let city: TestCity;
  beforeAll(async () => {
    city = await startCity(engine);
  });
  afterAll(() => city?.stop());

  it('a staff screen gets the floor at connect, and an office’s new live view within moments, without asking', async () => {
    const { cookie } = await city.staff('city-manager');
    const office = await city.link(await city.enrolOffice('floor-a'));
    await office.emitWithAck('setup', { config: demoOffice, at: Date.now() });
    // As an office does at connect: its live view says which business day it is in.
    office.emit('live', { view: liveView({ waiting: 0 }) });
    // Today's calls: three waits of 120 s are within juminhyo's 15 minutes; the next batch's 1,200 s is not. The
    // level is the office's own definition, summed from the log as the history views sum it.
    await office.emitWithAck('events', { events: calledAfter(1, [120, 120, 120]), backlog: 0 });
    await office.emitWithAck('events', { events: calledAfter(7, [1200]), backlog: 0 });
    const manager = await city.staff('city-manager');
    await expect.poll(async () => (await manager.call('floor', {})).find((o) => o.id === 'floor-a')?.serviceLevel, { timeout: 10_000 }).toBe(0.75);

    const screen = await city.staffSocket(cookie);
    const first = await nextFloor(screen, (offices) => offices.some((o) => o.id === 'floor-a'));
    expect(first.find((o) => o.id === 'floor-a')).toMatchObject({ link: 'connected', waiting: 0 });

    const updated = nextFloor(screen, (offices) => offices.some((o) => o.id === 'floor-a' && o.waiting === 5));
    office.emit('live', { view: liveView({ waiting: 5, oldestAgoSec: 900, printerState: 'paper_out' }) });
    const line = (await updated).find((o) => o.id === 'floor-a')!;
    expect(line).toMatchObject({ businessDate: '2026-04-01', waiting: 5, countersOpen: 2, countersTotal: 3, serviceLevel: 0.75 });
    expect(line.longestWaitSec).toBeGreaterThanOrEqual(900);
    expect(line.alerts).toEqual(['printer 受付1: paper out']);

    expect((await manager.call('floor', {})).find((o) => o.id === 'floor-a')).toMatchObject({ waiting: 5, serviceLevel: 0.75 });
  });

  it('an office’s link going down shows on the floor', async () => {
    const { cookie } = await city.staff('city-manager');
    const office = await city.link(await city.enrolOffice('floor-b'));
    const screen = await city.staffSocket(cookie);
    await nextFloor(screen, (offices) => offices.some((o) => o.id === 'floor-b' && o.link === 'connected'));
    const down = nextFloor(screen, (offices) => offices.some((o) => o.id === 'floor-b' && o.link === 'disconnected'));
    office.disconnect();
    await down;
  });

  it('a screen without a session, or from another site, is refused', async () => {
    await expect(city.staffSocket('junban_city_session=made-up')).rejects.toMatchObject({ data: { code: 'auth/required' } });
    const { cookie } = await city.staff('city-manager');
    await expect(city.staffSocket(cookie, city.url, { origin: 'https://evil.example' })).rejects.toMatchObject({ data: { code: 'auth/cross_origin' } });
  });
});
