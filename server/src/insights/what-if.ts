/**
 * Replays a past day: its residents arrive when they really did, for the procedures they really had, and take as
 * long at the counter as they really took; only the counters open change. The day is replayed twice: with the
 * real opening of counters (how close the model comes to what happened) and with the manager's plan.
 */
import { isCounterEvent } from '../event-log/event-log.js';
import type { CounterStatus, LogEvent, OfficeConfig, WhatIfHour, WhatIfResult } from '@junban/protocol';
import { Histogram } from './histogram.js';
import { DEFAULT_WALK_SEC, simulateDay, type OpenPeriod, type SimStepResult, type SimVisit } from './simulation.js';

export interface ReplayDay {
  date: string;
  events: readonly LogEvent[];
  config: OfficeConfig;
  statusAtStart: ReadonlyMap<string, CounterStatus>;
  opensAt: number;
  closesAt: number;
  hourOf: (at: number) => number;
  targetSec: (serviceId: string) => number | null;
}

const HOUR = 3600;

export function replay(day: ReplayDay, plan: Readonly<Record<string, readonly string[]>>): WhatIfResult {
  const sec = (at: number) => (at - day.opensAt) / 1000;
  const { visits, actualWaits } = residentsOf(day, sec);
  const actualPeriods = periodsOf(day, sec);
  const endSec = Math.max(sec(day.closesAt), ...day.events.map((e) => sec(e.at)));
  const firstHour = day.hourOf(day.opensAt);
  const hours = Array.from({ length: Math.ceil(sec(day.closesAt) / HOUR) + 1 }, (_, i) => firstHour + i).filter((h) => h <= day.hourOf(day.closesAt));
  // Sim time 0 is opening (08:30): an hour's bounds in sim seconds, the first hour starting at opening.
  const pastTheHour = Number(day.config.settings.hours.open.slice(3)) * 60;
  const hourBounds = (hour: number): [number, number] => {
    const start = (hour - firstHour) * HOUR - pastTheHour;
    return [Math.max(0, start), start + HOUR];
  };

  const openIn = (periods: OpenPeriod[], hour: number) => {
    const [from, to] = hourBounds(hour);
    const byCounter = new Map<string, number>();
    for (const p of periods) {
      const overlap = Math.min(p.to, to) - Math.max(p.from, from);
      if (overlap > 0) byCounter.set(p.counterId, (byCounter.get(p.counterId) ?? 0) + overlap);
    }
    return byCounter;
  };
  // The grid starts from the real opening, faithfully: every counter open at any moment of the hour, with the share
  // of the hour it was open (a lunch break from 11:30 reads 0.5), not rounded to whole counters.
  const actualPlan: Record<string, string[]> = {};
  const actualShare: Record<string, Record<string, number>> = {};
  for (const h of hours) {
    const [from, to] = hourBounds(h);
    const open = [...openIn(actualPeriods, h)].filter(([, s]) => s > 0);
    actualPlan[pad(h)] = open.map(([id]) => id);
    actualShare[pad(h)] = Object.fromEntries(open.map(([id, s]) => [id, Math.round((s / (to - from)) * 100) / 100]));
  }

  // The plan changes only the cells that differ from reality: a counter ticked that was not open is open the whole
  // hour, one unticked that was open is closed for it; every other counter, and every hour not named, keeps the real
  // opening to the second. So the plan as it opens replays exactly as the real staffing.
  const closedCells = Object.entries(plan).flatMap(([h, ids]) =>
    (actualPlan[h] ?? []).filter((id) => !ids.includes(id)).map((id) => ({ hour: Number(h), id })),
  );
  const planned: OpenPeriod[] = actualPeriods.flatMap((p) => {
    let pieces = [p];
    for (const { hour, id } of closedCells) {
      if (id !== p.counterId) continue;
      const [from, to] = hourBounds(hour);
      pieces = pieces.flatMap((q) => [
        ...(q.from < from ? [{ ...q, to: Math.min(q.to, from) }] : []),
        ...(q.to > to ? [{ ...q, from: Math.max(q.from, to) }] : []),
      ]);
    }
    return pieces;
  });
  for (const [h, ids] of Object.entries(plan)) {
    const [from, to] = hourBounds(Number(h));
    for (const counterId of ids) if (!(actualPlan[h] ?? []).includes(counterId)) planned.push({ counterId, from, to });
  }
  const counters = day.config.counters.map((c) => ({ id: c.id, services: c.services }));
  // Residents still waiting when the real day ended were sent home then; the replays end at the same moment.
  const options = { walkSec: medianWalk(day.events), closeAt: endSec };
  // A counter still open at closing time closed when its queue was done: in a replay it stays until the day ends.
  const tail = (periods: OpenPeriod[]) => periods.map((p) => (p.to >= sec(day.closesAt) ? { ...p, to: endSec } : p));
  const replayed = simulateDay(visits, counters, tail(actualPeriods), options).steps;
  const predicted = simulateDay(visits, counters, tail(planned), options).steps;

  const hourOfSec = (s: number) => day.hourOf(day.opensAt + s * 1000);
  const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((x, y) => x + y, 0) / xs.length) : null);
  const waitsIn = (steps: SimStepResult[], h: number) => steps.filter((s) => hourOfSec(s.enteredAt) === h && s.waitSec !== null).map((s) => s.waitSec!);
  const counted = (periods: OpenPeriod[], h: number) => {
    const [from, to] = hourBounds(h);
    return Math.round(([...openIn(periods, h).values()].reduce((x, y) => x + y, 0) / (to - from)) * 10) / 10;
  };
  const rows: WhatIfHour[] = hours.map((h) => ({
    hour: h,
    arrivals: actualWaits.filter((w) => w.hour === h).length,
    actual: { counters: counted(actualPeriods, h), meanWaitSec: mean(actualWaits.filter((w) => w.hour === h && w.waitSec !== null).map((w) => w.waitSec!)) },
    replayed: { counters: counted(actualPeriods, h), meanWaitSec: mean(waitsIn(replayed, h)) },
    planned: { counters: counted(planned, h), meanWaitSec: mean(waitsIn(predicted, h)) },
  }));

  const durations = (waits: number[]) => {
    const h = new Histogram();
    for (const w of waits) h.add(w);
    return h.durations();
  };
  const level = (items: { serviceId: string; waitSec: number | null }[]) => {
    const judged = items.filter((i) => day.targetSec(i.serviceId) !== null);
    return judged.length ? judged.filter((i) => i.waitSec !== null && i.waitSec <= day.targetSec(i.serviceId)!).length / judged.length : null;
  };
  return {
    date: day.date,
    actualPlan,
    actualShare,
    hours: rows,
    totals: {
      actual: durations(actualWaits.flatMap((w) => (w.waitSec === null ? [] : [w.waitSec]))),
      replayed: durations(replayed.flatMap((s) => (s.waitSec === null ? [] : [s.waitSec]))),
      planned: durations(predicted.flatMap((s) => (s.waitSec === null ? [] : [s.waitSec]))),
      actualServiceLevel: level(actualWaits),
      replayedServiceLevel: level(replayed),
      plannedServiceLevel: level(predicted),
    },
  };
}

