/**
 * How many counters each hour of future days needs. Two answers, side by side:
 * - Erlang C per procedure, as if each procedure had its own counters: the textbook figure, and an upper bound;
 * - a simulation of the whole day with the office's own counters, each taking the procedures it is set up for,
 *   with queues carried from one hour into the next: the figure to plan shifts with. Each hour gets the fewest
 *   counters that call every procedure's residents within target on the forecast's day, then the plan is checked
 *   on random days, which also give the service level reported.
 */
import { group } from 'd3-array';
import { randomExponential } from 'd3-random';
import type { ForecastHour, OfficeConfig } from '@junban/protocol';
import { countersNeeded } from './erlang.js';
import type { ForecastRow } from './forecast.js';
import { poissonArrivals, seededRandom, simulateDay, type OpenPeriod, type SimCounter, type SimStepResult, type SimVisit } from './simulation.js';

export interface StaffingAssumptions {
  config: OfficeConfig;
  /** Mean service time per procedure, from history. */
  meanServiceSec: ReadonlyMap<string, number>;
  /** From the call to the resident reaching the counter, from history: the counter is held for it too. */
  walkSec: number;
  targetSec: (serviceId: string) => number;
  targetShare: number;
  /** The local hour the office opens (8.5 for 08:30) and how many hours it is open. */
  openHour: number;
  hoursOpen: number;
}

/** Days simulated per plan reported: enough to steady the figures, few enough to answer within a request. */
const REPLICATIONS = 4;
/** An hour needs this many arrivals of a procedure before its service level decides anything. */
const MIN_ARRIVALS = 3;
const HOUR = 3600;
/** Counters added to an hour, and rounds of repair over the whole day: a day needing more is beyond planning by the hour. */
const MAX_TRIES = 30;
const REPAIR_ROUNDS = 5;
/**
 * How far below the target an hour of a simulated day may fall before it gets another counter: an hour holds a
 * hundred residents or so, whose share called in time varies that much from one random day to the next.
 */
const NOISE = 0.05;

type Plan = Map<number, Set<string>>;

export function staffingHours(forecast: readonly ForecastRow[], a: StaffingAssumptions): ForecastHour[] {
  const byDate = group(forecast, (r) => r.date);
  // Each day is planned on its own, so a date gets the same answer whichever range it is asked in.
  return [...byDate].flatMap(([date, rows]) => staffDay(date, rows, a));
}

