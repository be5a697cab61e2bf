/**
 * The history views, wired: their slice of the city's API table, and the monthly report as CSV (not in the table
 * because it answers a file; it checks the same permission, city:read).
 */
import { stringify } from 'csv-stringify';
import express from 'express';
import type { Logger } from 'pino';
import { cityFiles, type LocalizedText, type ServiceStats } from '@junban/protocol';
import { durationCells, minutesCell, shareCell } from '@junban/server/insights';
import { assertAllowed, authenticate } from '../access/authenticate.js';
import type { CityAccess } from '../access/store.js';
import type { Db } from '../db/engine.js';
import { parseInput, type HandlerSlice } from '../web/calls.js';
import { sendError } from '../web/errors.js';
import type { HistoryViews } from './views.js';

export function historyHandlers(deps: { views: HistoryViews }): HandlerSlice {
  const { views } = deps;
  return {
    cityHistory: (range) => views.city(range),
    officeHistory: ({ officeId, ...range }) => views.office(officeId, range),
    monthlyReport: ({ month }) => views.monthly(month),
  };
}

/** The CSV files, mounted under /api/v1 beside the table's routes. */
export function historyFiles(deps: { views: HistoryViews; access: CityAccess; db: Db; log: Logger }) {
  const router = express.Router();
  const route = cityFiles.monthlyReportCsv;
  router.get(route.path, async (req, res) => {
    try {
      assertAllowed(await authenticate(deps.access, req.headers.cookie), route.permission);
      const { month } = parseInput(route.input, req.query) as { month: string };
      const report = await deps.views.monthly(month);
      const names = await serviceNames(deps.db);
      res.type('text/csv; charset=utf-8').attachment(`junban-city-monthly-${month}.csv`);
      // A byte-order mark, so Excel opens the Japanese names as UTF-8 (as the office's exports do).
      res.write('\ufeff');
      const csv = stringify({ header: true, columns: MONTHLY_COLUMNS });
      csv.pipe(res);
      for (const office of report.offices) {
        for (const s of office.services) {
          csv.write(monthlyRecord(month, office.officeId, office.name, names.get(`${office.officeId}\u0000${s.serviceId}`), s));
        }
      }
      csv.end();
    } catch (err) {
      if (!res.headersSent) sendError(res, err, deps.log);
      else res.destroy();
    }
  });
  return router;
}

/** Each office's procedure names in its latest setup. */
async function serviceNames(db: Db): Promise<Map<string, LocalizedText>> {
  const rows = await db.query<{ office_id: string; service_id: string; name: LocalizedText }>(
    `SELECT o.id AS office_id, s->>'id' AS service_id, s->'name' AS name
     FROM offices o, jsonb_array_elements(o.config->'services') s WHERE o.config IS NOT NULL`,
  );
  return new Map(rows.map((r) => [`${r.office_id}\u0000${r.service_id}`, r.name]));
}

const MONTHLY_COLUMNS = [
  'month',
  'office_id',
  'office_name',
  'service_id',
  'service_name',
  'arrivals',
  'served',
  'no_shows',
  'no_show_rate',
  'wait_mean_min',
  'wait_median_min',
  'wait_p90_min',
  'wait_max_min',
  'sla_target_min',
  'sla_met',
  'sla_total',
  'sla_share',
  'estimates',
  'estimate_mean_error_min',
  'estimate_mean_abs_error_min',
  'estimate_within_5min',
];

function monthlyRecord(month: string, officeId: string, officeName: LocalizedText, serviceName: LocalizedText | undefined, s: ServiceStats) {
  return {
    month,
    office_id: officeId,
    office_name: officeName.ja,
    service_id: s.serviceId,
    service_name: serviceName?.ja ?? '',
    arrivals: s.arrivals,
    served: s.served,
    no_shows: s.noShows,
    no_show_rate: shareCell(s.noShowRate),
    ...durationCells('wait', s.wait),
    sla_target_min: minutesCell(s.serviceLevel.targetSec),
    sla_met: s.serviceLevel.met,
    sla_total: s.serviceLevel.total,
    sla_share: shareCell(s.serviceLevel.share),
    estimates: s.estimate.count,
    estimate_mean_error_min: minutesCell(s.estimate.meanErrorSec),
    estimate_mean_abs_error_min: minutesCell(s.estimate.meanAbsErrorSec),
    estimate_within_5min: shareCell(s.estimate.withinFiveMinutes),
  };
}