const pad = (h: number) => String(h).padStart(2, '0');

/** The day's residents as the simulation takes them, and the waits they really had. */
function residentsOf(day: ReplayDay, sec: (at: number) => number) {
  const visits = new Map<string, SimVisit>();
  const steps = new Map<string, { visit: SimVisit; index: number }>();
  const actual = new Map<string, { serviceId: string; hour: number; waitSec: number | null }>();
  const serviceTimes = new Map<string, number[]>();
  for (const e of day.events) {
    if (isCounterEvent(e)) continue;
    if (e.type === 'issued') {
      visits.set(e.visitId, { id: e.visitId, arrival: sec(e.at), steps: [], priority: e.data.priority });
    }
    const visit = visits.get(e.visitId);
    if (!visit) continue;
    if (e.type === 'issued' || e.type === 'queued') {
      steps.set(e.stepId, { visit, index: visit.steps.length });
      visit.steps.push({ serviceId: e.serviceId, serviceSec: Number.NaN });
      actual.set(e.stepId, { serviceId: e.serviceId, hour: day.hourOf(e.at), waitSec: null });
    }
    const step = steps.get(e.stepId);
    if (!step) continue;
    const s = step.visit.steps[step.index]!;
    if (e.type === 'called') actual.get(e.stepId)!.waitSec = e.data.waitSec;
    if (e.type === 'finished') {
      s.serviceSec = e.data.serviceSec;
      let times = serviceTimes.get(s.serviceId);
      if (!times) serviceTimes.set(s.serviceId, (times = []));
      times.push(s.serviceSec);
    }
    if (e.type === 'no_show') s.noShow = true;
    if (e.type === 'requeued') delete s.noShow;
  }
  // Steps never served (cancelled, expired, still open) take the procedure's typical time in the replay.
  const medians = new Map([...serviceTimes].map(([id, xs]) => [id, [...xs].sort((a, b) => a - b)[xs.length >> 1]!]));
  const fallback = day.config.settings.defaultServiceMinutes * 60;
  for (const v of visits.values()) for (const s of v.steps) if (Number.isNaN(s.serviceSec)) s.serviceSec = medians.get(s.serviceId) ?? fallback;
  return { visits: [...visits.values()].sort((a, b) => a.arrival - b.arrival), actualWaits: [...actual.values()] };
}

/** When each counter was really open, from its status events. */
function periodsOf(day: ReplayDay, sec: (at: number) => number): OpenPeriod[] {
  const periods: OpenPeriod[] = [];
  const openSince = new Map<string, number>();
  for (const [id, status] of day.statusAtStart) if (status === 'open') openSince.set(id, 0);
  for (const e of day.events) {
    if (!isCounterEvent(e)) continue;
    const since = openSince.get(e.counterId);
    if (e.type === 'counter_opened' && since === undefined) openSince.set(e.counterId, Math.max(0, sec(e.at)));
    if (e.type !== 'counter_opened' && since !== undefined) {
      periods.push({ counterId: e.counterId, from: since, to: Math.max(since, sec(e.at)) });
      openSince.delete(e.counterId);
    }
  }
  const end = Math.max(sec(day.closesAt), ...day.events.map((e) => sec(e.at)));
  for (const [counterId, from] of openSince) periods.push({ counterId, from, to: end });
  return periods;
}

function medianWalk(events: readonly LogEvent[]): number {
  const walks = events.flatMap((e) => (e.type === 'started' ? [e.data.walkSec] : [])).sort((a, b) => a - b);
  return walks.length ? walks[walks.length >> 1]! : DEFAULT_WALK_SEC;
}
