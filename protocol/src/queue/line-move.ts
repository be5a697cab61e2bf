/**
 * A resident's place, moved along with its line (`LineMove`, the city's public face): the same arithmetic at the
 * office that makes the move, at the city that serves a page, and on the phone that shows it. No zod here: the
 * status page loads it on a resident's phone.
 */
import type { LineMove, VisitStatus } from './model.js';

/** People ahead shared among the open counters, times the recent service time. Null when no counter is open. */
export function estimateWaitSec(peopleAhead: number, countersOpen: number, serviceSec: number): number | null {
  if (countersOpen === 0) return null;
  return Math.round((peopleAhead / countersOpen) * serviceSec);
}

/** How far a page `peopleAhead` moves with these shifts. */
export function shiftOf(shifts: LineMove['shifts'], peopleAhead: number): number {
  let by = 0;
  for (const [from, shift] of shifts) {
    if (from > peopleAhead) break;
    by = shift;
  }
  return by;
}

/**
 * The status after its line's move: the same status when the move is not its line's or it already includes it, or
 * `'gap'` when an earlier move never reached it (its place is unknown: read the status again).
 */
export function moveAlong(status: VisitStatus, move: LineMove): VisitStatus | 'gap' {
  if (status.state !== 'waiting' || status.lineSeq === undefined || status.peopleAhead === null || status.service?.id !== move.serviceId) return status;
  if (move.seq <= status.lineSeq) return status;
  if (move.seq > status.lineSeq + 1) return 'gap';
  const peopleAhead = Math.max(0, status.peopleAhead + shiftOf(move.shifts, status.peopleAhead));
  return { ...status, at: move.at, lineSeq: move.seq, peopleAhead, estimateSec: estimateWaitSec(peopleAhead, move.countersOpen, move.serviceSec) };
}