function staffDay(date: string, rows: readonly ForecastRow[], a: StaffingAssumptions): ForecastHour[] {
  // Office hours only: steps queued after closing (a resident's next procedure) are the same day's overtime.
  const hours = [...new Set(rows.map((r) => r.hour))].filter((h) => h >= Math.floor(a.openHour) && h < a.openHour + a.hoursOpen).sort((x, y) => x - y);
  const rate = new Map<number, Map<string, number>>(hours.map((h) => [h, new Map()]));
  for (const r of rows) if (rate.has(r.hour)) rate.get(r.hour)!.set(r.serviceId, (rate.get(r.hour)!.get(r.serviceId) ?? 0) + r.arrivals);
  // A counter is held from the call to the end of service: the walk over counts as much as the service.
  const heldSec = (serviceId: string) => a.meanServiceSec.get(serviceId)! + a.walkSec;

  const erlangOf = (hour: number) => {
    const out: Record<string, number> = {};
    // The hour the office opens or closes in is only partly open (08:30–09:00): its arrivals come in that part, at
    // a rate per hour that much higher. Erlang C takes the rate, or it would plan half the counters for 08:00.
    const openSec = openSecIn(hour, a);
    for (const [serviceId, inHour] of rate.get(hour)!) {
      if (!a.meanServiceSec.get(serviceId) || inHour <= 0 || openSec <= 0) continue;
      out[serviceId] = countersNeeded({
        arrivalsPerHour: (inHour * HOUR) / openSec,
        meanServiceSec: heldSec(serviceId),
        targetSec: a.targetSec(serviceId),
        targetShare: a.targetShare,
      }).counters;
    }
    return out;
  };

  const days = Array.from({ length: REPLICATIONS }, (_, i) => sampleDay(date, i, rate, a));
  // When every counter taking a procedure is open and it still falls short, the plan adds temporary counters set
  // up like one that takes it (what offices do in March): the answer is how many are needed, not how many exist.
  const counters: SimCounter[] = a.config.counters.map((c) => ({ id: c.id, services: c.services }));
  const byId = (id: string) => counters.find((c) => c.id === id)!;
  const addFor = (open: Set<string>, serviceId: string) => {
    const extra =
      counters.find((c) => c.services.includes(serviceId) && !open.has(c.id)) ??
      addCounterLike(
        counters.find((c) => c.services.includes(serviceId))!,
        counters,
        a,
      );
    open.add(extra.id);
  };

  // Hours are decided in order, each on the day so far: an hour's waits depend on the queue the hours before leave
  // and on its own counters (kept on, in the trial, until everyone who came by then is called). Deciding them
  // together instead overshoots: a queue carried over makes every later hour look short at once.
  const searchDay = sampleDay(date, -1, rate, a, true);
  const searchById = new Map(searchDay.map((v) => [v.id, v]));
  const plan: Plan = new Map();
  // Each trial simulates from the start of the hour before, from the state the hours before that left: they are
  // decided already, so the day need not be simulated again from opening.
  let carried: Carried = { at: 0, waiting: [], busyUntil: new Map() };
  for (const [i, hour] of hours.entries()) {
    const open = new Set(i === 0 ? [] : plan.get(hours[i - 1]!)!);
    const floor = fillToFloor(open, rate.get(hour)!, a, counters, heldSec);
    plan.set(hour, open);
    const judged = hours.slice(Math.max(0, i - 1), i + 1);
    const since = judged[0]!;
    const came = [...carried.waiting, ...searchDay.filter((v) => v.arrival >= carried.at && v.arrival < hourStart(hour + 1, a))];
    let last: SimStepResult[] = [];
    const trial = () => shortfalls([(last = simulate(came, plan, counters, a, since, carried.busyUntil))], judged, a);
    let short = trial();
    let wasShort = false;
    for (let tries = 0; short.length > 0 && tries < MAX_TRIES; tries++) {
      wasShort = true;
      // One counter a try, for this hour's procedure furthest short (or, failing that, the hour before's).
      addFor(open, short.at(-1)![1]);
      short = trial();
    }
    // Taken from the hour before, it may have counters to spare: give back as many as leave the hour (and the one
    // before, whose late arrivals it serves) meeting the target, found by halving. Never below the floor: an hour
    // can meet its target by leaving a queue that grows into the next.
    if (!wasShort) {
      const spares = spareCounters(open, floor, rate.get(hour)!, byId);
      const meetsWithout = (k: number) => {
        for (const id of spares.slice(0, k)) open.delete(id);
        const ok = trial().length === 0;
        for (const id of spares.slice(0, k)) open.add(id);
        return ok;
      };
      let [lo, hi] = [0, spares.length];
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (meetsWithout(mid)) lo = mid;
        else hi = mid - 1;
      }
      for (const id of spares.slice(0, lo)) open.delete(id);
    }
    // Whatever this hour's trials chose, the day up to its start came out the same in each.
    carried = carriedInto(hourStart(hour, a), last, searchById);
  }

  // The figures come from random days, whose crowds come and go: an hour whose residents fall clearly short of
  // the target over them gets another counter (for its procedure furthest short). Procedure by procedure the
  // plan holds on the forecast's own day; on random days a small procedure's hour is mostly chance.
  let results = days.map((visits) => simulate(visits, plan, counters, a));
  const daysById = days.map((visits) => new Map(visits.map((v) => [v.id, v])));
  for (let round = 0; round < REPAIR_ROUNDS; round++) {
    const short = shortfalls(results, hours, a, NOISE, true);
    if (short.length === 0) break;
    for (const [hour, serviceId] of short) addFor(plan.get(hour)!, serviceId);
    // Up to the first hour changed, each day comes out as before: simulate it again from there only.
    const from = short[0]![0];
    results = days.map((visits, d) => {
      const state = carriedInto(hourStart(from, a), results[d]!, daysById[d]!);
      const again = simulate([...state.waiting, ...visits.filter((v) => v.arrival >= state.at)], plan, counters, a, from, state.busyUntil);
      const settled = new Set(state.waiting.map((v) => v.id));
      return [...results[d]!.filter((r) => r.enteredAt < state.at && !settled.has(r.visitId)), ...again];
    });
  }

  const counts = tally(results, a);
  return hours.map((hour) => {
    const erlang = erlangOf(hour);
    const level = levelOf(counts, hour);
    const booked = rows.filter((r) => r.hour === hour && (r.booked ?? 0) > 0);
    return {
      date,
      hour,
      arrivals: Object.fromEntries([...rate.get(hour)!].map(([s, n]) => [s, Math.round(n * 10) / 10])),
      ...(booked.length ? { booked: Object.fromEntries(booked.map((r) => [r.serviceId, r.booked!])) } : {}),
      erlang,
      erlangTotal: Object.values(erlang).reduce((x, y) => x + y, 0),
      simulated: plan.get(hour)!.size,
      simulatedServiceLevel: level,
    };
  });
}

