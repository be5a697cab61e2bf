/**
 * How many counters each hour of future days needs. Two answers, side by side:
 * - Erlang C per procedure, as if each procedure had its own counters: the textbook figure, and an upper bound;
 * - a simulation of the whole day with the office's own counters, each taking the procedures it is set up for,
 *   with queues carried from one hour into the next: the figure to plan shifts with.
 */
import { group } from 'd3-array';
import { randomExponential } from 'd3-random';
import type { ForecastHour, OfficeConfig } from '../protocol/index.js';
import { countersNeeded } from './erlang.js';
import type { ForecastRow } from './forecast.js';
import { poissonArrivals, seededRandom, simulateDay, type OpenPeriod, type SimCounter, type SimStepResult, type SimVisit } from './simulation.js';

export interface StaffingAssumptions {
  config: OfficeConfig;
  /** Mean service time per procedure, from history. */
  meanServiceSec: ReadonlyMap<string, number>;
  targetSec: (serviceId: string) => number;
  targetShare: number;
  /** The local hour the office opens (8.5 for 08:30) and how many hours it is open. */
  openHour: number;
  hoursOpen: number;
}

/** Days simulated per plan tried: enough to steady the figures, few enough to answer within a request. */
const REPLICATIONS = 2;
/** An hour needs this many arrivals of a procedure before its service level decides anything. */
const MIN_ARRIVALS = 3;
const HOUR = 3600;
/** Rounds of adding a counter to each hour still short: a day needing more is beyond planning by the hour. */
const MAX_ROUNDS = 30;
const TRIM_ROUNDS = 2;
/** An hour this far above the target share has a counter to spare, probably. */
const TRIM_MARGIN = 0.1;

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

  const erlangOf = (hour: number) => {
    const out: Record<string, number> = {};
    for (const [serviceId, perHour] of rate.get(hour)!) {
      const mean = a.meanServiceSec.get(serviceId);
      if (!mean || perHour <= 0) continue;
      out[serviceId] = countersNeeded({ arrivalsPerHour: perHour, meanServiceSec: mean, targetSec: a.targetSec(serviceId), targetShare: a.targetShare }).counters;
    }
    return out;
  };

  const days = Array.from({ length: REPLICATIONS }, (_, i) => sampleDay(date, i, rate, a));
  // When every counter taking a procedure is open and it still falls short, the plan adds temporary counters set
  // up like one that takes it (what offices do in March): the answer is how many are needed, not how many exist.
  const counters: SimCounter[] = a.config.counters.map((c) => ({ id: c.id, services: c.services }));
  const plan = initialPlan(hours, rate, a, counters);
  // The search decides on one simulated day; the figures reported come from all of them.
  const [searchDay] = days as [SimVisit[]];
  let results = [simulate(searchDay, plan, counters, a)];
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const short = shortfalls(results, hours, a);
    for (const [hour, serviceId, share] of short) {
      // As many as Erlang C says the procedure lacks (counters taking it, against its dedicated need), at least
      // one, at most three: each round costs a simulation of the whole day, and big steps overshoot.
      const taking = [...plan.get(hour)!].filter((id) => counters.find((c) => c.id === id)!.services.includes(serviceId)).length;
      const lacking = (erlangOf(hour)[serviceId] ?? 0) - taking;
      for (let k = 0; k < Math.min(3, Math.max(1, lacking, share < a.targetShare / 2 ? 2 : 1)); k++) {
        const extra =
          counters.find((c) => c.services.includes(serviceId) && !plan.get(hour)!.has(c.id)) ??
          addCounterLike(counters.find((c) => c.services.includes(serviceId))!, counters, a);
        plan.get(hour)!.add(extra.id);
      }
    }
    if (short.length === 0) break;
    results = [simulate(searchDay, plan, counters, a)];
  }

  // Adding by the hour overshoots (a queue carried into the next hour makes both look short): take back one
  // counter from every hour well above the target, keep what still meets it, a few times over.
  for (let round = 0; round < TRIM_ROUNDS; round++) {
    const before = tally(results, a);
    const trimmed = hours.filter((h) => (levelOf(before, h) ?? 0) >= a.targetShare + TRIM_MARGIN && plan.get(h)!.size > 1);
    if (trimmed.length === 0) break;
    const removed = new Map(trimmed.map((h) => [h, [...plan.get(h)!].at(-1)!]));
    for (const [h, id] of removed) plan.get(h)!.delete(id);
    const tried = [simulate(searchDay, plan, counters, a)];
    const short = new Set(shortfalls(tried, hours, a).map(([h]) => h));
    for (const [h, id] of removed) if (short.has(h)) plan.get(h)!.add(id);
    results = short.size ? [simulate(searchDay, plan, counters, a)] : tried;
  }
  results = days.map((visits) => simulate(visits, plan, counters, a));

  const counts = tally(results, a);
  return hours.map((hour) => {
    const erlang = erlangOf(hour);
    const level = levelOf(counts, hour);
    return {
      date, hour,
      arrivals: Object.fromEntries([...rate.get(hour)!].map(([s, n]) => [s, Math.round(n * 10) / 10])),
      erlang, erlangTotal: Object.values(erlang).reduce((x, y) => x + y, 0),
      simulated: plan.get(hour)!.size, simulatedServiceLevel: level,
    };
  });
}

