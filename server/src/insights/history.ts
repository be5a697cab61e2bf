/**
 * The history views, merged from day summaries: by procedure, by counter, weekday x hour, and by month or day.
 * Service levels are worked out here, at query time, from the wait histograms, so they follow each procedure's
 * current target.
 */
import type { CounterStats, EstimateAccuracy, HeatmapCell, OfficeConfig, PeriodStats, ServiceLevel, ServiceStats } from '@junban/protocol';
import { Histogram } from './histogram.js';
import type { CounterDayRow, ServiceDayRow } from './store.js';

class ServiceSums {
  arrivals = 0;
  served = 0;
  noShows = 0;
  cancelled = 0;
  expired = 0;
  wait = new Histogram();
  walk = new Histogram();
  service = new Histogram();
  estimate = { n: 0, errSum: 0, absErrSum: 0, within: 0 };
  level = { met: 0, total: 0 };

  add(r: ServiceDayRow, targetSec: number | null, parts: { durations: boolean }): void {
    this.arrivals += r.arrivals;
    this.served += r.served;
    this.noShows += r.no_shows;
    this.cancelled += r.cancelled;
    this.expired += r.expired;
    this.wait.mergeBuffer(r.wait);
    if (parts.durations) {
      this.walk.mergeBuffer(r.walk);
      this.service.mergeBuffer(r.service);
    }
    this.estimate.n += r.est_n;
    this.estimate.errSum += r.est_err_sum;
    this.estimate.absErrSum += r.est_abs_err_sum;
    this.estimate.within += r.est_within;
    if (targetSec !== null) {
      const wait = Histogram.countsIn(r.wait, targetSec);
      const lost = Histogram.countsIn(r.lost, targetSec);
      this.level.met += wait.atMost;
      this.level.total += wait.count + lost.count - lost.atMost;
    }
  }

  /** Adds another procedure's sums: the office's total without reading every row twice. */
  mergeSums(o: ServiceSums): void {
    this.arrivals += o.arrivals;
    this.served += o.served;
    this.noShows += o.noShows;
    this.cancelled += o.cancelled;
    this.expired += o.expired;
    this.wait.merge(o.wait);
    this.walk.merge(o.walk);
    this.service.merge(o.service);
    for (const k of ['n', 'errSum', 'absErrSum', 'within'] as const) this.estimate[k] += o.estimate[k];
    this.level.met += o.level.met;
    this.level.total += o.level.total;
  }

  serviceLevel(targetSec: number | null): ServiceLevel {
    return { targetSec, met: this.level.met, total: this.level.total, share: this.level.total ? this.level.met / this.level.total : null };
  }

  accuracy(): EstimateAccuracy {
    const { n, errSum, absErrSum, within } = this.estimate;
    return {
      count: n,
      meanErrorSec: n ? Math.round(errSum / n) : null,
      meanAbsErrorSec: n ? Math.round(absErrSum / n) : null,
      withinFiveMinutes: n ? within / n : null,
    };
  }

  noShowRate(): number | null {
    return this.wait.count ? this.noShows / this.wait.count : null;
  }

  stats(targetSec: number | null): Omit<ServiceStats, 'serviceId'> {
    return {
      arrivals: this.arrivals,
      served: this.served,
      noShows: this.noShows,
      cancelled: this.cancelled,
      expired: this.expired,
      noShowRate: this.noShowRate(),
      wait: this.wait.durations(),
      walk: this.walk.durations(),
      service: this.service.durations(),
      serviceLevel: this.serviceLevel(targetSec),
      estimate: this.accuracy(),
    };
  }
}

export const targetSecOf = (config: OfficeConfig) => {
  const targets = new Map(config.services.map((s) => [s.id, s.slaMinutes ? s.slaMinutes * 60 : null]));
  return (serviceId: string) => targets.get(serviceId) ?? null;
};

const keep = (services: readonly string[]) => (id: string) => services.length === 0 || services.includes(id);

/** One office's rows (or several offices' merged) summed per procedure, with the targets they were counted against. */
interface Summed {
  by: Map<string, ServiceSums>;
  targets: Map<string, Set<number | null>>;
  days: Set<string>;
  order: Map<string, number>;
}

function sumRows(rows: readonly ServiceDayRow[], config: OfficeConfig, services: readonly string[]): Summed {
  const targetOf = targetSecOf(config);
  const wanted = keep(services);
  const summed: Summed = { by: new Map(), targets: new Map(), days: new Set(), order: new Map(config.services.map((s, i) => [s.id, i])) };
  for (const r of rows) {
    if (!wanted(r.service_id)) continue;
    let s = summed.by.get(r.service_id);
    if (!s) summed.by.set(r.service_id, (s = new ServiceSums()));
    s.add(r, targetOf(r.service_id), { durations: true });
    if (r.arrivals > 0) summed.days.add(r.business_date);
  }
  for (const id of summed.by.keys()) summed.targets.set(id, new Set([targetOf(id)]));
  return summed;
}

function report({ by, targets, days, order }: Summed) {
  const total = new ServiceSums();
  for (const s of by.values()) total.mergeSums(s);
  const ids = [...by.keys()].sort((a, b) => (order.get(a) ?? 1e9) - (order.get(b) ?? 1e9) || a.localeCompare(b));
  // A procedure's target where every office counted against the same one; null where they differ.
  const targetOf = (id: string) => {
    const t = targets.get(id)!;
    return t.size === 1 ? [...t][0]! : null;
  };
  // Across procedures the targets differ: the total's level sums each procedure's met and counted steps.
  return { days: days.size, total: total.stats(null), services: ids.map((id): ServiceStats => ({ serviceId: id, ...by.get(id)!.stats(targetOf(id)) })) };
}