/** Sim time 0 is opening; a local hour's arrivals fall in its part of the day. */
const hourStart = (hour: number, a: StaffingAssumptions) => Math.max(0, (hour - a.openHour) * HOUR);
const hourOfSim = (sec: number, a: StaffingAssumptions) => Math.floor(a.openHour + sec / HOUR);
/** Seconds of a local hour the office is open: a full hour, but less in the hour it opens or closes in. */
const openSecIn = (hour: number, a: StaffingAssumptions) => Math.min((hour + 1 - a.openHour) * HOUR, a.hoursOpen * HOUR) - hourStart(hour, a);

/**
 * A random day of the forecast: Poisson arrivals, exponential service times. `asForecast` draws exactly the
 * expected number of arrivals each hour (at random times), so the search plans for the forecast and not for
 * one day's chance crowd; the figures reported then come from ordinary random days.
 */
function sampleDay(date: string, replication: number, rate: Map<number, Map<string, number>>, a: StaffingAssumptions, asForecast = false): SimVisit[] {
  const rng = seededRandom(hash(`${date}:${replication}`));
  const visits: SimVisit[] = [];
  for (const [hour, services] of rate) {
    // The hour the office opens or closes in is only partly open: its arrivals come within that part.
    const from = hourStart(hour, a);
    const length = openSecIn(hour, a);
    for (const [serviceId, perHour] of services) {
      const mean = a.meanServiceSec.get(serviceId);
      if (!mean || length <= 0) continue;
      const times = asForecast
        ? Array.from({ length: Math.floor(perHour) + (rng() < perHour % 1 ? 1 : 0) }, () => rng())
            .sort((x, y) => x - y)
            .map((t) => from + t * length)
        : poissonArrivals(() => perHour, 1, rng).map((t) => from + (t * length) / HOUR);
      const service = randomExponential.source(rng)(1 / mean);
      for (const t of times) visits.push({ id: `${visits.length}`, arrival: t, steps: [{ serviceId, serviceSec: service() }] });
    }
  }
  return visits.sort((x, y) => x.arrival - y.arrival);
}

/**
 * Adds counters until every procedure with arrivals has one, and there are as many as one pooled queue of all the
 * hour's residents would need (Erlang C): a floor, since real counters take only some procedures, which saves
 * the simulation many tries of adding one counter at a time. Returns that pooled need.
 */
function fillToFloor(
  open: Set<string>,
  rate: Map<string, number>,
  a: StaffingAssumptions,
  counters: SimCounter[],
  heldSec: (serviceId: string) => number,
): number {
  const perHour = [...rate].filter(([s, n]) => n > 0 && a.meanServiceSec.has(s));
  const arrivals = perHour.reduce((x, [, n]) => x + n, 0);
  if (arrivals === 0) return 0;
  const load = new Map(perHour.map(([s, n]) => [s, (n * heldSec(s)) / HOUR]));
  const need = countersNeeded({
    arrivalsPerHour: arrivals,
    meanServiceSec: perHour.reduce((x, [s, n]) => x + n * heldSec(s), 0) / arrivals,
    targetSec: perHour.reduce((x, [s, n]) => x + n * a.targetSec(s), 0) / arrivals,
    targetShare: a.targetShare,
  }).counters;
  const uncovered = new Set(perHour.map(([s]) => s).filter((s) => ![...open].some((id) => counters.find((c) => c.id === id)!.services.includes(s))));
  const gain = (c: SimCounter) => c.services.reduce((sum, s) => sum + (uncovered.size && !uncovered.has(s) ? 0 : (load.get(s) ?? 0)), 0);
  while (uncovered.size > 0 || open.size < need) {
    const byGain = (x: SimCounter, y: SimCounter) => gain(y) - gain(x);
    let best = counters.filter((c) => !open.has(c.id)).sort(byGain)[0];
    if (!best) best = addCounterLike([...a.config.counters].sort(byGain)[0]!, counters, a);
    open.add(best.id);
    for (const s of best.services) uncovered.delete(s);
  }
  return need;
}

/**
 * The counters to give back, in order, down to `floor`: temporary ones first, then the latest opened, each while
 * the rest still cover every procedure with arrivals.
 */
function spareCounters(open: Set<string>, floor: number, rate: Map<string, number>, byId: (id: string) => SimCounter): string[] {
  const needed = [...rate].filter(([, n]) => n > 0).map(([s]) => s);
  const left = [...open];
  const out: string[] = [];
  while (left.length > floor) {
    const spare = left.filter((id) => needed.every((s) => left.some((o) => o !== id && byId(o).services.includes(s))));
    const next = spare.find((id) => id.includes('+')) ?? spare.at(-1);
    if (next === undefined) break;
    out.push(next);
    left.splice(left.indexOf(next), 1);
  }
  return out;
}

/** A temporary counter set up like `like`, named after it ("3+2": the second extra counter). */
function addCounterLike(like: SimCounter, counters: SimCounter[], a: StaffingAssumptions): SimCounter {
  const extra = { id: `${like.id.split('+')[0]}+${counters.length - a.config.counters.length + 1}`, services: like.services };
  counters.push(extra);
  return extra;
}

