/**
 * One business day summed up from its event log: what the history views, the forecast and the exports read. The
 * event log is the truth; this is a pure fold over it, so a summary can always be rebuilt and checked against it.
 */
import { isCounterEvent, statusSetBy, type NewEvent } from '../event-log/event-log.js';
import type { CounterStatus } from '@junban/protocol';
import { Histogram } from './histogram.js';

export interface EstimateSums {
  n: number;
  errSum: number;
  absErrSum: number;
  within: number;
}

export interface ServiceDay {
  serviceId: string;
  /** Times the procedure's queue was joined (a visit's first step when issued, later steps when they come up). */
  arrivals: number;
  served: number;
  noShows: number;
  cancelled: number;
  expired: number;
  /** Queue entry to the last call, for every step that was called. */
  wait: Histogram;
  walk: Histogram;
  service: Histogram;
  /** How long steps that were never called waited before they were cancelled or expired. */
  lost: Histogram;
  estimate: EstimateSums;
}

export interface ServiceHour {
  serviceId: string;
  hour: number;
  arrivals: number;
  waitSum: number;
  waitN: number;
}

export interface CounterDay {
  counterId: string;
  calls: number;
  served: number;
  noShows: number;
  walk: Histogram;
  service: Histogram;
  openSec: number;
  busySec: number;
  idleWhileWaitingSec: number;
}

export interface DaySummary {
  date: string;
  weekday: number;
  services: ServiceDay[];
  hours: ServiceHour[];
  counters: CounterDay[];
}

export interface DayContext {
  date: string;
  /** The local hour (0-23) of an instant, in the office's time zone. */
  hourOf: (at: number) => number;
  /** Office hours as instants: counters' open time is counted inside them (and until the last event after closing). */
  opensAt: number;
  closesAt: number;
  /** Each counter's procedures, to know when someone was waiting for it. */
  counters: ReadonlyMap<string, readonly string[]>;
  /** Each counter's status when the day began (left from the day before). */
  statusAtStart: ReadonlyMap<string, CounterStatus>;
}

/** An estimate counts as right when the wait came within this of it. */
export const ESTIMATE_TOLERANCE_SEC = 300;

type StepState = 'waiting' | 'called' | 'serving' | 'held' | 'no_show' | 'done' | 'cancelled' | 'expired';
interface StepTrack {
  serviceId: string;
  enteredAt: number;
  hour: number;
  state: StepState;
  counterId?: string;
  lastWaitSec?: number;
  estimateSec: number | null;
  endedAt?: number;
}

