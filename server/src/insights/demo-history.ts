/**
 * Years of realistic traffic for the demo office and the benchmark, written as real visits and events (the same
 * rows the queue writes), so every view, export and forecast works on them as on a real office's log.
 *
 * What "realistic" means here, from what Japanese cities publish about their windows:
 * - open on the office's own business days only (the demo's: Monday to Friday, closed on public holidays and from
 *   29 December to 3 January), so the history, the calendar and the forecast agree;
 * - busiest between 11:00 and 14:00, when counters also take their lunch breaks in turn;
 * - Mondays, the first and last days of a month and the day after a holiday are busier;
 * - mid-March to early April is the busiest season (moves at the start of the school and fiscal year), with
 *   several times the usual load on the first open days of April, when moves dominate the mix.
 * Each day's residents and counters go through the office simulation (simulation.ts), which calls them in the
 * queue's own order, so waits, no-shows and the estimates shown on tickets arise as they would.
 */
import { group } from 'd3-array';
import { randomLogNormal, randomPoisson } from 'd3-random';
import { addDays, calendarDay } from '../calendar/calendar.js';
import type { NewEvent } from '../event-log/event-log.js';
import type { OfficeConfig, Service, Step, Visit } from '@junban/protocol';
import { instantOf } from '../queue/business-day.js';
import type { Db } from '../storage/database.js';
import { summarizeDay } from './day-summary.js';
import { seededRandom, simulateDay, type OpenPeriod, type SimStepResult, type SimVisit } from './simulation.js';
import { dayContext, InsightStore } from './store.js';

export interface DemoHistoryOptions {
  /** Business dates, both included. */
  from: string;
  to: string;
  /** Visits on an ordinary day (a Tuesday mid-month outside the busy season). */
  visitsPerDay: number;
  seed?: number;
}

const HOUR = 3600;
const NO_SHOW_WAIT_SEC = 120;
const WALK_SEC = 30;
/** How often a visit goes on to the first related procedure, and to each further one. */
const FOLLOW_UP = [0.35, 0.15];
/** How busy counters are on an ordinary day, lunch breaks and no-shows aside. */
const TARGET_UTILISATION = 0.5;

/** Whether the office opens on a date. */
type IsOpen = (date: string) => boolean;

/** How much busier than an ordinary day `date` is. */
export function dayFactor(date: string, isOpen: IsOpen): number {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  const [, month, day] = date.split('-').map(Number) as [number, number, number];
  const byWeekday = [1, 1.25, 1, 0.95, 0.95, 1.1, 1][weekday]!;
  let season = [0.95, 0.9, 1.15, 1.2, 1, 0.95, 1, 0.85, 0.95, 1, 0.95, 1][month - 1]!;
  if ((month === 3 && day >= 15) || (month === 4 && day <= 10)) season = 1.9;
  const openBefore = countOpen(date, -1, isOpen);
  // The first open days of April: moving season at its height.
  if (month === 4 && openBefore < 3) season = 3.2;
  const position = openBefore < 2 || countOpen(date, 1, isOpen) < 2 ? 1.2 : 1;
  const afterClosure = !isOpen(addDays(date, -1)) && weekday !== 1 ? 1.3 : 1;
  return byWeekday * season * position * afterClosure;
}

/** Open days between `date` and the month's start (-1) or end (+1), not counting `date`. */
function countOpen(date: string, direction: -1 | 1, isOpen: IsOpen): number {
  let n = 0;
  for (let d = addDays(date, direction); d.slice(0, 7) === date.slice(0, 7); d = addDays(d, direction)) if (isOpen(d)) n++;
  return n;
}

/** How often each procedure starts a visit, and how long it takes at the counter (minutes), before scaling. */
const PROFILE: Record<string, { share: number; minutes: number; movers?: boolean }> = {
  juminhyo: { share: 22, minutes: 4 },
  'koseki-shomei': { share: 8, minutes: 5 },
  'inkan-shomei': { share: 10, minutes: 3 },
  tennyu: { share: 8, minutes: 22, movers: true },
  tenshutsu: { share: 6, minutes: 12, movers: true },
  tenkyo: { share: 5, minutes: 15, movers: true },
  'inkan-toroku': { share: 3, minutes: 8 },
  'mynumber-apply': { share: 6, minutes: 12 },
  'mynumber-pickup': { share: 10, minutes: 8 },
  'mynumber-pin': { share: 5, minutes: 6 },
  'koseki-todoke': { share: 6, minutes: 15 },
  kokuho: { share: 7, minutes: 12 },
  'jido-teate': { share: 4, minutes: 14 },
};

