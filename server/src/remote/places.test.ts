import { describe, expect, it } from 'vitest';
import { JunbanError, OfficeConfig, RemoteRule, type Visit } from '@junban/protocol';
import { instantOf } from '../queue/business-day.js';
import * as q from '../queue/commands.js';
import { QueueState } from '../queue/state.js';
import { checkIn, issueRemote, postpone, releaseLate, type RemoteCounts } from './places.js';

const config = OfficeConfig.parse({
  settings: { name: { ja: 'テスト', en: 'Test' }, timeZone: 'Asia/Tokyo', hours: { open: '08:30', close: '17:15' }, defaultServiceMinutes: 5 },
  services: [{ id: 'cert', name: { ja: '証明書', en: 'Certificates' }, prefix: 'A', active: true }],
  counters: [{ id: '1', name: { ja: '1番', en: '1' }, services: ['cert'] }],
});
const at = (time: string) => instantOf('2026-04-01', time, 'Asia/Tokyo');
const rule = (over: Partial<RemoteRule> = {}): RemoteRule => RemoteRule.parse({ enabled: true, ...over });
const none: RemoteCounts = { lastHour: 0, today: 0 };

function office() {
  const state = new QueueState(structuredClone(config));
  let ids = 0;
  const run = <T>(time: number, command: (d: q.Draft) => T): T => {
    const d = new q.Draft(state, time, 'test', () => `id${++ids}`);
    const result = command(d);
    state.apply(d.change());
    return result;
  };
  const walkIn = (time: number) => run(time, (d) => q.issue(d, { services: ['cert'], assistance: false, source: 'kiosk' })).visit;
  const remote = (time: number, r = rule(), counts = none) =>
    run(time, (d) => issueRemote(d, { serviceId: 'cert', language: 'en', rule: r, counts, code: `CODE${ids + 2}` })).visit;
  const callNext = (time: number) => run(time, (d) => q.callNext(d, '1'));
  const finish = (time: number, visit: Visit) => run(time, (d) => q.finish(d, '1', visit.steps[0]!.id));
  const live = (v: Visit) => state.visits.get(v.id);
  return { state, run, walkIn, remote, callNext, finish, live };
}

function refused(code: string, fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(JunbanError);
    expect((e as JunbanError).code).toBe(code);
    return;
  }
  throw new Error(`expected ${code}`);
}

