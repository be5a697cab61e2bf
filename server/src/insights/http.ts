import { stringify } from 'csv-stringify';
import express from 'express';
import type { Logger } from 'pino';
import { authorize } from '../access/authenticate.js';
import type { AccessStore } from '../access/store.js';
import { parseInput } from '../web/calls.js';
import { files, JunbanError, type ServiceStats } from '@junban/protocol';
import { EventLog } from '../event-log/event-log.js';
import type { Db } from '../storage/database.js';
import type { Insights } from './insights.js';
import { durationCells as durations, minutesCell as minutes, shareCell as share } from './csv-cells.js';

/**
 * CSV exports for a spreadsheet or the city's own statistics: the aggregates per period and procedure, and the raw
 * event log (numbers, procedures, counters and times; it holds no personal data). Not in the API table because
 * they answer CSV; they check the same permission (stats:read).
 */
export function insightsExports(deps: { access: AccessStore; insights: Insights; db: Db; log: Logger }) {
  const router = express.Router();
  const events = new EventLog(deps.db);
  const fail = (res: express.Response, err: unknown) => {
    const e = err instanceof JunbanError ? err : new JunbanError('server/internal', 'The export failed.');
    if (!(err instanceof JunbanError)) deps.log.error({ err }, 'export failed');
    if (!res.headersSent) res.status(e.status).json({ error: e.toBody() });
    else res.destroy();
  };

  router.get(files.aggregatesCsv.path, (req, res) => {
    try {
      authorize(deps.access, req.headers, files.aggregatesCsv.permission);
      const { from, to, by, services } = parseInput(files.aggregatesCsv.input, req.query);
      const rows = deps.insights.aggregateRows({ from, to, by, services });
      res.type('text/csv; charset=utf-8').attachment(`junban-${by}-${from}-${to}.csv`);
      // A byte-order mark, so Excel opens the Japanese headers as UTF-8.
      res.write('\ufeff');
      const csv = stringify({ header: true, columns: AGGREGATE_COLUMNS });
      csv.pipe(res);
      for (const r of rows) csv.write(aggregateRecord(r.period, r.stats));
      csv.end();
    } catch (err) {
      fail(res, err);
    }
  });

  router.get(files.eventsCsv.path, (req, res) => {
    try {
      authorize(deps.access, req.headers, files.eventsCsv.permission);
      const { from, to } = parseInput(files.eventsCsv.input, req.query);
      res.type('text/csv; charset=utf-8').attachment(`junban-events-${from}-${to}.csv`);
      res.write('\ufeff');
      const csv = stringify({
        header: true,
        columns: ['seq', 'at', 'business_date', 'type', 'visit_id', 'number', 'step_id', 'service_id', 'counter_id', 'actor', 'data'],
      });
      csv.pipe(res);
      // Years of events do not fit in memory: stream them, pausing while the client catches up.
      const rows = events.iterate({ from, to });
      const pump = () => {
        for (let next = rows.next(); !next.done; next = rows.next()) {
          const e = next.value;
          const r = [
            e.seq,
            new Date(e.at).toISOString(),
            e.businessDate,
            e.type,
            e.visitId,
            e.number,
            e.stepId,
            e.serviceId,
            e.counterId,
            e.actor,
            'data' in e && e.data ? JSON.stringify(e.data) : undefined,
          ];
          if (!csv.write(r)) {
            csv.once('drain', pump);
            return;
          }
        }
        csv.end();
      };
      res.on('close', () => rows.return());
      pump();
    } catch (err) {
      fail(res, err);
    }
  });
  return router;
}

const AGGREGATE_COLUMNS = [
  'period',
  'service_id',
  'arrivals',
  'served',
  'no_shows',
  'cancelled',
  'expired',
  'no_show_rate',
  'wait_mean_min',
  'wait_median_min',
  'wait_p90_min',
  'wait_max_min',
  'walk_mean_min',
  'walk_median_min',
  'walk_p90_min',
  'walk_max_min',
  'service_mean_min',
  'service_median_min',
  'service_p90_min',
  'service_max_min',
  'sla_target_min',
  'sla_met',
  'sla_total',
  'sla_share',
  'estimates',
  'estimate_mean_error_min',
  'estimate_mean_abs_error_min',
  'estimate_within_5min',
];

function aggregateRecord(period: string, s: ServiceStats) {
  return {
    period,
    service_id: s.serviceId,
    arrivals: s.arrivals,
    served: s.served,
    no_shows: s.noShows,
    cancelled: s.cancelled,
    expired: s.expired,
    no_show_rate: share(s.noShowRate),
    ...durations('wait', s.wait),
    ...durations('walk', s.walk),
    ...durations('service', s.service),
    sla_target_min: minutes(s.serviceLevel.targetSec),
    sla_met: s.serviceLevel.met,
    sla_total: s.serviceLevel.total,
    sla_share: share(s.serviceLevel.share),
    estimates: s.estimate.count,
    estimate_mean_error_min: minutes(s.estimate.meanErrorSec),
    estimate_mean_abs_error_min: minutes(s.estimate.meanAbsErrorSec),
    estimate_within_5min: share(s.estimate.withinFiveMinutes),
  };
}