/** Hourly arrival weights by local hour: the lunchtime peak. */
const HOUR_WEIGHT: Record<number, number> = { 8: 0.7, 9: 0.95, 10: 1.1, 11: 1.35, 12: 1.4, 13: 1.3, 14: 1.05, 15: 0.9, 16: 0.7, 17: 0.3 };

interface Plan {
  services: Service[];
  shares: number[];
  moverShares: number[];
  meanSec: Map<string, number>;
}

/**
 * Service times are scaled so each group of counters is busy but not swamped on an ordinary day: a demo office
 * with few counters still shows realistic waits instead of a queue that never clears. A procedure's work is
 * shared evenly among the counters that take it, follow-up procedures included.
 */
function plan(config: OfficeConfig, visitsPerDay: number, dayHours: number): Plan {
  const services = config.services.filter((s) => s.active && config.counters.some((c) => c.services.includes(s.id)));
  const profile = (s: Service) => PROFILE[s.id] ?? { share: 5, minutes: config.settings.defaultServiceMinutes };
  const shares = services.map((s) => profile(s).share);
  const moverShares = services.map((s) => profile(s).share * (profile(s).movers ? 4 : 1));
  const total = shares.reduce((a, b) => a + b, 0);
  const perDay = new Map(services.map((s, i) => [s.id, (shares[i]! / total) * visitsPerDay]));
  for (const [i, s] of services.entries()) {
    for (const [k, related] of s.related.entries()) {
      if (perDay.has(related)) perDay.set(related, perDay.get(related)! + (shares[i]! / total) * visitsPerDay * FOLLOW_UP[Math.min(k, 1)]!);
    }
  }
  const meanSec = new Map(services.map((s) => [s.id, profile(s).minutes * 60]));
  const capacitySec = dayHours * 3600 * TARGET_UTILISATION;
  for (let round = 0; round < 3; round++) {
    const load = new Map(config.counters.map((c) => [c.id, 0]));
    for (const s of services) {
      const takers = config.counters.filter((c) => c.services.includes(s.id));
      for (const c of takers) load.set(c.id, load.get(c.id)! + (perDay.get(s.id)! * meanSec.get(s.id)!) / takers.length);
    }
    for (const s of services) {
      const worst = Math.max(...config.counters.filter((c) => c.services.includes(s.id)).map((c) => load.get(c.id)! / capacitySec));
      if (worst > 1) meanSec.set(s.id, meanSec.get(s.id)! / worst);
    }
  }
  return { services, shares, moverShares, meanSec };
}

const pick = (weights: readonly number[], u: number) => {
  const total = weights.reduce((a, b) => a + b, 0);
  let x = u * total;
  for (const [i, w] of weights.entries()) if ((x -= w) < 0) return i;
  return weights.length - 1;
};