export function summarizeDay(events: readonly NewEvent[], ctx: DayContext): DaySummary {
  const services = new Map<string, ServiceDay>();
  const hours = new Map<string, ServiceHour>();
  const counters = new Map<string, CounterDay>();
  const steps = new Map<string, StepTrack>();
  const status = new Map(ctx.statusAtStart);
  const busy = new Map<string, string>();
  const waiting = new Map<string, number>();

  const serviceDay = (serviceId: string) => {
    let s = services.get(serviceId);
    if (!s) {
      s = {
        serviceId,
        arrivals: 0,
        served: 0,
        noShows: 0,
        cancelled: 0,
        expired: 0,
        wait: new Histogram(),
        walk: new Histogram(),
        service: new Histogram(),
        lost: new Histogram(),
        estimate: { n: 0, errSum: 0, absErrSum: 0, within: 0 },
      };
      services.set(serviceId, s);
    }
    return s;
  };
  const serviceHour = (serviceId: string, hour: number) => {
    const key = `${serviceId}\u0000${hour}`;
    let h = hours.get(key);
    if (!h) {
      h = { serviceId, hour, arrivals: 0, waitSum: 0, waitN: 0 };
      hours.set(key, h);
    }
    return h;
  };
  const counterDay = (counterId: string) => {
    let c = counters.get(counterId);
    if (!c) {
      c = { counterId, calls: 0, served: 0, noShows: 0, walk: new Histogram(), service: new Histogram(), openSec: 0, busySec: 0, idleWhileWaitingSec: 0 };
      counters.set(counterId, c);
    }
    return c;
  };
  for (const id of ctx.counters.keys()) counterDay(id);

  const setWaiting = (t: StepTrack, delta: number) => waiting.set(t.serviceId, (waiting.get(t.serviceId) ?? 0) + delta);
  const leave = (t: StepTrack, to: StepState, at: number) => {
    if (t.state === 'waiting') setWaiting(t, -1);
    if ((t.state === 'called' || t.state === 'serving') && t.counterId && busy.get(t.counterId)) busy.delete(t.counterId);
    t.state = to;
    t.endedAt = at;
  };

  // Counters' time is swept between events: open, busy, and open-but-free while someone waits for them.
  const windowEnd = Math.max(ctx.closesAt, events.at(-1)?.at ?? 0);
  let clock = ctx.opensAt;
  const advanceTo = (at: number) => {
    const to = Math.min(at, windowEnd);
    if (to <= clock) return;
    const sec = (to - clock) / 1000;
    for (const [id, c] of counters) {
      const isBusy = busy.has(id);
      if (isBusy) c.busySec += sec;
      if (status.get(id) !== 'open') continue;
      c.openSec += sec;
      if (!isBusy && (ctx.counters.get(id) ?? []).some((s) => (waiting.get(s) ?? 0) > 0)) c.idleWhileWaitingSec += sec;
    }
    clock = to;
  };

  for (const e of events) {
    advanceTo(e.at);
    if (isCounterEvent(e)) {
      status.set(e.counterId, statusSetBy(e.type));
      continue;
    }
    if (e.type === 'issued' || e.type === 'queued') {
      const t: StepTrack = { serviceId: e.serviceId, enteredAt: e.at, hour: ctx.hourOf(e.at), state: 'waiting', estimateSec: e.data.estimateSec };
      steps.set(e.stepId, t);
      setWaiting(t, 1);
      serviceDay(t.serviceId).arrivals += 1;
      serviceHour(t.serviceId, t.hour).arrivals += 1;
      continue;
    }
    const t = steps.get(e.stepId);
    if (!t) continue;
    switch (e.type) {
      case 'called':
        if (t.state === 'waiting') setWaiting(t, -1);
        t.state = 'called';
        t.counterId = e.counterId;
        t.lastWaitSec = e.data.waitSec;
        busy.set(e.counterId, e.stepId);
        counterDay(e.counterId).calls += 1;
        break;
      case 'started': {
        t.state = 'serving';
        const walk = e.data.walkSec;
        serviceDay(t.serviceId).walk.add(walk);
        if (t.counterId) counterDay(t.counterId).walk.add(walk);
        break;
      }
      case 'finished': {
        const sec = e.data.serviceSec;
        serviceDay(t.serviceId).service.add(sec);
        if (t.counterId) counterDay(t.counterId).service.add(sec);
        if (t.counterId) counterDay(t.counterId).served += 1;
        leave(t, 'done', e.at);
        break;
      }
      case 'no_show':
        if (t.counterId) counterDay(t.counterId).noShows += 1;
        leave(t, 'no_show', e.at);
        break;
      case 'held':
        leave(t, 'held', e.at);
        break;
      case 'returned':
      case 'requeued':
        t.state = 'waiting';
        setWaiting(t, 1);
        break;
      case 'cancelled':
      case 'expired':
        // A missed call stays a no-show when its day closes; only a step still in the queue or on hold expires.
        if (t.state !== 'no_show') leave(t, e.type, e.at);
        break;
      default:
        break;
    }
  }
  advanceTo(windowEnd);

  for (const t of steps.values()) {
    const s = serviceDay(t.serviceId);
    if (t.state === 'done') s.served += 1;
    else if (t.state === 'no_show') s.noShows += 1;
    else if (t.state === 'cancelled') s.cancelled += 1;
    else if (t.state === 'expired') s.expired += 1;
    if (t.lastWaitSec !== undefined) {
      s.wait.add(t.lastWaitSec);
      const h = serviceHour(t.serviceId, t.hour);
      h.waitSum += t.lastWaitSec;
      h.waitN += 1;
      if (t.estimateSec !== null) {
        const err = t.lastWaitSec - t.estimateSec;
        s.estimate.n += 1;
        s.estimate.errSum += err;
        s.estimate.absErrSum += Math.abs(err);
        if (Math.abs(err) <= ESTIMATE_TOLERANCE_SEC) s.estimate.within += 1;
      }
    } else if ((t.state === 'cancelled' || t.state === 'expired') && t.endedAt !== undefined) {
      s.lost.add(Math.round((t.endedAt - t.enteredAt) / 1000));
    }
  }

  return {
    date: ctx.date,
    weekday: new Date(`${ctx.date}T00:00:00Z`).getUTCDay(),
    services: [...services.values()],
    hours: [...hours.values()],
    counters: [...counters.values()],
  };
}