/** Per procedure, in the office's order (procedures no longer configured last), and all of them together. */
export function servicesReport(rows: readonly ServiceDayRow[], config: OfficeConfig, services: readonly string[] = []) {
  return report(sumRows(rows, config, services));
}

/**
 * The same figures for several offices (the city's views), each office's rows counted against its own targets, and
 * for all of them together: per procedure across the offices (in the first office's order), and in total. A
 * procedure's reported target is the offices' common one, or null where they differ (its level still counts each
 * office's met and counted steps against that office's target).
 */
export function servicesReportAcross(parts: readonly { rows: readonly ServiceDayRow[]; config: OfficeConfig }[], services: readonly string[] = []) {
  const each = parts.map((p) => sumRows(p.rows, p.config, services));
  const all: Summed = { by: new Map(), targets: new Map(), days: new Set(), order: new Map() };
  for (const summed of each) {
    for (const [id, s] of summed.by) {
      let sums = all.by.get(id);
      if (!sums) all.by.set(id, (sums = new ServiceSums()));
      sums.mergeSums(s);
      let t = all.targets.get(id);
      if (!t) all.targets.set(id, (t = new Set()));
      for (const target of summed.targets.get(id)!) t.add(target);
    }
    for (const d of summed.days) all.days.add(d);
    for (const id of [...summed.order.keys()]) if (!all.order.has(id)) all.order.set(id, all.order.size);
  }
  return { offices: each.map(report), all: report(all) };
}

export function countersReport(rows: readonly CounterDayRow[], config: OfficeConfig): CounterStats[] {
  const by = new Map<string, CounterStats & { walkH: Histogram; serviceH: Histogram }>();
  for (const r of rows) {
    let c = by.get(r.counter_id);
    if (!c) {
      c = {
        counterId: r.counter_id,
        calls: 0,
        served: 0,
        noShows: 0,
        openSec: 0,
        busySec: 0,
        idleWhileWaitingSec: 0,
        utilisation: null,
        walk: new Histogram().durations(),
        service: new Histogram().durations(),
        walkH: new Histogram(),
        serviceH: new Histogram(),
      };
      by.set(r.counter_id, c);
    }
    c.calls += r.calls;
    c.served += r.served;
    c.noShows += r.no_shows;
    c.openSec += r.open_sec;
    c.busySec += r.busy_sec;
    c.idleWhileWaitingSec += r.idle_waiting_sec;
    c.walkH.mergeBuffer(r.walk);
    c.serviceH.mergeBuffer(r.service);
  }
  const order = new Map(config.counters.map((c, i) => [c.id, i]));
  return [...by.values()]
    .sort((a, b) => (order.get(a.counterId) ?? 1e9) - (order.get(b.counterId) ?? 1e9) || a.counterId.localeCompare(b.counterId))
    .map(({ walkH, serviceH, ...c }) => ({
      ...c,
      openSec: Math.round(c.openSec),
      busySec: Math.round(c.busySec),
      idleWhileWaitingSec: Math.round(c.idleWhileWaitingSec),
      walk: walkH.durations(),
      service: serviceH.durations(),
      utilisation: c.openSec ? Math.min(1, c.busySec / c.openSec) : null,
    }));
}

export function heatmap(
  sums: readonly { weekday: number; hour: number; arrivals: number; wait_sum: number; wait_n: number }[],
  openDays: readonly { weekday: number }[],
): HeatmapCell[] {
  const daysOf = new Map<number, number>();
  for (const d of openDays) daysOf.set(d.weekday, (daysOf.get(d.weekday) ?? 0) + 1);
  return sums
    .map((s) => {
      const days = daysOf.get(s.weekday) ?? 0;
      return {
        weekday: s.weekday,
        hour: s.hour,
        days,
        arrivalsPerDay: days ? s.arrivals / days : 0,
        meanWaitSec: s.wait_n ? Math.round(s.wait_sum / s.wait_n) : null,
      };
    })
    .sort((a, b) => a.weekday - b.weekday || a.hour - b.hour);
}

/** By month ("2026-03") or by day: how busy, how long the waits, how well the targets were met. */
export function trend(rows: readonly ServiceDayRow[], config: OfficeConfig, by: 'month' | 'day', services: readonly string[] = []): PeriodStats[] {
  const targetOf = targetSecOf(config);
  const wanted = keep(services);
  const periods = new Map<string, { sums: ServiceSums; days: Set<string> }>();
  for (const r of rows) {
    if (!wanted(r.service_id)) continue;
    const key = by === 'month' ? r.business_date.slice(0, 7) : r.business_date;
    let p = periods.get(key);
    if (!p) periods.set(key, (p = { sums: new ServiceSums(), days: new Set() }));
    p.sums.add(r, targetOf(r.service_id), { durations: false });
    if (r.arrivals > 0) p.days.add(r.business_date);
  }
  return [...periods.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, { sums, days }]) => ({
      period,
      days: days.size,
      arrivals: sums.arrivals,
      arrivalsPerDay: days.size ? sums.arrivals / days.size : 0,
      wait: sums.wait.durations(),
      serviceLevel: sums.serviceLevel(null),
      noShowRate: sums.noShowRate(),
    }));
}