/**
 * The state of a simulated day at `at`: who is still waiting (as visits that came when they joined), and until
 * when busy counters are busy. The forecast's visits have one step each, so nobody serving holds a next step.
 */
interface Carried {
  at: number;
  waiting: SimVisit[];
  busyUntil: Map<string, number>;
}

function carriedInto(at: number, results: SimStepResult[], byId: Map<string, SimVisit>): Carried {
  const waiting: SimVisit[] = [];
  const busyUntil = new Map<string, number>();
  for (const r of results) {
    if (r.enteredAt < at && (r.calledAt === null || r.calledAt >= at)) {
      const v = byId.get(r.visitId)!;
      waiting.push(r.stepIndex === 0 ? v : { ...v, arrival: r.enteredAt, steps: v.steps.slice(r.stepIndex) });
    } else if (r.calledAt !== null && r.calledAt < at && r.endedAt! > at) {
      busyUntil.set(r.counterId!, r.endedAt!);
    }
  }
  return { at, waiting, busyUntil };
}

/**
 * The day under `plan`, or only from the hour `since` on, with counters busy until `busyUntil` (from a Carried
 * state; the visits then include those still waiting at that hour).
 */
function simulate(
  visits: SimVisit[],
  plan: Plan,
  counters: SimCounter[],
  a: StaffingAssumptions,
  since = -Infinity,
  busyUntil?: Map<string, number>,
): SimStepResult[] {
  const hours = [...plan.keys()].filter((h) => h >= since).sort((x, y) => x - y);
  const last = hours.at(-1)!;
  // One period per stretch of consecutive hours a counter is open: the simulation checks them at every event.
  const periods: OpenPeriod[] = [];
  const openSince = new Map<string, number>();
  for (const [i, hour] of hours.entries()) {
    for (const counterId of plan.get(hour)!) if (!openSince.has(counterId)) openSince.set(counterId, hourStart(hour, a));
    const next = hours[i + 1];
    for (const [counterId, from] of openSince) {
      if (next !== undefined && plan.get(next)!.has(counterId)) continue;
      // Counters open in the last hour stay until everyone holding a number has been called.
      periods.push({ counterId, from, to: hour === last ? a.hoursOpen * HOUR + 4 * HOUR : hourStart(hour + 1, a) });
      openSince.delete(counterId);
    }
  }
  const free = periods.flatMap((p) => {
    const from = Math.max(p.from, busyUntil?.get(p.counterId) ?? -Infinity);
    return from < p.to ? [{ ...p, from }] : [];
  });
  return simulateDay(visits, counters, free, { walkSec: a.walkSec }).steps;
}

/** Called-within-target counts per hour (of joining) and procedure, over the replications. */
function tally(results: SimStepResult[][], a: StaffingAssumptions): Map<number, Map<string, { met: number; total: number }>> {
  const byHour = new Map<number, Map<string, { met: number; total: number }>>();
  for (const day of results) {
    for (const s of day) {
      const hour = hourOfSim(s.enteredAt, a);
      let services = byHour.get(hour);
      if (!services) byHour.set(hour, (services = new Map()));
      let c = services.get(s.serviceId);
      if (!c) services.set(s.serviceId, (c = { met: 0, total: 0 }));
      c.total += 1;
      if (s.waitSec !== null && s.waitSec <= a.targetSec(s.serviceId)) c.met += 1;
    }
  }
  return byHour;
}

/** Share called within target among the steps that joined in `hour`. */
function levelOf(counts: ReturnType<typeof tally>, hour: number): number | null {
  let met = 0;
  let total = 0;
  for (const c of counts.get(hour)?.values() ?? []) {
    met += c.met;
    total += c.total;
  }
  return total ? met / total : null;
}

/** Each hour's procedure furthest below the target, with its share, if any is below (and, `byHour`, the hour too). */
function shortfalls(results: SimStepResult[][], hours: number[], a: StaffingAssumptions, tolerance = 0, byHour = false): [number, string, number][] {
  const counts = tally(results, a);
  const out: [number, string, number][] = [];
  for (const hour of hours) {
    if (byHour && (levelOf(counts, hour) ?? 1) >= a.targetShare - tolerance) continue;
    const worst = [...(counts.get(hour) ?? [])]
      .filter(([, c]) => c.total >= MIN_ARRIVALS * results.length && c.met / c.total < a.targetShare - tolerance)
      .sort(([, x], [, y]) => x.met / x.total - y.met / y.total)[0];
    if (worst) out.push([hour, worst[0], worst[1].met / worst[1].total]);
  }
  return out;
}

function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 2 ** 32;
}
