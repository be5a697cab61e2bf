import { describe, expect, it } from 'vitest';
import { JunbanError, OfficeConfig } from '@junban/protocol';
import { takingNumbers } from '../calendar/taking-numbers.js';
import { businessDateOf, instantOf } from './business-day.js';
import * as q from './commands.js';
import { estimateWaitSec, robustServiceSec } from './estimate.js';
import { QueueState } from './state.js';

const config: OfficeConfig = OfficeConfig.parse({
  settings: {
    name: { ja: 'テスト', en: 'Test' },
    timeZone: 'Asia/Tokyo',
    hours: { open: '08:30', close: '17:15' },
    reservationGraceMinutes: 5,
    defaultServiceMinutes: 5,
  },
  services: [
    { id: 'cert', name: { ja: '証明書', en: 'Certificates' }, prefix: 'A', active: true },
    { id: 'seal', name: { ja: '印鑑証明', en: 'Seal certificate' }, prefix: 'A', active: true },
    { id: 'move', name: { ja: '転入', en: 'Move in' }, prefix: 'B', active: true },
    { id: 'insurance', name: { ja: '国保', en: 'Insurance' }, prefix: 'F', active: true },
    { id: 'closed', name: { ja: '休止', en: 'Closed' }, prefix: 'Z', active: false },
  ],
  counters: [
    { id: '1', name: { ja: '1番', en: '1' }, services: ['cert', 'seal'] },
    { id: '2', name: { ja: '2番', en: '2' }, services: ['cert'] },
    { id: '3', name: { ja: '3番', en: '3' }, services: ['move'] },
    { id: '8', name: { ja: '8番', en: '8' }, services: ['insurance'] },
  ],
});

const at = (time: string, date = '2026-04-01') => instantOf(date, time, 'Asia/Tokyo');

/** A queue driven like the server drives it: run a command on a draft, then apply its change. */
function office(withConfig: OfficeConfig = config) {
  const state = new QueueState(structuredClone(withConfig));
  let ids = 0;
  const run = <T>(time: number, command: (d: q.Draft) => T): T => {
    const d = new q.Draft(state, time, 'staff:test', () => `id${++ids}`);
    const result = command(d);
    state.apply(d.change());
    return result;
  };
  const issue = (time: number, services: string[], assistance = false) => run(time, (d) => q.issue(d, { services, assistance, source: 'kiosk' })).visit;
  const callNext = (time: number, counter: string) => run(time, (d) => q.callNext(d, counter));
  const stepOf = (visitId: string) => state.visits.get(visitId)!.steps.find((s) => ['called', 'serving', 'waiting', 'held', 'no_show'].includes(s.state))!;
  return { state, run, issue, callNext, stepOf };
}

