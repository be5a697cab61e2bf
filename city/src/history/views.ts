/**
 * The city's history views, read from the summaries the summarizer keeps, and worked out by the office's own code
 * (`servicesReport`, `servicesReportAcross`, `trend` from `@junban/server/insights`): a wait, a service level or an
 * estimate's accuracy means the same at the city as in the office.
 *
 * What a view reads: one office's view reads its day rows (three years: about 11,000 rows); a view across offices
 * reads a row per office, month and procedure for the months the range covers whole, and day rows only for the
 * months it cuts at either end.
 */
import {
  JunbanError,
  type CityFigures,
  type CityHistory,
  type HistoryRange,
  type LocalizedText,
  type MonthlyReport,
  type OfficeConfig,
  type OfficeFigures,
  type OfficeHistory,
} from '@junban/protocol';
import { servicesReport, servicesReportAcross, trend, type ServiceDayRow } from '@junban/server/insights';
import type { Db, Queryable } from '../db/engine.js';

const SERVICE_COLUMNS = 'arrivals, served, no_shows, cancelled, expired, wait, walk, service, lost, est_n, est_err_sum, est_abs_err_sum, est_within';

interface OfficeRow {
  id: string;
  name: LocalizedText;
  config: OfficeConfig | null;
}

/** The last day of a month ("2026-02" → "2026-02-28"). */
export function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 7);
};

/**
 * How a range is read: the calendar years it covers whole (from year rows), the other months it covers whole (from
 * month rows), and the day ranges of the months it cuts (from day rows).
 */
export function splitRange(from: string, to: string): { years: string[]; months: string[]; dayRanges: [string, string][] } {
  const whole: string[] = [];
  const dayRanges: [string, string][] = [];
  for (let month = from.slice(0, 7); month <= to.slice(0, 7); month = nextMonth(month)) {
    const start = `${month}-01` < from ? from : `${month}-01`;
    const end = monthEnd(month) > to ? to : monthEnd(month);
    if (start === `${month}-01` && end === monthEnd(month)) whole.push(month);
    else dayRanges.push([start, end]);
  }
  const years = [...new Set(whole.map((m) => m.slice(0, 4)))].filter((y) => whole.includes(`${y}-01`) && whole.includes(`${y}-12`));
  return { years, months: whole.filter((m) => !years.includes(m.slice(0, 4))), dayRanges };
}

export class HistoryViews {
  constructor(private readonly db: Db) {}

  /** One office over a range: exactly what its manager sees for the same range, and its months. */
  async office(officeId: string, { from, to, services }: HistoryRange): Promise<OfficeHistory> {
    const [office] = await this.db.query<OfficeRow>('SELECT id, name, config FROM offices WHERE id = $1', [officeId]);
    if (!office) throw new JunbanError('city/unknown_office', `There is no office ${officeId}.`);
    const rows = await this.db.query<ServiceDayRow>(
      `SELECT business_date, service_id, weekday, ${SERVICE_COLUMNS} FROM history_service_days
       WHERE office_id = $1 AND business_date BETWEEN $2 AND $3 ORDER BY business_date, service_id`,
      [officeId, from, to],
    );
    // An office that never sent its setup has nothing summed: no rows, so no figures.
    if (!office.config) return { officeId, name: office.name, from, to, ...servicesReportAcross([], services).all, months: [] };
    return {
      officeId,
      name: office.name,
      from,
      to,
      ...servicesReport(rows, office.config, services),
      months: trend(rows, office.config, 'month', services),
    };
  }

  /** Every office over a range, and the city. */
  async city({ from, to, services }: HistoryRange): Promise<CityHistory> {
    return { from, to, ...(await this.across(from, to, services)) };
  }

  /** The monthly monitoring report: every office and the city, over one calendar month. */
  async monthly(month: string): Promise<MonthlyReport> {
    const from = `${month}-01`;
    const to = monthEnd(month);
    return { month, from, to, ...(await this.across(from, to, [])) };
  }

  /**
   * Every office and the city over a range. Its reads share one snapshot, so a day summed again meanwhile is counted
   * either as it was or as it is, in its day, month and year rows alike.
   */
  private across(from: string, to: string, services: readonly string[]): Promise<{ offices: OfficeFigures[]; city: CityFigures }> {
    return this.db.transaction(async (tx) => {
      await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      return this.read(tx, from, to, services);
    });
  }

