import { describe, expect, it } from 'vitest';
import type { Step, Visit } from '@junban/protocol';
import { ServiceLine } from './line.js';
import { callOrder, type QueuedStep } from './ordering.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function entry(i: number, enteredAt: number, priorityFrom?: number, businessDate = '2026-04-01'): QueuedStep {
  const step: Step = { id: `s${i}`, serviceId: 'x', state: 'waiting', calls: 0, enteredAt, ...(priorityFrom !== undefined ? { priorityFrom } : {}) };
  const visit: Visit = { id: `v${i}`, businessDate, number: `A${i}`, issuedAt: enteredAt - (i % 3), source: 'kiosk', assistance: false, steps: [step] };
  return { visit, step };
}

describe('a service line', () => {
  it('answers like sorting the whole queue, through random arrivals, returns, priorities and departures', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rnd = random(seed);
      const line = new ServiceLine();
      const present: QueuedStep[] = [];
      for (let i = 0; i < 400; i++) {
        const now = 1_000 + i * 10;
        if (present.length && rnd() < 0.35) {
          const [gone] = present.splice(Math.floor(rnd() * present.length), 1);
          line.remove(gone!);
        } else {
          // Mostly newcomers at the back; some keep an earlier place (a return), some have a priority now or later.
          const enteredAt = rnd() < 0.8 ? now : Math.max(1_000, now - Math.floor(rnd() * 2_000));
          const r = rnd();
          const priorityFrom = r < 0.1 ? now : r < 0.15 ? now + 500 : undefined;
          const stale = rnd() < 0.05;
          const e = entry(i, stale ? 0 : enteredAt, priorityFrom, stale ? '2026-03-31' : '2026-04-01');
          present.push(e);
          line.add(e);
        }
        const today = present.filter((q) => q.visit.businessDate === '2026-04-01');
        const expected = [...today].sort(callOrder(now));
        expect(line.inCallOrder('2026-04-01', now, Infinity).map((q) => q.step.id)).toEqual(expected.map((q) => q.step.id));
        expect(line.count('2026-04-01')).toBe(today.length);
        if (today.length) {
          const probe = today[Math.floor(rnd() * today.length)]!;
          expect(line.ahead(probe, '2026-04-01', now)).toBe(expected.indexOf(probe));
          const best = line.candidates('2026-04-01', now).sort(callOrder(now))[0];
          expect(best?.step.id).toBe(expected[0]!.step.id);
        }
      }
    }
  });
});