function fails(code: string, fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(JunbanError);
    expect((e as JunbanError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('numbering', () => {
  it('counts per prefix, shared by the services that use it', () => {
    const o = office();
    expect(o.issue(at('09:00'), ['cert']).number).toBe('A1');
    expect(o.issue(at('09:01'), ['move']).number).toBe('B1');
    expect(o.issue(at('09:02'), ['seal']).number).toBe('A2');
    expect(o.issue(at('09:03'), ['cert']).number).toBe('A3');
  });

  it('restarts on the next business day', () => {
    const o = office();
    o.issue(at('09:00'), ['cert']);
    o.issue(at('16:00'), ['cert']);
    const next = o.issue(at('08:40', '2026-04-02'), ['cert']);
    expect(next).toMatchObject({ number: 'A1', businessDate: '2026-04-02' });
  });

  it('gives a ticket taken after closing (open for trying) to the next day', () => {
    expect(businessDateOf(at('17:14'), config.settings)).toBe('2026-04-01');
    expect(businessDateOf(at('17:15'), config.settings)).toBe('2026-04-02');
    const o = office(OfficeConfig.parse({ ...config, settings: { ...config.settings, openForTrying: true } }));
    o.issue(at('10:00'), ['cert']);
    expect(o.issue(at('18:30'), ['cert'])).toMatchObject({ number: 'A1', businessDate: '2026-04-02' });
  });

  it('refuses closed and unknown procedures without using a number', () => {
    const o = office();
    fails('office/service_closed', () => o.issue(at('09:00'), ['closed']));
    fails('office/unknown_service', () => o.issue(at('09:00'), ['nope']));
    expect(o.issue(at('09:00'), ['cert']).number).toBe('A1');
  });
});

describe('call order', () => {
  it('calls in order of arrival', () => {
    const o = office();
    const first = o.issue(at('09:00'), ['cert']);
    o.issue(at('09:01'), ['cert']);
    expect(o.callNext(at('09:05'), '2').number).toBe(first.number);
  });

  it('knows every place in a line at once, as it knows each one (priority now and later, calls in between)', () => {
    const o = office();
    for (let i = 0; i < 30; i++) {
      const time = at('09:00') + i * 60_000;
      if (i % 7 === 3)
        o.run(time, (d) =>
          q.issue(d, {
            services: ['cert'],
            assistance: false,
            source: 'reservation',
            reservation: { id: `r${i}`, priorityFrom: at('09:00') + (i % 2 ? 0 : 3_600_000) },
          }),
        );
      else o.issue(time, ['cert'], i % 5 === 0);
      if (i === 8 || i === 17) o.callNext(time, i === 8 ? '1' : '2');
      if (i === 26) o.run(time, (d) => q.cancelVisit(d, [...o.state.visits.values()][12]!.id));
    }
    const now = at('09:40');
    const places = o.state.placesIn('cert', now);
    const waiting = [...o.state.visits.values()].flatMap((visit) => visit.steps.filter((s) => s.state === 'waiting').map((step) => ({ visit, step })));
    expect(places.size).toBe(waiting.length);
    for (const w of waiting) expect(places.get(w.step.id)).toBe(o.state.placeOf(w, now).peopleAhead);
  });

  it('calls residents needing assistance first', () => {
    const o = office();
    o.issue(at('09:00'), ['cert']);
    const helped = o.issue(at('09:02'), ['cert'], true);
    expect(o.callNext(at('09:05'), '2').id).toBe(helped.id);
  });

  it('a counter with several services takes the longest wait across them', () => {
    const o = office();
    o.issue(at('09:00'), ['cert']);
    const older = o.issue(at('08:55'), ['seal']);
    expect(o.callNext(at('09:05'), '1').id).toBe(older.id);
  });

  it('a counter only calls its own services', () => {
    const o = office();
    o.issue(at('09:00'), ['move']);
    fails('queue/empty', () => o.callNext(at('09:05'), '2'));
  });

  it('reservations go first from their slot start, not before', () => {
    const o = office();
    const early = o.issue(at('08:50'), ['cert']);
    const walkIn = o.issue(at('09:00'), ['cert']);
    const booked = o.run(at('09:05'), (d) =>
      q.issue(d, { services: ['cert'], assistance: false, source: 'reservation', reservation: { id: 'r1', priorityFrom: at('09:30') } }),
    ).visit;
    expect(o.callNext(at('09:10'), '2').id).toBe(early.id);
    expect(o.callNext(at('09:31'), '1').id).toBe(booked.id);
    expect(o.state.summary('cert', at('09:31'), null).waiting).toBe(1);
    expect(o.state.queueEntries('cert', at('09:31'))[0]!.visitId).toBe(walkIn.id);
  });

  it('two counters never get the same visit', () => {
    const o = office();
    const a = o.issue(at('09:00'), ['cert']);
    const b = o.issue(at('09:01'), ['cert']);
    const one = o.callNext(at('09:05'), '1');
    const two = o.callNext(at('09:05'), '2');
    expect(new Set([one.id, two.id])).toEqual(new Set([a.id, b.id]));
    fails('counter/busy', () => o.callNext(at('09:06'), '1'));
  });

  it('a paused counter does not call and counts for no estimate', () => {
    const o = office();
    o.issue(at('09:00'), ['move']);
    o.run(at('09:01'), (d) => q.setCounterStatus(d, '3', 'paused'));
    fails('counter/not_open', () => o.callNext(at('09:02'), '3'));
    expect(o.state.summary('move', at('09:02'), null)).toMatchObject({ waiting: 1, countersOpen: 0, estimateSec: null });
  });
});

describe('a visit through its steps', () => {
  it('moves to the next procedure with the same number when a step finishes', () => {
    const o = office();
    const visit = o.issue(at('09:00'), ['move', 'insurance']);
    const called = o.callNext(at('09:05'), '3');
    o.run(at('09:06'), (d) => q.startServing(d, '3', called.steps[0]!.id));
    o.run(at('09:20'), (d) => q.finish(d, '3', called.steps[0]!.id));
    expect(o.state.summary('insurance', at('09:20'), null).waiting).toBe(1);
    const next = o.callNext(at('09:25'), '8');
    expect(next).toMatchObject({ id: visit.id, number: 'B1' });
    expect(next.steps.map((s) => s.state)).toEqual(['done', 'called']);
  });

  it('a transfer replaces the procedures still to come', () => {
    const o = office();
    o.issue(at('09:00'), ['cert', 'move']);
    const v = o.callNext(at('09:01'), '2');
    o.run(at('09:05'), (d) => q.finish(d, '2', v.steps[0]!.id, ['insurance']));
    const after = o.state.visits.get(v.id)!;
    expect(after.steps.map((s) => [s.serviceId, s.state])).toEqual([
      ['cert', 'done'],
      ['insurance', 'waiting'],
    ]);
  });

  it('staff can add procedures to a visit that is waiting', () => {
    const o = office();
    const v = o.issue(at('09:00'), ['move']);
    o.run(at('09:01'), (d) => q.setRemainingSteps(d, v.id, ['insurance']));
    const c = o.callNext(at('09:02'), '3');
    o.run(at('09:10'), (d) => q.finish(d, '3', c.steps[0]!.id));
    expect(o.callNext(at('09:11'), '8').id).toBe(v.id);
  });

  it('a no-show leaves the queue and, put back, is called before later arrivals', () => {
    const o = office();
    const v = o.issue(at('09:00'), ['cert']);
    const called = o.callNext(at('09:01'), '2');
    o.run(at('09:02'), (d) => q.recall(d, '2', called.steps[0]!.id));
    o.run(at('09:04'), (d) => q.noShow(d, '2', called.steps[0]!.id));
    const later = o.issue(at('09:05'), ['cert']);
    o.run(at('09:10'), (d) => q.requeue(d, called.steps[0]!.id));
    const again = o.callNext(at('09:11'), '2');
    expect(again.id).toBe(v.id);
    expect(again.steps[0]!.calls).toBe(3);
    expect(o.callNext(at('09:12'), '1').id).toBe(later.id);
  });

  it('a held resident returns ahead of those who arrived after them', () => {
    const o = office();
    const v = o.issue(at('09:00'), ['cert']);
    const s = o.callNext(at('09:01'), '2').steps[0]!;
    o.run(at('09:02'), (d) => q.hold(d, '2', s.id));
    const later = o.issue(at('09:03'), ['cert']);
    expect(o.callNext(at('09:04'), '1').id).toBe(later.id);
    o.issue(at('09:05'), ['cert']);
    o.run(at('09:06'), (d) => q.returnHeld(d, s.id));
    expect(o.callNext(at('09:07'), '2').id).toBe(v.id);
  });

  it('an action that lost a race changes nothing and says where the visit is', () => {
    const o = office();
    o.issue(at('09:00'), ['cert']);
    const s = o.callNext(at('09:01'), '1').steps[0]!;
    const before = JSON.stringify([...o.state.visits.values()]);
    expect(() => o.run(at('09:02'), (d) => q.finish(d, '2', s.id))).toThrow(/not at this counter.*counter 1/);
    fails('step/wrong_state', () => o.run(at('09:02'), (d) => q.requeue(d, s.id)));
    expect(JSON.stringify([...o.state.visits.values()])).toBe(before);
  });
});

describe('closing the day', () => {
  it('serves whoever still waits after closing, expires them at midnight, leaves the counters to finish their resident, and restarts numbering', () => {
    const o = office();
    const waiting = o.issue(at('16:00'), ['cert']);
    const served = o.issue(at('15:59'), ['move', 'insurance']);
    const c = o.callNext(at('17:10'), '3');
    expect(c.id).toBe(served.id);
    o.run(at('17:16'), q.closeEndedDays);
    // Those already waiting at closing are still served (issue 20).
    expect(o.state.visits.get(waiting.id)!.steps[0]!.state).toBe('waiting');
    expect(o.state.visits.get(served.id)!.steps[0]!.state).toBe('called');
    o.run(at('00:00', '2026-04-02'), q.closeEndedDays);
    expect(o.state.visits.has(waiting.id)).toBe(false);
    expect(o.state.visits.get(served.id)!.steps[0]!.state).toBe('called');
    o.run(at('00:10', '2026-04-02'), (d) => q.finish(d, '3', c.steps[0]!.id));
    expect(o.state.visits.has(served.id)).toBe(false);
    expect(o.state.summary('insurance', at('00:10', '2026-04-02'), null).waiting).toBe(0);
    expect(o.issue(at('08:30', '2026-04-02'), ['cert']).number).toBe('A1');
  });
});

describe('estimates', () => {
  it('uses the median of recent service times, so one long case does not skew it', () => {
    expect(robustServiceSec([], 300)).toBe(300);
    expect(robustServiceSec([100, 120, 3600], 300)).toBe(120);
    expect(robustServiceSec([100, 200], 300)).toBe(150);
  });

  it('shares the people ahead among the open counters', () => {
    expect(estimateWaitSec(6, 2, 300)).toBe(900);
    expect(estimateWaitSec(0, 2, 300)).toBe(0);
    expect(estimateWaitSec(3, 0, 300)).toBeNull();
  });

  it('stores the estimate given at issue time, from the office’s own service times', () => {
    const o = office();
    for (const minute of [0, 1, 2]) {
      o.issue(at(`09:0${minute}`), ['move']);
      const v = o.callNext(at(`09:1${minute}`), '3');
      o.run(at(`09:1${minute}`) + 240_000, (d) => q.finish(d, '3', v.steps[0]!.id));
    }
    o.issue(at('10:00'), ['move']);
    o.issue(at('10:01'), ['move']);
    const third = o.run(at('10:02'), (d) => q.issue(d, { services: ['move'], assistance: false, source: 'kiosk' }));
    expect(third.peopleAhead).toBe(2);
    expect(third.estimateSec).toBe(2 * 240);
    expect(third.visit.steps[0]!.estimateSec).toBe(480);
  });
});

describe('priority rules', () => {
  /** Counter 2 alternates: after a priority visit, `n` ordinary ones go first. */
  const alternating = (n: number) =>
    OfficeConfig.parse({
      ...config,
      counters: config.counters.map((c) => (c.id === '2' ? { ...c, priorityRule: { kind: 'alternate', ordinaryPerPriority: n } } : c)),
    });
  /** Serve the visit at the counter to the end, so it is free for the next call. */
  const callAndFinish = (o: ReturnType<typeof office>, time: number, counter: string) => {
    const v = o.callNext(time, counter);
    o.run(time + 1000, (d) => q.finish(d, counter, v.steps[0]!.id));
    return v;
  };

  it('priority_first (the default) calls every priority visit before any ordinary one', () => {
    const o = office();
    expect(config.counters[1]!.priorityRule).toEqual({ kind: 'priority_first' });
    const ordinary = [o.issue(at('09:00'), ['cert']), o.issue(at('09:01'), ['cert'])];
    const priority = [o.issue(at('09:02'), ['cert'], true), o.issue(at('09:03'), ['cert'], true)];
    const order = [0, 1, 2, 3].map((i) => callAndFinish(o, at(`09:1${i}`), '2').id);
    expect(order).toEqual([...priority, ...ordinary].map((v) => v.id));
  });

  it('alternate: after a priority visit the next N calls take ordinary visits first', () => {
    const o = office(alternating(2));
    const ordinary = [0, 1, 2, 3].map((i) => o.issue(at(`09:0${i}`), ['cert']));
    const priority = [o.issue(at('09:05'), ['cert'], true), o.issue(at('09:06'), ['cert'], true)];
    const order = [0, 1, 2, 3, 4, 5].map((i) => callAndFinish(o, at(`09:1${i}`), '2').id);
    // No priority call yet today, so priority goes first; then two ordinary, one priority, two ordinary.
    expect(order).toEqual([priority[0], ordinary[0], ordinary[1], priority[1], ordinary[2], ordinary[3]].map((v) => v!.id));
  });

  it('alternate: with no ordinary visit waiting, the priority one is called rather than nobody', () => {
    const o = office(alternating(3));
    o.issue(at('09:00'), ['cert'], true);
    const second = o.issue(at('09:01'), ['cert'], true);
    callAndFinish(o, at('09:10'), '2');
    expect(callAndFinish(o, at('09:11'), '2').id).toBe(second.id);
  });

  it('alternate: takes an ordinary visit even when a priority visit is at the head of the line', () => {
    const o = office(alternating(1));
    const p1 = o.issue(at('09:00'), ['cert'], true);
    const p2 = o.issue(at('09:01'), ['cert'], true);
    const walkIn = o.issue(at('09:02'), ['cert']);
    expect(callAndFinish(o, at('09:10'), '2').id).toBe(p1.id);
    expect(callAndFinish(o, at('09:11'), '2').id).toBe(walkIn.id);
    expect(callAndFinish(o, at('09:12'), '2').id).toBe(p2.id);
  });

  it('alternate: each counter keeps its own count; a priority_first counter next to it is unaffected', () => {
    const o = office(alternating(1));
    o.issue(at('09:00'), ['cert'], true);
    const p2 = o.issue(at('09:01'), ['cert'], true);
    o.issue(at('09:02'), ['cert']);
    callAndFinish(o, at('09:10'), '2');
    expect(callAndFinish(o, at('09:11'), '1').id).toBe(p2.id);
  });

  it("alternate: the count is rebuilt from the day's call events, as on a restart", () => {
    const o = office(alternating(2));
    const events: Parameters<QueueState['apply']>[0]['events'] = [];
    const run = <T>(time: number, command: (d: q.Draft) => T) => {
      const d = new q.Draft(o.state, time, 'staff:test', () => `r${Math.random()}`);
      const result = command(d);
      const change = d.change();
      events.push(...change.events);
      o.state.apply(change);
      return result;
    };
    o.issue(at('09:00'), ['cert']);
    o.issue(at('09:01'), ['cert']);
    o.issue(at('09:02'), ['cert'], true);
    const v = run(at('09:10'), (d) => q.callNext(d, '2'));
    run(at('09:11'), (d) => q.finish(d, '2', v.steps[0]!.id));
    const restarted = new QueueState(alternating(2));
    for (const visit of o.state.visits.values()) restarted.putVisit(visit);
    restarted.apply({ visits: [], events: events.filter((e) => e.type === 'called') });
    const counter = restarted.config.counters.find((c) => c.id === '2')!;
    expect(restarted.favours(counter, at('09:12'))).toBe('ordinary');
    expect(restarted.favours(counter, at('09:00', '2026-04-02'))).toBe('priority');
  });
});

describe('closed days', () => {
  const closing = (settings: Partial<OfficeConfig['settings']>) => OfficeConfig.parse({ ...config, settings: { ...config.settings, ...settings } });

  it('refuses a number on a closed weekday, a public holiday and an office closure, without using a number', () => {
    // 2026-04-04 is a Saturday; 2026-04-29 is 昭和の日; 2026-04-30 an ordinary Thursday.
    const o = office(closing({ closedWeekdays: [0, 6], closedOnHolidays: true, closures: [{ date: '2026-04-30', reason: 'システム更新のため休業' }] }));
    expect(() => o.issue(at('10:00', '2026-04-04'), ['cert'])).toThrow(/closed on 2026-04-04: 土曜日 \(Saturday\)/);
    expect(() => o.issue(at('10:00', '2026-04-29'), ['cert'])).toThrow(/昭和の日 \(Showa Day\)/);
    expect(() => o.issue(at('10:00', '2026-04-30'), ['cert'])).toThrow(/システム更新のため休業/);
    fails('office/closed_today', () => o.issue(at('10:00', '2026-04-30'), ['cert']));
    expect(o.state.lastNumber('2026-04-30', 'A')).toBe(0);
    expect(o.issue(at('10:00', '2026-05-01'), ['cert']).number).toBe('A1');
  });

  it('opens on holidays unless told otherwise (the default keeps every day open)', () => {
    const o = office();
    expect(o.issue(at('10:00', '2026-04-29'), ['cert']).number).toBe('A1');
  });

  it('a ticket taken after closing belongs to the next day, so a closed next day refuses it', () => {
    const o = office(closing({ closedWeekdays: [6] }));
    expect(() => o.issue(at('17:30', '2026-04-03'), ['cert'])).toThrow(/2026-04-04/);
  });

  it('refuses a number before opening and after closing, saying when the office opens, without using a number', () => {
    const o = office();
    expect(() => o.issue(at('08:29'), ['cert'])).toThrow(/opens at 08:30 on 2026-04-01/);
    expect(() => o.issue(at('17:15'), ['cert'])).toThrow(/opens at 08:30 on 2026-04-02/);
    fails('office/closed_now', () => o.issue(at('23:00'), ['cert']));
    fails('office/closed_now', () => o.issue(at('03:00', '2026-04-02'), ['cert']));
    expect(o.state.lastNumber('2026-04-02', 'A')).toBe(0);
    expect(o.issue(at('08:30'), ['cert']).number).toBe('A1');
    expect(o.issue(at('17:14'), ['cert']).number).toBe('A2');
  });

  it('open for trying, takes numbers at any hour and on closed days', () => {
    const o = office(closing({ closedWeekdays: [0, 6], closedOnHolidays: true, closedForNewYear: true, openForTrying: true }));
    expect(o.issue(at('03:00'), ['cert'])).toMatchObject({ number: 'A1', businessDate: '2026-04-01' });
    expect(o.issue(at('10:00', '2026-04-04'), ['cert'])).toMatchObject({ number: 'A1', businessDate: '2026-04-04' });
    expect(o.issue(at('10:00', '2026-04-29'), ['cert'])).toMatchObject({ businessDate: '2026-04-29' });
    expect(o.issue(at('10:00', '2027-01-02'), ['cert'])).toMatchObject({ businessDate: '2027-01-02' });
  });

  it('closes for the New Year break, 29 December to 3 January, when told to', () => {
    const o = office(closing({ closedForNewYear: true }));
    expect(o.issue(at('10:00', '2026-12-28'), ['cert']).number).toBe('A1');
    for (const date of ['2026-12-29', '2026-12-31', '2027-01-01', '2027-01-03']) {
      expect(() => o.issue(at('10:00', date), ['cert']), date).toThrow(/年末年始休業 \(New Year holidays\)/);
    }
    expect(o.issue(at('10:00', '2027-01-04'), ['cert']).number).toBe('A1');
  });
});

describe('taking numbers now: the one decision for issuing and the screens', () => {
  const settings = (s: Partial<OfficeConfig['settings']>) => OfficeConfig.parse({ ...config, settings: { ...config.settings, ...s } }).settings;

  it('says open in business hours, and why not outside them or on a closed day, open for trying or not', () => {
    const weekdays = settings({ closedWeekdays: [0, 6] });
    expect(takingNumbers(at('10:00'), weekdays)).toEqual({ businessDate: '2026-04-01', open: true, trying: false, closedBecause: null });
    expect(takingNumbers(at('18:00'), weekdays)).toEqual({
      businessDate: '2026-04-02',
      open: false,
      trying: false,
      closedBecause: { kind: 'hours', date: '2026-04-02', opens: '08:30', closes: '17:15' },
    });
    expect(takingNumbers(at('10:00', '2026-04-04'), weekdays)).toMatchObject({ open: false, trying: false, closedBecause: { kind: 'weekday', weekday: 6 } });
    const trying = settings({ closedWeekdays: [0, 6], openForTrying: true });
    expect(takingNumbers(at('10:00'), trying)).toMatchObject({ open: true, trying: false, closedBecause: null });
    expect(takingNumbers(at('10:00', '2026-04-04'), trying)).toMatchObject({ open: true, trying: true, closedBecause: { kind: 'weekday' } });
    expect(takingNumbers(at('07:00'), trying)).toMatchObject({ open: true, trying: true, closedBecause: { kind: 'hours' } });
  });
});