/** Writes the history and its day summaries; returns how much it wrote. Dates already holding events are skipped. */
export function writeDemoHistory(db: Db, config: OfficeConfig, options: DemoHistoryOptions): { days: number; visits: number; events: number } {
  const { timeZone, hours } = config.settings;
  const dayHours = (instantOf(options.from, hours.close, timeZone) - instantOf(options.from, hours.open, timeZone)) / 3_600_000;
  const p = plan(config, options.visitsPerDay, dayHours);
  const rng = seededRandom(options.seed ?? 20260401);
  const store = new InsightStore(db);
  const insertVisit = db.prepare('INSERT INTO visits (id, business_date, number, is_open, data) VALUES (?, ?, ?, 0, ?)');
  const insertSequence = db.prepare('INSERT OR REPLACE INTO number_sequences (business_date, prefix, last) VALUES (?, ?, ?)');
  const totals = { days: 0, visits: 0, events: 0 };
  const prefixOf = new Map(config.services.map((s) => [s.id, s.prefix]));
  // The office's calendar, never whether it is open for trying: history is what a real office's days would hold.
  const isOpen: IsOpen = (date) => calendarDay(date, config.settings).open;

  const writeDay = db.transaction((date: string) => {
    const opensAt = instantOf(date, hours.open, timeZone);
    const closeSec = (instantOf(date, hours.close, timeZone) - opensAt) / 1000;
    const factor = dayFactor(date, isOpen);
    const movers = factor >= 1.9;
    const openLocalHour = Number(hours.open.slice(0, 2)) + Number(hours.open.slice(3)) / 60;
    const expected = options.visitsPerDay * factor;
    const count = randomPoisson.source(rng)(expected)();
    const arrivals = Array.from({ length: count }, () => {
      // Rejection sampling against the hourly weights keeps the count exactly Poisson.
      for (;;) {
        const t = rng() * closeSec;
        const w = HOUR_WEIGHT[Math.floor(openLocalHour + t / HOUR)] ?? 0.2;
        if (rng() * 1.4 < w) return t;
      }
    }).sort((a, b) => a - b);

    const visits: SimVisit[] = arrivals.map((arrival, i) => {
      const first = p.services[pick(movers ? p.moverShares : p.shares, rng())]!;
      const ids = [first.id];
      for (const [k, related] of first.related.entries()) {
        if (p.meanSec.has(related) && rng() < FOLLOW_UP[Math.min(k, 1)]!) ids.push(related);
      }
      return {
        id: `${date}-${i}`,
        arrival,
        priority: rng() < 0.03,
        steps: ids.map((serviceId, k) => ({
          serviceId,
          serviceSec: randomLogNormal.source(rng)(Math.log(p.meanSec.get(serviceId)!) - 0.18, 0.6)(),
          noShow: k === 0 && rng() < 0.03,
        })),
      };
    });

    // Counters open at opening; off the busy season a third of them at a time take a lunch break from 11:30.
    const overtimeEnd = closeSec + 4 * HOUR;
    const periods: OpenPeriod[] = [];
    const pauses = new Map<string, [number, number]>();
    for (const [i, c] of config.counters.entries()) {
      const lunchFrom = 3 * HOUR + (i % 3) * 45 * 60;
      if (!movers && config.counters.length >= 3) {
        pauses.set(c.id, [lunchFrom, lunchFrom + 45 * 60]);
        periods.push({ counterId: c.id, from: 0, to: lunchFrom }, { counterId: c.id, from: lunchFrom + 45 * 60, to: overtimeEnd });
      } else periods.push({ counterId: c.id, from: 0, to: overtimeEnd });
    }
    const { steps } = simulateDay(
      visits,
      config.counters.map((c) => ({ id: c.id, services: c.services })),
      periods,
      {
        walkSec: WALK_SEC,
        noShowWaitSec: NO_SHOW_WAIT_SEC,
        closeAt: overtimeEnd,
        estimate: true,
        defaultServiceSec: config.settings.defaultServiceMinutes * 60,
      },
    );

    const numbers = new Map<string, number>();
    const numberOf = new Map<string, string>();
    const byVisit = group(steps, (s) => s.visitId);
    for (const v of visits) {
      const prefix = prefixOf.get(v.steps[0]!.serviceId)!;
      const n = (numbers.get(prefix) ?? 0) + 1;
      numbers.set(prefix, n);
      numberOf.set(v.id, `${prefix}${n}`);
      insertVisit.run(v.id, date, `${prefix}${n}`, JSON.stringify(visitDocument(v, `${prefix}${n}`, date, opensAt, byVisit.get(v.id) ?? [])));
    }
    for (const [prefix, last] of numbers) insertSequence.run(date, prefix, last);
    const events = dayEvents(date, opensAt, visits, numberOf, steps, config, pauses, overtimeEnd);
    const lastSeq = store.events.append(events).at(-1)?.seq ?? 0;
    const closed = new Map(config.counters.map((c) => [c.id, 'closed' as const]));
    store.save(summarizeDay(events, dayContext(date, config, closed)));
    totals.days += 1;
    totals.visits += visits.length;
    totals.events += events.length;
    return lastSeq;
  });

  // When everything before was already summed, the generated days (summed as they were written) need no refresh.
  const summedBefore = store.summedThrough() >= store.lastSeq();
  let through = 0;
  for (let date = options.from; date <= options.to; date = addDays(date, 1)) {
    if (!isOpen(date) || store.events.has({ from: date, to: date })) continue;
    through = writeDay(date);
  }
  if (summedBefore && through) store.markThrough(through);
  return totals;
}

