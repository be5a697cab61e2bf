import { describe, expect, it } from 'vitest';
import { estimateWaitSec } from '@junban/protocol';
import { shiftsOf, type Mover } from './statuses.js';

/** A seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

describe('a line’s move, as shifts by place', () => {
  it('puts every followed page where the office says it now is, whatever left the line or went ahead of it', () => {
    const rnd = random(7);
    for (let round = 0; round < 200; round++) {
      // A line of up to 60, in call order; some leave (called, cancelled), some go ahead (a priority).
      const before = Array.from({ length: 1 + Math.floor(rnd() * 60) }, (_, i) => `v${i}`);
      const after = before.filter(() => rnd() > 0.2);
      for (let k = Math.floor(rnd() * 4); k > 0; k--) after.splice(Math.floor(rnd() * (after.length + 1)), 0, `new${round}-${k}`);
      const countersOpen = Math.floor(rnd() * 3);
      const followed = after.filter((id) => before.includes(id) && rnd() < 0.5);
      const line: Mover[] = followed.map((visitId) => {
        const from = before.indexOf(visitId);
        const to = after.indexOf(visitId);
        return { visitId, from, to, estimateSec: estimateWaitSec(to, countersOpen, 300), moved: from !== to };
      });
      const { shifts, apart } = shiftsOf(line, countersOpen, 300);
      expect(apart).toEqual([]);
      for (const m of line) {
        let by = 0;
        for (const [from, shift] of shifts) if (from <= m.from) by = shift;
        expect(m.from + by).toBe(m.to);
      }
    }
  });

  it('leaves apart a page whose estimate is not its line’s: it is sent on its own', () => {
    const line: Mover[] = [
      { visitId: 'a', from: 1, to: 0, estimateSec: 0, moved: true },
      { visitId: 'b', from: 2, to: 1, estimateSec: 999, moved: true },
    ];
    const { shifts, apart } = shiftsOf(line, 1, 300);
    expect(apart.map((m) => m.visitId)).toEqual(['b']);
    expect(shifts).toEqual([[1, -1]]);
  });
});
