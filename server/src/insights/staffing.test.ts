import { describe, expect, it } from 'vitest';
import { OfficeConfig } from '@junban/protocol';
import { countersNeeded } from './erlang.js';
import type { ForecastRow } from './forecast.js';
import { staffingHours, type StaffingAssumptions } from './staffing.js';

/** One procedure and twenty counters that all take it: one queue, the textbook's M/M/N, where Erlang C is right. */
const config = OfficeConfig.parse({
  settings: { name: { ja: '窓口', en: 'Counters' }, timeZone: 'Asia/Tokyo', hours: { open: '09:00', close: '17:00' } },
  services: [{ id: 'x', name: { ja: 'X', en: 'X' }, prefix: 'A' }],
  counters: Array.from({ length: 20 }, (_, i) => ({ id: `${i + 1}`, name: { ja: `${i + 1}`, en: `${i + 1}` }, services: ['x'] })),
});

const MEAN_SEC = 300;
const WALK_SEC = 30;
const TARGET_SEC = 5 * 60;

function assumptions(): StaffingAssumptions {
  return {
    config,
    meanServiceSec: new Map([['x', MEAN_SEC]]),
    walkSec: WALK_SEC,
    targetSec: () => TARGET_SEC,
    targetShare: 0.8,
    openHour: 9,
    hoursOpen: 8,
  };
}

describe('staffingHours on one queue', () => {
  it('plans, hour by hour, as many counters as Erlang C asks for (the walk keeps a counter busy too), not more', () => {
    // A steady day: after the first hour the queue is as Erlang C's steady state describes.
    const rows: ForecastRow[] = Array.from({ length: 8 }, (_, i) => ({ date: '2026-03-04', serviceId: 'x', hour: 9 + i, arrivals: 90 }));
    const erlang = countersNeeded({ arrivalsPerHour: 90, meanServiceSec: MEAN_SEC + WALK_SEC, targetSec: TARGET_SEC, targetShare: 0.8 }).counters;
    const hours = staffingHours(rows, assumptions());
    expect(hours.map((h) => h.hour)).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    for (const h of hours) {
      expect(h.erlangTotal).toBe(erlang);
      expect(h.simulatedServiceLevel).toBeGreaterThanOrEqual(0.75);
    }
    // The simulated days are random; a counter either way of the textbook is within their noise, two is waste.
    for (const h of hours.slice(1)) expect(Math.abs(h.simulated - erlang)).toBeLessThanOrEqual(1);
  });

  it('follows the day: more counters at the lunchtime peak than in the quiet afternoon', () => {
    const perHour = [40, 80, 120, 140, 120, 80, 50, 30];
    const rows: ForecastRow[] = perHour.map((arrivals, i) => ({ date: '2026-03-04', serviceId: 'x', hour: 9 + i, arrivals }));
    const hours = staffingHours(rows, assumptions());
    const at = (hour: number) => hours.find((h) => h.hour === hour)!.simulated;
    expect(at(12)).toBeGreaterThan(at(10));
    expect(at(12)).toBeGreaterThan(at(15));
    for (const h of hours) expect(h.simulatedServiceLevel).toBeGreaterThanOrEqual(0.75);
  });

  it('the Erlang C column plans the opening and closing hours for their rate, though they are only partly open', () => {
    // Open 08:30 to 17:15, 90 residents an hour all day: 45 come in the half hour from 08:30, 22.5 in the quarter
    // from 17:00. Erlang C for each procedure is the same every hour, the first and last too.
    const rows: ForecastRow[] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17].map((hour) => ({
      date: '2026-03-04',
      serviceId: 'x',
      hour,
      arrivals: hour === 8 ? 45 : hour === 17 ? 22.5 : 90,
    }));
    const erlang = countersNeeded({ arrivalsPerHour: 90, meanServiceSec: MEAN_SEC + WALK_SEC, targetSec: TARGET_SEC, targetShare: 0.8 }).counters;
    const hours = staffingHours(rows, { ...assumptions(), openHour: 8.5, hoursOpen: 8.75 });
    expect(hours.map((h) => [h.hour, h.erlang.x, h.erlangTotal])).toEqual(rows.map((r) => [r.hour, erlang, erlang]));
  });
});
