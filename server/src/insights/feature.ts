/**
 * The manager's figures, wired: their slice of the API table, their CSV exports, and their schedule (the figures
 * catch up with the event log and the forecast learns from the closed days, at start and whenever a day closes).
 */
import type { Logger } from 'pino';
import type { AccessStore } from '../access/store.js';
import type { Office, OfficeReader } from '../queue/office.js';
import type { Db } from '../storage/database.js';
import type { HandlerSlice } from '../web/calls.js';
import { bookingsReport } from '../bookings/insights.js';
import { insightsExports } from './http.js';
import type { Insights } from './insights.js';

export function insightsFeature(deps: {
  insights: Insights;
  office: Pick<OfficeReader, 'businessDate' | 'now'> & Pick<Office, 'onTick'>;
  access: AccessStore;
  db: Db;
  log: Logger;
}) {
  const { insights, office, log } = deps;
  // Run on the office's first tick (at start) and on the first tick of each new business day.
  let learntOn = '';
  office.onTick(() => {
    const today = office.businessDate();
    if (today === learntOn) return;
    learntOn = today;
    insights.prepare().catch((err: unknown) => log.error({ err }, 'summing up the event log failed'));
  });

  const handlers = {
    insightsServices: (range) => insights.services(range),
    insightsCounters: (range) => insights.counters(range),
    insightsHeatmap: (range) => insights.heatmap(range),
    insightsTrend: (range) => insights.trend(range),
    insightsToday: () => insights.today(),
    insightsBookings: ({ from, to, services }) => bookingsReport(deps.db, from, to, deps.office.now(), services),
    staffingForecast: (input) => insights.forecast(input),
    whatIf: (input) => insights.whatIf(input),
  } satisfies HandlerSlice;
  return { handlers, routes: insightsExports({ access: deps.access, insights, db: deps.db, log }) };
}
