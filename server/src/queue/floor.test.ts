/** The counter floor's day (issue 20): cut-off for issuing, residents served after closing, the pick-up board. */
import { describe, expect, it } from 'vitest';
import { JunbanError, OfficeConfig } from '@junban/protocol';
import { instantOf } from './business-day.js';
import * as q from './commands.js';
import { QueueState } from './state.js';

const config: OfficeConfig = OfficeConfig.parse({
  settings: { name: { ja: 'テスト', en: 'Test' }, timeZone: 'Asia/Tokyo', hours: { open: '08:30', close: '17:15' }, defaultServiceMinutes: 10 },
  services: [
    { id: 'cert', name: { ja: '証明書', en: 'Certificates' }, prefix: 'A', cutOff: { lastIssue: '16:30' } },
    { id: 'move', name: { ja: '転入', en: 'Move in' }, prefix: 'B', cutOff: { beforeClosing: true } },
    { id: 'card', name: { ja: 'カード', en: 'Card' }, prefix: 'C', cutOff: { dailyCap: 2 } },
    { id: 'print', name: { ja: '証明書の交付', en: 'Certificate pick-up' }, prefix: 'P', preparation: true },
  ],
  counters: [
    { id: '1', name: { ja: '1番', en: '1' }, services: ['cert', 'card'] },
    { id: '2', name: { ja: '2番', en: '2' }, services: ['move'] },
    { id: '9', name: { ja: '9番', en: '9' }, services: ['print'] },
  ],
});

const at = (time: string, date = '2026-04-01') => instantOf(date, time, 'Asia/Tokyo');

function office() {
  const state = new QueueState(structuredClone(config));
  let ids = 0;
  const run = <T>(time: number, command: (d: q.Draft) => T): T => {
    const d = new q.Draft(state, time, 'staff:test', () => `id${++ids}`);
    const result = command(d);
    state.apply(d.change());
    return result;
  };
  const issue = (time: number, services: string[], source: 'kiosk' | 'staff' | 'remote' = 'kiosk') =>
    run(time, (d) => q.issue(d, { services, assistance: false, source })).visit;
  return { state, run, issue };
}

function refused(code: string, fn: () => unknown): JunbanError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(JunbanError);
    expect((e as JunbanError).code).toBe(code);
    return e as JunbanError;
  }
  throw new Error(`expected ${code}`);
}

describe('cut-off for issuing', () => {
  it('a resident at the kiosk after the last-issue time is refused, and no number is used', () => {
    const o = office();
    expect(o.issue(at('16:29'), ['cert']).number).toBe('A1');
    expect(o.state.cutOff('cert', at('16:29'))).toBeUndefined();
    expect(o.state.cutOff('cert', at('16:30'))).toEqual({ kind: 'time', at: '16:30' });
    const err = refused('queue/cut_off', () => o.issue(at('16:31'), ['cert']));
    expect(err.message).toContain('16:30');
    refused('queue/cut_off', () => o.issue(at('16:31'), ['cert'], 'remote'));
    expect(o.state.lastNumber('2026-04-01', 'A')).toBe(1);
    expect(o.state.summary('cert', at('16:31'), null)).toMatchObject({ waiting: 1, cutOff: { kind: 'time', at: '16:30' } });
    // A guide helping someone who came in time still can: the cut-off is for residents' own tickets.
    expect(o.issue(at('16:32'), ['cert'], 'staff').number).toBe('A2');
  });

  it('a procedure whose newcomers would not be called before closing stops issuing', () => {
    const o = office();
    // One counter, 10 minutes a resident: at 16:30 with four waiting a newcomer is called at 17:10; with five, at 17:20.
    for (let i = 0; i < 5; i++) o.issue(at('16:30'), ['move']);
    expect(o.state.cutOff('move', at('16:30'))).toEqual({ kind: 'estimate', closes: '17:15' });
    refused('queue/cut_off', () => o.issue(at('16:30'), ['move']));
    // Earlier in the day the same line leaves time enough.
    expect(o.state.cutOff('move', at('16:00'))).toBeUndefined();
  });

  it('a daily cap counts the day’s numbers and starts again the next day', () => {
    const o = office();
    o.issue(at('09:00'), ['card']);
    o.issue(at('09:01'), ['card']);
    refused('queue/cut_off', () => o.issue(at('09:02'), ['card']));
    expect(o.state.summary('card', at('09:02'), null).cutOff).toEqual({ kind: 'cap', cap: 2 });
    expect(o.issue(at('09:00', '2026-04-02'), ['card']).number).toBe('C1');
  });
});

describe('after closing', () => {
  it('a resident still waiting at closing is called and served after it, and the day closes at midnight at the latest', () => {
    const o = office();
    const first = o.issue(at('16:00'), ['cert', 'move']);
    const second = o.issue(at('16:05'), ['cert']);
    const late = o.issue(at('17:06'), ['move']);
    o.run(at('17:20'), (d) => q.closeEndedDays(d));
    const called = o.run(at('17:20'), (d) => q.callNext(d, '1'));
    expect(called.number).toBe(first.number);
    o.run(at('17:30'), (d) => q.finish(d, '1', called.steps[0]!.id));
    // Its next procedure still joins its line, ahead of anyone of the next day.
    expect(o.state.visits.get(first.id)!.steps[1]!.state).toBe('waiting');
    expect(o.state.summary('move', at('17:31'), null).waiting).toBe(2);
    expect(o.run(at('17:31'), (d) => q.callNext(d, '2')).number).toBe(late.number);
    // Midnight: whoever is still waiting expires.
    o.run(at('00:00', '2026-04-02'), (d) => q.closeEndedDays(d));
    expect(o.state.visits.has(second.id)).toBe(false);
    expect(o.state.visits.get(first.id)?.steps[1]!.state).toBeUndefined();
    refused('queue/empty', () => o.run(at('00:01', '2026-04-02'), (d) => q.callNext(d, '1')));
  });
});

describe('pick-up board', () => {
  it('a step of a preparation procedure holds no counter until its documents are ready, then joins the board and is called', () => {
    const o = office();
    const visit = o.issue(at('10:00'), ['cert', 'print']);
    const called = o.run(at('10:01'), (d) => q.callNext(d, '1'));
    o.run(at('10:05'), (d) => q.finish(d, '1', called.steps[0]!.id));
    const step = o.state.visits.get(visit.id)!.steps[1]!;
    expect(step).toMatchObject({ state: 'waiting', preparation: 'preparing' });
    refused('queue/empty', () => o.run(at('10:06'), (d) => q.callNext(d, '9')));
    expect(o.state.summary('print', at('10:06'), null).ready).toEqual([]);
    o.run(at('10:20'), (d) => q.markReady(d, step.id));
    expect(o.state.summary('print', at('10:20'), null).ready).toEqual([visit.number]);
    refused('step/wrong_state', () => o.run(at('10:21'), (d) => q.markReady(d, step.id)));
    const collected = o.run(at('10:25'), (d) => q.callNext(d, '9'));
    expect(collected.number).toBe(visit.number);
    expect(o.state.summary('print', at('10:25'), null).ready).toEqual([]);
  });
});