describe('a number taken from a phone', () => {
  it('is an ordinary number of the office, with a check-in code and an arrive-by time before its estimated call', () => {
    const o = office();
    for (let i = 0; i < 6; i++) o.walkIn(at('09:00'));
    const v = o.remote(at('09:01'));
    expect(v.number).toBe('A7');
    expect(v.source).toBe('remote');
    // Six ahead at five minutes each with one counter: called in about 30 minutes, so in by 20 minutes from now.
    expect(v.remote!.arriveBy).toBe(at('09:21'));
    expect(v.remote!.releaseAt).toBe(at('09:31'));
  });

  it('gives at least a quarter of an hour to come in, and no more than the rule allows', () => {
    const o = office();
    expect(o.remote(at('09:00')).remote!.arriveBy).toBe(at('09:15'));
    for (let i = 0; i < 40; i++) o.walkIn(at('09:01'));
    expect(o.remote(at('09:02'), rule({ maxTravelMin: 60, walkInShare: 0 })).remote!.arriveBy).toBe(at('10:02'));
  });

  it('keeps its place but is not called until its resident checks in, then is called from that place', () => {
    const o = office();
    const r = o.remote(at('09:00'));
    const w1 = o.walkIn(at('09:01'));
    const w2 = o.walkIn(at('09:02'));
    expect(o.callNext(at('09:03')).number).toBe(w1.number);
    expect(o.state.queueEntries('cert', at('09:03'))[0]).toMatchObject({ number: r.number, awaitingCheckIn: true });
    o.finish(at('09:05'), w1);
    o.run(at('09:06'), (d) => checkIn(d, r.id));
    // Checked in: it stood ahead of w2 all along.
    expect(o.callNext(at('09:07')).number).toBe(r.number);
    expect(o.state.queueEntries('cert', at('09:07'))[0]).toMatchObject({ number: w2.number });
  });

  it('is checked in once: a second scan of the code says so and changes nothing', () => {
    const o = office();
    const r = o.remote(at('09:00'));
    o.run(at('09:05'), (d) => checkIn(d, r.id));
    refused('reservation/used', () => o.run(at('09:06'), (d) => checkIn(d, r.id)));
    expect(o.live(r)!.remote!.checkedInAt).toBe(at('09:05'));
  });

  it('may be postponed once, to the end of the line with half an hour more', () => {
    const o = office();
    const r = o.remote(at('09:00'));
    const w = o.walkIn(at('09:01'));
    o.run(at('09:10'), (d) => postpone(d, r.id));
    expect(o.live(r)!.remote).toMatchObject({ arriveBy: at('09:45'), releaseAt: at('09:55'), postponed: true });
    o.run(at('09:11'), (d) => checkIn(d, r.id));
    expect(o.callNext(at('09:12')).number).toBe(w.number);
    refused('remote/postponed_once', () => o.run(at('09:13'), (d) => postpone(d, r.id)));
  });

  it('is warned before arrive-by and released after its grace, unless checked in', () => {
    const o = office();
    const late = o.remote(at('09:00'));
    const here = o.remote(at('09:00'), rule({ walkInShare: 0 }));
    o.run(at('09:01'), (d) => checkIn(d, here.id));
    o.run(at('09:04'), releaseLate);
    expect(o.live(late)!.remote!.warned).toBeUndefined();
    o.run(at('09:05'), releaseLate);
    expect(o.live(late)!.remote!.warned).toBe(true);
    o.run(at('09:24'), releaseLate);
    expect(o.live(late)).toBeDefined();
    o.run(at('09:25'), releaseLate);
    expect(o.live(late)).toBeUndefined();
    expect(o.live(here)).toBeDefined();
    expect(o.state.summary('cert', at('09:25'), null).waiting).toBe(1);
  });
});

describe('the city’s rules for joining from a phone', () => {
  it('refuse a procedure not open to it', () => {
    const o = office();
    refused('remote/closed', () => o.remote(at('09:00'), rule({ enabled: false })));
    refused('remote/closed', () =>
      o.run(at('09:00'), (d) => issueRemote(d, { serviceId: 'cert', language: 'ja', rule: undefined, counts: none, code: 'ABCD2345' })),
    );
  });

  it('cap remote numbers per hour and per day', () => {
    const o = office();
    refused('remote/full', () => o.remote(at('09:00'), rule({ perHour: 5 }), { lastHour: 5, today: 5 }));
    refused('remote/full', () => o.remote(at('09:00'), rule({ perDay: 50 }), { lastHour: 0, today: 50 }));
    expect(o.remote(at('09:00'), rule({ perHour: 5 }), { lastHour: 4, today: 30 }).number).toBe('A1');
  });

  it('keep the walk-ins’ share of the line', () => {
    const o = office();
    o.remote(at('09:00'));
    // Half kept for walk-ins: a second remote number needs the line to have room for it.
    refused('remote/full', () => o.remote(at('09:01')));
    o.walkIn(at('09:02'));
    o.walkIn(at('09:03'));
    expect(o.remote(at('09:04')).number).toBe('A4');
    refused('remote/full', () => o.remote(at('09:05')));
    expect(o.state.summary('cert', at('09:05'), null).waiting).toBe(4);
  });

  it('stop joining when the wait would run close to closing', () => {
    const o = office();
    // Closing at 17:15, joining stops 30 minutes before: one ahead at 16:41 means a call at about 16:46, too late.
    expect(o.remote(at('16:30')).number).toBe('A1');
    refused('remote/closed', () => o.remote(at('16:41'), rule({ walkInShare: 0 })));
  });
});
