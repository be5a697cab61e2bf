/**
 * When a followed visit's status changes, which notices go out: a pure decision on the status and what the resident
 * was told already, so each notice goes once (a resend of the same status tells nothing new).
 */
import type { NoticeKind, VisitStatus } from '@junban/protocol';

/** What a resident asked for (`ahead`: tell me when this many or fewer are ahead) and what they were told. */
export interface Told {
  toldAhead: boolean;
  /** The call last told, by its time (a recall calls again). */
  toldCalledAt: number | null;
  /** The procedure whose line the resident was last told about (or joined in). */
  toldStep: string | null;
  /** A number taken from a phone: the arrive-by time the resident was last told to check in by. */
  toldCheckInFor: number | null;
  /** The documents prepared for the visit were told ready (the pick-up board). */
  toldReady: boolean;
}

export interface Followed extends Told {
  ahead: number;
}

const ENDED: ReadonlySet<VisitStatus['state']> = new Set(['done', 'cancelled', 'expired']);

export function noticesFor(followed: Followed, status: VisitStatus): { kinds: NoticeKind[]; told: Told; ended: boolean } {
  const told: Told = {
    toldAhead: followed.toldAhead,
    toldCalledAt: followed.toldCalledAt,
    toldStep: followed.toldStep,
    toldCheckInFor: followed.toldCheckInFor,
    toldReady: followed.toldReady,
  };
  const kinds: NoticeKind[] = [];
  // A place released is the one ending worth a notice: the resident is on their way, or forgot.
  if (ENDED.has(status.state)) return { kinds: status.remote?.released ? ['released'] : [], told, ended: true };
  const step = status.service?.id ?? null;
  if (step !== null && told.toldStep !== null && step !== told.toldStep && status.state === 'waiting') {
    // The next procedure: a new line, so "N ahead" may be told again in it.
    kinds.push('step');
    told.toldAhead = false;
  }
  if (step !== null) told.toldStep = step;
  if (status.state === 'called' && status.calledAt !== null && status.calledAt !== told.toldCalledAt) {
    // Called again: the counter's last call before it may take the resident as a no-show.
    kinds.push((status.calls ?? 1) >= 2 ? 'no_show_soon' : 'called');
    told.toldCalledAt = status.calledAt;
  }
  const remote = status.remote;
  if (status.state === 'waiting' && remote?.warned && remote.checkedInAt === undefined && told.toldCheckInFor !== remote.arriveBy) {
    kinds.push('check_in_soon');
    told.toldCheckInFor = remote.arriveBy;
  }
  if (status.pickup?.state === 'ready' && !told.toldReady) {
    // The second wait is over: the resident may have gone for a coffee, as the pick-up board lets them.
    kinds.push('documents_ready');
    told.toldReady = true;
  }
  if (status.state === 'waiting' && status.peopleAhead !== null && status.peopleAhead <= followed.ahead && !told.toldAhead) {
    kinds.push('ahead');
    told.toldAhead = true;
  }
  return { kinds, told, ended: false };
}