/** Sim time 0 is opening; a local hour's arrivals fall in its part of the day. */
const hourStart = (hour: number, a: StaffingAssumptions) => Math.max(0, (hour - a.openHour) * HOUR);
const hourOfSim = (sec: number, a: StaffingAssumptions) => Math.floor(a.openHour + sec / HOUR);

function sampleDay(date: string, replication: number, rate: Map<number, Map<string, number>>, a: StaffingAssumptions): SimVisit[] {
  const rng = seededRandom(hash(`${date}:${replication}`));
  const visits: SimVisit[] = [];
  for (const [hour, services] of rate) {
    // The hour the office opens or closes in is only partly open: its arrivals come within that part.
    const from = hourStart(hour, a);
    const length = Math.min((hour + 1 - a.openHour) * HOUR, a.hoursOpen * HOUR) - from;
    for (const [serviceId, perHour] of services) {
      const mean = a.meanServiceSec.get(serviceId);
      if (!mean || length <= 0) continue;
      const times = poissonArrivals(() => perHour, 1, rng).map((t) => from + (t * length) / HOUR);
      const service = randomExponential.source(rng)(1 / mean);
      for (const t of times) visits.push({ id: `${visits.length}`, arrival: t, steps: [{ serviceId, serviceSec: service() }] });
    }
  }
  return visits.sort((x, y) => x.arrival - y.arrival);
}

/** Each hour starts with as many counters as its work fills, chosen to cover every procedure with arrivals. */
function initialPlan(hours: number[], rate: Map<number, Map<string, number>>, a: StaffingAssumptions, counters: SimCounter[]): Map<number, Set<string>> {
  const plan = new Map<number, Set<string>>();
  for (const hour of hours) {
    const load = new Map([...rate.get(hour)!].map(([s, n]) => [s, (n * (a.meanServiceSec.get(s) ?? 0)) / HOUR]));
    const open = new Set<string>();
    const uncovered = new Set([...load].filter(([, l]) => l > 0).map(([s]) => s));
    // As many as one pooled queue of all the hour's residents would need (Erlang C): a floor, since real counters
    // take only some procedures; starting there saves the simulation many rounds of adding one counter at a time.
    const perHour = [...rate.get(hour)!].filter(([s, n]) => n > 0 && a.meanServiceSec.has(s));
    const arrivals = perHour.reduce((x, [, n]) => x + n, 0);
    const need = arrivals
      ? countersNeeded({
          arrivalsPerHour: arrivals,
          meanServiceSec: perHour.reduce((x, [s, n]) => x + n * a.meanServiceSec.get(s)!, 0) / arrivals,
          targetSec: perHour.reduce((x, [s, n]) => x + n * a.targetSec(s), 0) / arrivals,
          targetShare: a.targetShare,
        }).counters
      : 0;
    const gain = (services: readonly string[], only?: Set<string>) => services.reduce((sum, s) => sum + (only && !only.has(s) ? 0 : load.get(s) ?? 0), 0);
    while (uncovered.size > 0 || open.size < need) {
      const byGain = (x: SimCounter, y: SimCounter) => gain(y.services, uncovered.size ? uncovered : undefined) - gain(x.services, uncovered.size ? uncovered : undefined);
      let best = counters.filter((c) => !open.has(c.id)).sort(byGain)[0];
      if (!best && open.size < need) best = addCounterLike([...a.config.counters].sort(byGain)[0]!, counters, a);
      if (!best) break;
      open.add(best.id);
      for (const s of best.services) uncovered.delete(s);
    }
    plan.set(hour, open);
  }
  return plan;
}

/** A temporary counter set up like `like`, named after it ("3+2": the second extra counter). */
function addCounterLike(like: SimCounter, counters: SimCounter[], a: StaffingAssumptions): SimCounter {
  const extra = { id: `${like.id.split('+')[0]}+${counters.length - a.config.counters.length + 1}`, services: like.services };
  counters.push(extra);
  return extra;
}

function simulate(visits: SimVisit[], plan: Map<number, Set<string>>, counters: SimCounter[], a: StaffingAssumptions): SimStepResult[] {
  const hours = [...plan.keys()].sort((x, y) => x - y);
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
  return simulateDay(visits, counters, periods, { walkSec: 30 }).steps;
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

/** Each hour's procedure furthest below the target, with its share, if any is below. */
function shortfalls(results: SimStepResult[][], hours: number[], a: StaffingAssumptions): [number, string, number][] {
  const counts = tally(results, a);
  const out: [number, string, number][] = [];
  for (const hour of hours) {
    const worst = [...(counts.get(hour) ?? [])]
      .filter(([, c]) => c.total >= MIN_ARRIVALS * results.length && c.met / c.total < a.targetShare)
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
