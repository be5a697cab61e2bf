/**
 * The marks a day leaves in the event log (issue 20), summed: finished steps by procedure and outcome code, pauses
 * by reason, and per staff member what they served and how long their counters stood idle or paused. Pure: it
 * reads events in log order and nothing else, so the same events always give the same figures.
 */
import type { LogEvent } from '@junban/protocol';

export interface StaffFigures {
  served: number;
  serviceSec: number;
  idleSec: number;
  pausedSec: number;
}

export interface MarksFigures {
  /** `${serviceId}\t${outcome}` → count; outcome '' when none was given. */
  outcomes: Map<string, number>;
  /** reason ('' when none) → count and seconds. */
  pauses: Map<string, { count: number; seconds: number }>;
  /** staff id → figures. */
  staff: Map<string, StaffFigures>;
}

interface CounterNow {
  status: 'open' | 'paused' | 'closed';
  /** Who works at the counter: the staff member who last opened, paused or served at it. */
  owner: string | null;
  /** The step at the counter (called or serving), if any. */
  busyStep: string | null;
  /** Since when the counter has been in its present state (status and busy or not). */
  since: number;
  /** The reason of the pause under way. */
  reason: string;
}

const staffIdOf = (actor: string): string | null => (actor.startsWith('staff:') ? actor.slice('staff:'.length) : null);
/** The events that end a step's time at a counter. */
const LEAVES_COUNTER = new Set<LogEvent['type']>(['finished', 'no_show', 'held', 'cancelled', 'expired']);

/**
 * Sums the events given (in log order). A counter's state carries from one business day to the next, but the night
 * between counts for nothing: its time stops at the day's last event and starts again at the next day's first.
 */
export function marksFigures(events: Iterable<LogEvent>): MarksFigures {
  const figures: MarksFigures = { outcomes: new Map(), pauses: new Map(), staff: new Map() };
  const counters = new Map<string, CounterNow>();
  const staff = (id: string): StaffFigures => {
    let f = figures.staff.get(id);
    if (!f) figures.staff.set(id, (f = { served: 0, serviceSec: 0, idleSec: 0, pausedSec: 0 }));
    return f;
  };
  /** Adds the counter's time since its last change to whoever it belongs to, up to `at`. */
  const settle = (c: CounterNow, at: number) => {
    const sec = Math.max(0, (at - c.since) / 1000);
    c.since = at;
    if (c.status === 'paused') {
      const p = figures.pauses.get(c.reason);
      if (p) p.seconds += sec;
      if (c.owner) staff(c.owner).pausedSec += sec;
    } else if (c.status === 'open' && c.busyStep === null && c.owner) {
      staff(c.owner).idleSec += sec;
    }
  };
  let day = '';
  let lastAt = 0;
  for (const e of events) {
    if (e.businessDate !== day) {
      for (const c of counters.values()) {
        settle(c, lastAt);
        c.since = e.at;
        c.busyStep = null;
      }
      day = e.businessDate;
    }
    lastAt = e.at;
    const id = e.counterId;
    const c =
      id === undefined
        ? undefined
        : (counters.get(id) ?? (counters.set(id, { status: 'closed', owner: null, busyStep: null, since: e.at, reason: '' }).get(id) as CounterNow));
    const who = staffIdOf(e.actor);
    switch (e.type) {
      case 'counter_opened':
      case 'counter_paused':
      case 'counter_closed': {
        settle(c!, e.at);
        c!.status = e.type === 'counter_opened' ? 'open' : e.type === 'counter_paused' ? 'paused' : 'closed';
        if (who) c!.owner = who;
        if (e.type === 'counter_paused') {
          c!.reason = e.data?.reason ?? '';
          const p = figures.pauses.get(c!.reason) ?? { count: 0, seconds: 0 };
          p.count += 1;
          figures.pauses.set(c!.reason, p);
        }
        break;
      }
      case 'called':
        settle(c!, e.at);
        c!.busyStep = e.stepId;
        if (who) c!.owner = who;
        break;
      case 'finished': {
        const key = `${e.serviceId}\t${e.data.outcome ?? ''}`;
        figures.outcomes.set(key, (figures.outcomes.get(key) ?? 0) + 1);
        if (who) {
          const f = staff(who);
          f.served += 1;
          f.serviceSec += e.data.serviceSec;
        }
        break;
      }
      default:
        break;
    }
    if (c && LEAVES_COUNTER.has(e.type) && c.busyStep === e.stepId) {
      settle(c, e.at);
      c.busyStep = null;
      if (who) c.owner = who;
    }
  }
  for (const c of counters.values()) settle(c, lastAt);
  return figures;
}
