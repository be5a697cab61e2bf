/** The insights endpoints: the event log and the managers' figures, and their CSV exports. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { CalendarDate, endpoint, fileRoute } from '../common/endpoint.js';
import {
  BookingsReport,
  CountersReport,
  ForecastInput,
  HeatmapReport,
  HistoryRange,
  ServicesReport,
  StaffingForecast,
  TodayReport,
  TrendReport,
  WhatIfInput,
  WhatIfResult,
} from './model.js';
import { insightsRoutes } from './routes.js';
import { LogEvent } from '../queue/model.js';

export const insightsApi = {
  listEvents: endpoint({
    ...insightsRoutes.listEvents,
    permission: 'stats:read',
    summary: 'The event log, oldest first, for statistics and export.',
    input: z.object({
      from: CalendarDate.optional(),
      to: CalendarDate.optional(),
      afterSeq: z.coerce.number().int().nonnegative().default(0),
      limit: z.coerce.number().int().min(1).max(10000).default(1000),
    }),
    output: z.array(LogEvent),
  }),
  insightsServices: endpoint({
    ...insightsRoutes.insightsServices,
    permission: 'stats:read',
    summary: 'Per procedure over a date range: arrivals, waits, walk and service times, no-shows, service level and how accurate the estimates were.',
    input: HistoryRange,
    output: ServicesReport,
  }),
  insightsCounters: endpoint({
    ...insightsRoutes.insightsCounters,
    permission: 'stats:read',
    summary: 'Per counter over a date range: calls, service times, open, busy, and idle time while residents waited.',
    input: HistoryRange,
    output: CountersReport,
  }),
  insightsHeatmap: endpoint({
    ...insightsRoutes.insightsHeatmap,
    permission: 'stats:read',
    summary: 'Arrivals and waits of the average day, by weekday and hour.',
    input: HistoryRange,
    output: HeatmapReport,
  }),
  insightsTrend: endpoint({
    ...insightsRoutes.insightsTrend,
    permission: 'stats:read',
    summary: 'Arrivals, waits and service level by month (busy seasons) or by day.',
    input: HistoryRange.safeExtend({ by: z.enum(['month', 'day']).default('month') }),
    output: TrendReport,
  }),
  insightsToday: endpoint({
    ...insightsRoutes.insightsToday,
    permission: 'stats:read',
    summary: "Today's figures so far per procedure, service level included.",
    input: z.object({}),
    output: TodayReport,
  }),
  insightsBookings: endpoint({
    ...insightsRoutes.insightsBookings,
    permission: 'stats:read',
    summary:
      'Booked visits and walk-ins side by side over a date range: bookings made from phones and by staff, checked in, cancelled, not come; ' +
      'and for booked visits and walk-ins, how many, their waits to the first call, and their no-shows.',
    input: HistoryRange,
    output: BookingsReport,
  }),
  staffingForecast: endpoint({
    ...insightsRoutes.staffingForecast,
    permission: 'stats:read',
    summary: 'Forecast arrivals per procedure and hour for future dates, and the counters needed to reach the service-level target.',
    input: ForecastInput,
    output: StaffingForecast,
  }),
  whatIf: endpoint({
    ...insightsRoutes.whatIf,
    permission: 'stats:read',
    errors: ['office/unknown_counter'],
    summary: 'Replay a past day with another plan of open counters and compare the predicted waits with what happened.',
    input: WhatIfInput,
    output: WhatIfResult,
  }),
} as const;

/** The insights routes that answer a file (see `files` in api.ts). */
export const insightsFiles = {
  aggregatesCsv: fileRoute({
    method: 'GET',
    path: '/insights/export/aggregates.csv',
    permission: 'stats:read',
    contentType: 'text/csv',
    summary: 'The figures per period (day or month) and procedure, as CSV (UTF-8 with a byte-order mark, for Excel).',
    input: HistoryRange.safeExtend({ by: z.enum(['day', 'month']).default('day') }),
  }),
  eventsCsv: fileRoute({
    method: 'GET',
    path: '/insights/export/events.csv',
    permission: 'stats:read',
    contentType: 'text/csv',
    summary: 'The raw event log of a date range as CSV (UTF-8 with a byte-order mark); it holds no personal data.',
    input: HistoryRange,
  }),
} as const;
