import { describe, expect, it } from 'vitest';
import { JunbanError, OfficeConfig, type Need } from '@junban/protocol';
import { instantOf } from './business-day.js';
import * as q from './commands.js';
import { mayCall, notDeclared } from './needs.js';
import { QueueState } from './state.js';

const config: OfficeConfig = OfficeConfig.parse({
  settings: { name: { ja: 'テスト', en: 'Test' }, timeZone: 'Asia/Tokyo', hours: { open: '08:30', close: '17:15' } },
  services: [
    { id: 'cert', name: { ja: '証明書', en: 'Certificates' }, prefix: 'A' },
    { id: 'move', name: { ja: '転入', en: 'Move in' }, prefix: 'B' },
  ],
  counters: [
    { id: '1', name: { ja: '1番', en: '1' }, services: ['cert'] },
    { id: '2', name: { ja: '2番', en: '2' }, services: ['cert'], needs: ['interpreter'] },
    { id: '3', name: { ja: '3番', en: '3' }, services: ['cert', 'move'], needs: ['wheelchair', 'hearing'] },
    { id: '4', name: { ja: '4番', en: '4' }, services: ['move'] },
  ],
});

const at = (time: string) => instantOf('2026-04-01', time, 'Asia/Tokyo');

/** A queue driven like the server drives it, with a clock the test sets. */
function office(withConfig: OfficeConfig = config) {
  const state = new QueueState(structuredClone(withConfig));
  let ids = 0;
  const run = <T>(time: number, command: (d: q.Draft) => T): T => {
    const d = new q.Draft(state, time, 'staff:test', () => `id${++ids}`);
    const result = command(d);
    state.apply(d.change());
    return result;
  };
  const issue = (time: number, services: string[], needs: Need[] = [], assistance = false) =>
    run(time, (d) => q.issue(d, { services, assistance, needs, source: 'kiosk' })).visit;
  const callNext = (time: number, counter: string) => run(time, (d) => q.callNext(d, counter));
  const setStatus = (time: number, counter: string, status: 'open' | 'paused' | 'closed') => run(time, (d) => q.setCounterStatus(d, counter, status));
  return { state, run, issue, callNext, setStatus };
}

