import { describe, expect, it } from 'vitest';
import type { VisitStatus } from '@junban/protocol';
import { noticesFor, type Followed } from './triggers.js';

const juminhyo = { id: 'juminhyo', name: { ja: '住民票', en: 'Residence certificate' } };
const kokuho = { id: 'kokuho', name: { ja: '国保', en: 'Health insurance' } };
function status(change: Partial<VisitStatus>): VisitStatus {
  return {
    number: 'A-001',
    office: { ja: '本庁舎', en: 'City hall' },
    businessDate: '2026-04-01',
    at: 0,
    state: 'waiting',
    service: juminhyo,
    counter: null,
    calledAt: null,
    peopleAhead: 8,
    estimateSec: 900,
    steps: [],
    ...change,
  };
}
const fresh: Followed = { ahead: 3, toldAhead: false, toldCalledAt: null, toldStep: 'juminhyo', toldCheckInFor: null, toldReady: false };

describe('which notices a status change calls for', () => {
  it('tells "N ahead" once, when the resident’s chosen number is reached, not before and not again', () => {
    expect(noticesFor(fresh, status({ peopleAhead: 4 })).kinds).toEqual([]);
    const at3 = noticesFor(fresh, status({ peopleAhead: 3 }));
    expect(at3.kinds).toEqual(['ahead']);
    expect(noticesFor({ ...fresh, ...at3.told }, status({ peopleAhead: 1 })).kinds).toEqual([]);
  });

  it('tells each call once, and a recall again', () => {
    const called = noticesFor(fresh, status({ state: 'called', calledAt: 1000, peopleAhead: null }));
    expect(called.kinds).toEqual(['called']);
    expect(noticesFor({ ...fresh, ...called.told }, status({ state: 'called', calledAt: 1000 })).kinds).toEqual([]);
    expect(noticesFor({ ...fresh, ...called.told }, status({ state: 'called', calledAt: 5000 })).kinds).toEqual(['called']);
  });

  it('tells a second call as the last before the counter may take the resident as a no-show', () => {
    const first = noticesFor(fresh, status({ state: 'called', calledAt: 1000, calls: 1, peopleAhead: null }));
    expect(first.kinds).toEqual(['called']);
    expect(noticesFor({ ...fresh, ...first.told }, status({ state: 'called', calledAt: 5000, calls: 2 })).kinds).toEqual(['no_show_soon']);
  });

  it('tells a remote number to check in once its arrive-by is near, once per arrive-by time', () => {
    const remote = { code: 'ABCD2345', arriveBy: 600_000, releaseAt: 1_200_000 };
    expect(noticesFor(fresh, status({ remote })).kinds).toEqual([]);
    const warned = noticesFor(fresh, status({ remote: { ...remote, warned: true } }));
    expect(warned.kinds).toEqual(['check_in_soon']);
    expect(noticesFor({ ...fresh, ...warned.told }, status({ remote: { ...remote, warned: true } })).kinds).toEqual([]);
    // Postponed, then near the new arrive-by: told again.
    const later = { ...remote, arriveBy: 2_400_000, postponed: true as const, warned: true as const };
    expect(noticesFor({ ...fresh, ...warned.told }, status({ remote: later })).kinds).toEqual(['check_in_soon']);
    // Checked in: nothing to tell.
    expect(noticesFor(fresh, status({ remote: { ...remote, warned: true, checkedInAt: 500_000 } })).kinds).toEqual([]);
  });

  it('tells a remote number whose place was released, as its visit ends', () => {
    const released = { code: 'ABCD2345', arriveBy: 600_000, releaseAt: 1_200_000, released: true as const };
    expect(noticesFor(fresh, status({ state: 'cancelled', remote: released }))).toMatchObject({ kinds: ['released'], ended: true });
  });

  it('tells the next step, and "N ahead" again in its line', () => {
    const before = { ...fresh, toldAhead: true, toldCalledAt: 1000 };
    const next = noticesFor(before, status({ service: kokuho, peopleAhead: 2 }));
    expect(next.kinds).toEqual(['step', 'ahead']);
    expect(next.told.toldStep).toBe('kokuho');
  });

  it('tells once that the documents prepared meanwhile are ready, not while they are being prepared', () => {
    const counters = [{ id: '5', name: { ja: '5番窓口', en: 'Counter 5' } }];
    expect(noticesFor(fresh, status({ peopleAhead: null, pickup: { state: 'preparing', counters } })).kinds).toEqual([]);
    const ready = noticesFor(fresh, status({ peopleAhead: null, pickup: { state: 'ready', counters } }));
    expect(ready.kinds).toEqual(['documents_ready']);
    expect(noticesFor({ ...fresh, ...ready.told }, status({ peopleAhead: null, pickup: { state: 'ready', counters } })).kinds).toEqual([]);
  });

  it('says a visit that closed has ended, and tells nothing more', () => {
    expect(noticesFor(fresh, status({ state: 'done' }))).toMatchObject({ kinds: [], ended: true });
    expect(noticesFor(fresh, status({ state: 'cancelled', peopleAhead: 0 }))).toMatchObject({ kinds: [], ended: true });
  });
});