/** The events the queue would have logged for this day, in time order. */
function dayEvents(
  date: string,
  opensAt: number,
  visits: SimVisit[],
  numberOf: ReadonlyMap<string, string>,
  steps: SimStepResult[],
  config: OfficeConfig,
  pauses: Map<string, [number, number]>,
  dayEnd: number,
): NewEvent[] {
  const at = (sec: number) => Math.round(opensAt + sec * 1000);
  const out: NewEvent[] = [];
  const lastEnd = new Map<string, number>();
  for (const s of steps) if (s.counterId && s.endedAt !== null) lastEnd.set(s.counterId, Math.max(lastEnd.get(s.counterId) ?? 0, s.endedAt));
  for (const c of config.counters) {
    const base = { businessDate: date, counterId: c.id, actor: 'staff:demo' };
    out.push({ ...base, at: at(0), type: 'counter_opened' as const });
    const pause = pauses.get(c.id);
    if (pause) out.push({ ...base, at: at(pause[0]), type: 'counter_paused' }, { ...base, at: at(pause[1]), type: 'counter_opened' });
    out.push({ ...base, at: at((lastEnd.get(c.id) ?? 0) + 1), type: 'counter_closed' });
  }
  const visitById = new Map(visits.map((v) => [v.id, v]));
  for (const s of steps) {
    const v = visitById.get(s.visitId)!;
    const step = {
      businessDate: date,
      visitId: v.id,
      number: numberOf.get(v.id)!,
      stepId: `${v.id}-${s.stepIndex}`,
      serviceId: s.serviceId,
      actor: 'staff:demo',
    };
    if (s.stepIndex === 0) {
      out.push({
        ...step,
        at: at(s.enteredAt),
        type: 'issued',
        actor: 'device:demo-kiosk',
        data: {
          services: v.steps.map((x) => x.serviceId),
          source: 'kiosk',
          assistance: !!v.priority,
          priority: !!v.priority,
          peopleAhead: s.peopleAhead,
          estimateSec: s.estimateSec,
        },
      });
    } else out.push({ ...step, at: at(s.enteredAt), type: 'queued', data: { estimateSec: s.estimateSec } });
    if (s.calledAt !== null && s.counterId) {
      const c = { ...step, counterId: s.counterId };
      out.push({ ...c, at: at(s.calledAt), type: 'called', data: { waitSec: Math.round(s.waitSec!), priority: !!v.priority, calls: 1 } });
      if (s.outcome === 'no_show') {
        out.push({ ...c, at: at(s.calledAt + NO_SHOW_WAIT_SEC / 2), type: 'recalled', data: { calls: 2 } });
        out.push({ ...c, at: at(s.endedAt!), type: 'no_show', data: { calls: 2 } });
        out.push({ ...step, at: at(dayEnd), type: 'expired', actor: 'system', data: { was: 'no_show' } });
      } else if (s.startedAt !== null) {
        out.push({ ...c, at: at(s.startedAt), type: 'started', data: { walkSec: Math.round(s.startedAt - s.calledAt) } });
        out.push({ ...c, at: at(s.endedAt!), type: 'finished', data: { serviceSec: Math.round(s.endedAt! - s.startedAt) } });
      }
    } else if (s.outcome === 'expired') {
      out.push({ ...step, at: at(s.endedAt ?? dayEnd), type: 'expired', actor: 'system', data: { was: 'waiting' } });
    }
  }
  // Sorted by time; at the same instant the order they were made in (a finish before the next step's queueing).
  return out
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map(({ e }) => e);
}

function visitDocument(v: SimVisit, number: string, date: string, opensAt: number, results: SimStepResult[]): Visit {
  const at = (sec: number | null) => (sec === null ? undefined : Math.round(opensAt + sec * 1000));
  const steps: Step[] = v.steps.map((x, k) => {
    const r = results.find((s) => s.stepIndex === k);
    const state: Step['state'] = !r ? 'expired' : r.outcome === 'served' ? 'done' : 'expired';
    const step: Step = { id: `${v.id}-${k}`, serviceId: x.serviceId, state, calls: r?.calledAt != null ? (r.outcome === 'no_show' ? 2 : 1) : 0 };
    if (r) {
      step.enteredAt = at(r.enteredAt)!;
      if (r.counterId) step.counterId = r.counterId;
      if (r.calledAt !== null) step.calledAt = at(r.calledAt)!;
      if (r.startedAt !== null) step.startedAt = at(r.startedAt)!;
      if (r.endedAt !== null) step.endedAt = at(r.endedAt)!;
      step.estimateSec = r.estimateSec;
    }
    return step;
  });
  return { id: v.id, businessDate: date, number, issuedAt: at(v.arrival)!, source: 'kiosk', assistance: !!v.priority, steps };
}