  private async read(tx: Queryable, from: string, to: string, services: readonly string[]): Promise<{ offices: OfficeFigures[]; city: CityFigures }> {
    const offices = await tx.query<OfficeRow>('SELECT id, name, config FROM offices WHERE config IS NOT NULL ORDER BY id');
    const { years, months, dayRanges } = splitRange(from, to);
    const wanted = (serviceId: string) => services.length === 0 || services.includes(serviceId);
    const rowsOf = new Map<string, ServiceDayRow[]>(offices.map((o) => [o.id, []]));
    // Days with any arrival of the procedures counted (the office's `days`), per office and across the city: from the
    // months' day masks, and the edge days' rows.
    const daysOf = new Map<string | null, { masks: Map<string, number>; dates: Set<string> }>();
    const countDay = (officeId: string | null, month: string, mask: number, date?: string) => {
      let d = daysOf.get(officeId);
      if (!d) daysOf.set(officeId, (d = { masks: new Map(), dates: new Set() }));
      if (date) d.dates.add(date);
      else d.masks.set(month, (d.masks.get(month) ?? 0) | mask);
    };
    const countMasks = (rows: readonly { office_id: string; month: string; service_id: string; day_mask: number }[]) => {
      for (const r of rows) {
        if (!wanted(r.service_id) || !rowsOf.has(r.office_id)) continue;
        countDay(r.office_id, r.month, r.day_mask);
        countDay(null, r.month, r.day_mask);
      }
    };
    if (years.length) {
      // A year row counts as the year's first day; its days come from its months' day masks.
      const rows = await tx.query<ServiceDayRow & { office_id: string }>(
        `SELECT office_id, year || '-01-01' AS business_date, service_id, 0 AS weekday, ${SERVICE_COLUMNS}
         FROM history_service_years WHERE year = ANY($1::text[])`,
        [years],
      );
      for (const r of rows) rowsOf.get(r.office_id)?.push(r);
      countMasks(
        await tx.query<{ office_id: string; month: string; service_id: string; day_mask: number }>(
          'SELECT office_id, month, service_id, day_mask FROM history_service_months WHERE month = ANY($1::text[])',
          [years.flatMap((y) => Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, '0')}`))],
        ),
      );
    }
    if (months.length) {
      // A month row counts as the month's first day; its days come from its day mask.
      const rows = await tx.query<ServiceDayRow & { office_id: string; month: string; day_mask: number }>(
        `SELECT office_id, month, month || '-01' AS business_date, service_id, 0 AS weekday, ${SERVICE_COLUMNS}, day_mask
         FROM history_service_months WHERE month = ANY($1::text[])`,
        [months],
      );
      for (const r of rows) rowsOf.get(r.office_id)?.push(r);
      countMasks(rows);
    }
    for (const [start, end] of dayRanges) {
      const rows = await tx.query<ServiceDayRow & { office_id: string }>(
        `SELECT office_id, business_date, service_id, weekday, ${SERVICE_COLUMNS}
         FROM history_service_days WHERE business_date BETWEEN $1 AND $2`,
        [start, end],
      );
      for (const r of rows) {
        rowsOf.get(r.office_id)?.push(r);
        if (!wanted(r.service_id) || !rowsOf.has(r.office_id) || r.arrivals <= 0) continue;
        countDay(r.office_id, '', 0, r.business_date);
        countDay(null, '', 0, r.business_date);
      }
    }
    const days = (officeId: string | null) => {
      const d = daysOf.get(officeId);
      return d ? d.dates.size + [...d.masks.values()].reduce((n, mask) => n + bitCount(mask), 0) : 0;
    };
    const figures = servicesReportAcross(
      offices.map((o) => ({ rows: rowsOf.get(o.id)!, config: o.config! })),
      services,
    );
    return {
      offices: offices.map((office, i) => ({ officeId: office.id, name: office.name, ...figures.offices[i]!, days: days(office.id) })),
      city: { ...figures.all, days: days(null) },
    };
  }
}

/** How many bits are set. */
function bitCount(mask: number): number {
  let n = 0;
  for (let m = mask >>> 0; m; m &= m - 1) n++;
  return n;
}