function refusal(fn: () => unknown): JunbanError {
  try {
    fn();
  } catch (e) {
    if (e instanceof JunbanError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe("a resident's needs", () => {
  it('are kept on the visit as codes, each once', () => {
    const o = office();
    expect(o.issue(at('09:00'), ['cert'], ['interpreter', 'interpreter', 'hearing']).needs).toEqual(['interpreter', 'hearing']);
    expect(o.issue(at('09:01'), ['cert']).needs).toBeUndefined();
  });

  it('bring a resident needing an interpreter to the counter that has one, ahead of those who came earlier', () => {
    const o = office();
    o.issue(at('09:00'), ['cert']);
    const needing = o.issue(at('09:02'), ['cert'], ['interpreter']);
    expect(o.callNext(at('09:05'), '2').id).toBe(needing.id);
  });

  it('let a counter without the interpreter pass that resident over while the counter with one is open', () => {
    const o = office();
    const needing = o.issue(at('09:00'), ['cert'], ['interpreter']);
    const other = o.issue(at('09:01'), ['cert']);
    expect(o.callNext(at('09:05'), '1').id).toBe(other.id);
    // Nobody else waits: counter 1 still leaves the resident to counter 2 (busy or not) rather than call them.
    expect(refusal(() => o.callNext(at('09:06'), '3')).code).toBe('queue/empty');
    expect(o.callNext(at('09:07'), '2').id).toBe(needing.id);
  });

  it('let any counter call the resident, in turn, when no open counter serves the need', () => {
    const o = office();
    o.setStatus(at('08:59'), '2', 'paused');
    const needing = o.issue(at('09:00'), ['cert'], ['interpreter']);
    o.issue(at('09:01'), ['cert']);
    expect(o.callNext(at('09:05'), '1').id).toBe(needing.id);
  });

  it('go back to the interpreter counter once it reopens', () => {
    const o = office();
    o.setStatus(at('08:59'), '2', 'paused');
    const needing = o.issue(at('09:00'), ['cert'], ['interpreter']);
    const other = o.issue(at('09:01'), ['cert']);
    o.setStatus(at('09:02'), '2', 'open');
    expect(o.callNext(at('09:05'), '1').id).toBe(other.id);
    expect(o.callNext(at('09:05'), '2').id).toBe(needing.id);
  });

  it('are served within the counter’s own procedures only', () => {
    const o = office();
    o.issue(at('09:00'), ['move'], ['interpreter']);
    // Counter 2 serves certificates only: the move-in resident is not its to call; counter 4 (move) may, none serving it.
    expect(refusal(() => o.callNext(at('09:05'), '2')).code).toBe('queue/empty');
    expect(o.callNext(at('09:05'), '4').needs).toEqual(['interpreter']);
  });

  it('go to the counter serving more of them, and never to none', () => {
    const both: Need[] = ['wheelchair', 'interpreter'];
    // Counter 2 has the interpreter, 3 the wheelchair desk: equal, so either calls; 1 (neither) passes over.
    expect(mayCall({ needs: ['interpreter'] }, both, [{}, { needs: ['interpreter'] }, { needs: ['wheelchair', 'hearing'] }])).toBe(true);
    expect(mayCall({}, both, [{}, { needs: ['interpreter'] }])).toBe(false);
    expect(mayCall({ needs: ['interpreter'] }, both, [{ needs: ['interpreter', 'wheelchair'] }])).toBe(false);
    expect(mayCall({}, [], [{ needs: ['interpreter'] }])).toBe(true);
    expect(notDeclared({ needs: ['wheelchair'] }, both)).toEqual(['interpreter']);
  });

  it('do not change the order for residents without needs', () => {
    const o = office();
    const first = o.issue(at('09:00'), ['cert']);
    o.issue(at('09:01'), ['cert']);
    expect(o.callNext(at('09:05'), '2').id).toBe(first.id);
  });

  it('come before priority at a counter serving them; assistance still gives priority elsewhere', () => {
    const o = office();
    const assisted = o.issue(at('09:00'), ['cert'], [], true);
    const hearing = o.issue(at('09:01'), ['cert'], ['hearing']);
    expect(o.callNext(at('09:05'), '3').id).toBe(hearing.id);
    expect(o.callNext(at('09:05'), '1').id).toBe(assisted.id);
  });
});

describe('the sight need', () => {
  it('gives the resident longer before the counter may mark them as a no-show', () => {
    const o = office();
    const v = o.issue(at('09:00'), ['cert'], ['sight']);
    const called = o.callNext(at('09:05'), '1');
    expect(called.id).toBe(v.id);
    const stepId = called.steps[0]!.id;
    const early = refusal(() => o.run(at('09:06'), (d) => q.noShow(d, '1', stepId)));
    expect(early.code).toBe('step/too_soon');
    expect(early.message).toContain('2 more minutes');
    expect(o.state.visits.get(v.id)!.steps[0]!.state).toBe('called');
    expect(o.run(at('09:08'), (d) => q.noShow(d, '1', stepId)).steps[0]!.state).toBe('no_show');
  });

  it('follows the office setting, and others may be marked at once', () => {
    const o = office(OfficeConfig.parse({ ...config, settings: { ...config.settings, sightNoShowGraceMinutes: 10 } }));
    const v = o.issue(at('09:00'), ['cert'], ['sight']);
    const other = o.issue(at('09:00'), ['cert']);
    const first = o.callNext(at('09:05'), '1');
    expect(first.id).toBe(v.id);
    expect(refusal(() => o.run(at('09:14'), (d) => q.noShow(d, '1', first.steps[0]!.id))).code).toBe('step/too_soon');
    o.run(at('09:15'), (d) => q.noShow(d, '1', first.steps[0]!.id));
    const second = o.callNext(at('09:15'), '1');
    expect(second.id).toBe(other.id);
    expect(o.run(at('09:15'), (d) => q.noShow(d, '1', second.steps[0]!.id)).steps[0]!.state).toBe('no_show');
  });
});
