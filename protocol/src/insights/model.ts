/**
 * What the manager's views show: the office's history summed up from the event log, today's floor, the staffing
 * forecast and what-if replays. Figures only: no visit, number or name appears in any of these.
 */
import { z } from 'zod';
import { CounterId, ServiceId } from '../common/model.js';

const Seconds = z.number().nullable();

/** A distribution of durations in seconds; null when there is nothing to measure. Percentiles are to 10 seconds. */
export const Durations = z.object({ count: z.number().int(), mean: Seconds, median: Seconds, p90: Seconds, max: Seconds });
export type Durations = z.infer<typeof Durations>;

export const ServiceLevel = z.object({
  /** The procedure's target (slaMinutes) in seconds; null when it has none. */
  targetSec: z.number().nullable(),
  /** Steps called before the target elapsed (the wait in whole seconds, less than the target). */
  met: z.number().int(),
  /** Steps called, plus those that expired or were cancelled after waiting past the target. */
  total: z.number().int(),
  share: z.number().nullable(),
});
export type ServiceLevel = z.infer<typeof ServiceLevel>;

/** How close the wait shown on the ticket came to the wait that followed. */
export const EstimateAccuracy = z.object({
  count: z.number().int(),
  /** Actual minus estimated wait, on average: positive means residents waited longer than they were told. */
  meanErrorSec: Seconds,
  meanAbsErrorSec: Seconds,
  /** Share of estimates within five minutes of the actual wait. */
  withinFiveMinutes: z.number().nullable(),
});
export type EstimateAccuracy = z.infer<typeof EstimateAccuracy>;

/** One procedure over a date range. Arrivals count every time the procedure's queue was joined. */
export const ServiceStats = z.object({
  serviceId: ServiceId,
  arrivals: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  cancelled: z.number().int(),
  expired: z.number().int(),
  /** Share of called steps that ended as a no-show. */
  noShowRate: z.number().nullable(),
  /** Queue entry to the last call (a no-show called again waits until that call). */
  wait: Durations,
  /** The last call to the resident reaching the counter. */
  walk: Durations,
  /** Reaching the counter (or the call, when not recorded) to finishing. */
  service: Durations,
  serviceLevel: ServiceLevel,
  estimate: EstimateAccuracy,
});
export type ServiceStats = z.infer<typeof ServiceStats>;

export const CounterStats = z.object({
  counterId: CounterId,
  calls: z.number().int(),
  served: z.number().int(),
  noShows: z.number().int(),
  walk: Durations,
  service: Durations,
  /** Seconds the counter was open during office hours. */
  openSec: z.number(),
  /** Seconds it had a resident called or at the counter. */
  busySec: z.number(),
  /** Seconds it was open and free while someone waited for one of its procedures: lost capacity. */
  idleWhileWaitingSec: z.number(),
  /** busy / open. */
  utilisation: z.number().nullable(),
});
export type CounterStats = z.infer<typeof CounterStats>;

/** One cell of the weekday x hour heatmap: the average day of that weekday, at that hour (of joining the queue). */
export const HeatmapCell = z.object({
  weekday: z.number().int().min(0).max(6),
  hour: z.number().int().min(0).max(23),
  /** Open days of that weekday in the range. */
  days: z.number().int(),
  arrivalsPerDay: z.number(),
  meanWaitSec: Seconds,
});
export type HeatmapCell = z.infer<typeof HeatmapCell>;

/** One month or one day of the trend. */
export const PeriodStats = z.object({
  period: z.string(),
  days: z.number().int(),
  arrivals: z.number().int(),
  arrivalsPerDay: z.number(),
  wait: Durations,
  serviceLevel: ServiceLevel,
  noShowRate: z.number().nullable(),
});
export type PeriodStats = z.infer<typeof PeriodStats>;

export const HistoryRange = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    /** Only these procedures; all when empty. */
    services: z.preprocess((v) => (typeof v === 'string' ? v.split(',').filter(Boolean) : v), z.array(ServiceId).max(200)).default([]),
  })
  .refine((r) => r.from <= r.to, { path: ['to'], message: 'must not be before from' });
export type HistoryRange = z.infer<typeof HistoryRange>;

export const ServicesReport = z.object({
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  total: ServiceStats.omit({ serviceId: true }),
  services: z.array(ServiceStats),
});
export type ServicesReport = z.infer<typeof ServicesReport>;
export const CountersReport = z.object({ from: z.string(), to: z.string(), counters: z.array(CounterStats) });
export type CountersReport = z.infer<typeof CountersReport>;
export const HeatmapReport = z.object({ from: z.string(), to: z.string(), cells: z.array(HeatmapCell) });
export type HeatmapReport = z.infer<typeof HeatmapReport>;
export const TrendReport = z.object({ from: z.string(), to: z.string(), by: z.enum(['month', 'day']), periods: z.array(PeriodStats) });
export type TrendReport = z.infer<typeof TrendReport>;

/** Today's floor for the manager: the live queues come over the staff socket; this adds the day's figures so far. */
export const TodayReport = z.object({
  businessDate: z.string(),
  at: z.number(),
  services: z.array(ServiceStats),
  total: ServiceStats.omit({ serviceId: true }),
});
export type TodayReport = z.infer<typeof TodayReport>;

export const ForecastInput = z
  .object({
    from: z.iso.date(),
    to: z.iso.date(),
    /** Share of residents to call within each procedure's target. */
    targetShare: z.coerce.number().min(0.5).max(0.99).default(0.8),
  })
  .refine((r) => r.from <= r.to, { path: ['to'], message: 'must not be before from' });
export type ForecastInput = z.infer<typeof ForecastInput>;

export const ForecastHour = z.object({
  date: z.string(),
  hour: z.number().int(),
  /** Expected arrivals per procedure this hour. */
  arrivals: z.record(ServiceId, z.number()),
  /** Of them, visits already booked per procedure (the arrivals count at least these); absent when none. */
  booked: z.record(ServiceId, z.number().int()).optional(),
  /** Counters each procedure needs on its own (Erlang C), and their sum. */
  erlang: z.record(ServiceId, z.number().int()),
  erlangTotal: z.number().int(),
  /** Counters needed when they serve several procedures as configured (simulation of the whole day). */
  simulated: z.number().int(),
  /** The service level the simulation predicts for that hour with that many counters. */
  simulatedServiceLevel: z.number().nullable(),
});
export type ForecastHour = z.infer<typeof ForecastHour>;

export const StaffingForecast = z.object({
  from: z.string(),
  to: z.string(),
  targetShare: z.number(),
  /** Per procedure: the target wait and the mean service time the plan assumes (from history). */
  assumptions: z.array(z.object({ serviceId: ServiceId, targetSec: z.number(), meanServiceSec: z.number() })),
  /** Days with history the forecast learnt from. */
  historyDays: z.number().int(),
  /** Mean time from a call to the resident reaching the counter (from history), which holds the counter too. */
  walkSec: z.number(),
  hours: z.array(ForecastHour),
});
export type StaffingForecast = z.infer<typeof StaffingForecast>;

/** Which counters are open from which hour, for a what-if replay. */
export const WhatIfInput = z.object({
  date: z.iso.date(),
  /**
   * Counters open per office hour ("HH" → counter ids). A counter listed that was really open in that hour keeps its
   * real times; one listed that was not is open the whole hour; one left out is closed for it. Hours not listed keep
   * what really happened, so the result's actualPlan sent back unchanged replays exactly as the real staffing.
   */
  plan: z.record(z.string().regex(/^([01]\d|2[0-3])$/), z.array(CounterId).max(200)).default({}),
});
export type WhatIfInput = z.infer<typeof WhatIfInput>;

export const WhatIfHour = z.object({
  hour: z.number().int(),
  arrivals: z.number().int(),
  actual: z.object({ counters: z.number(), meanWaitSec: Seconds }),
  /** The real staffing replayed through the simulation: how close the model comes to what happened. */
  replayed: z.object({ counters: z.number(), meanWaitSec: Seconds }),
  planned: z.object({ counters: z.number(), meanWaitSec: Seconds }),
});
export type WhatIfHour = z.infer<typeof WhatIfHour>;

export const WhatIfResult = z.object({
  date: z.string(),
  /** Counters open at any moment of each hour in reality, for the plan editor to start from. */
  actualPlan: z.record(z.string(), z.array(CounterId)),
  /** How much of each hour ("HH" → counter id → 0 to 1) those counters were really open: 0.5 for a lunch break from 11:30. */
  actualShare: z.record(z.string(), z.record(CounterId, z.number())),
  hours: z.array(WhatIfHour),
  totals: z.object({
    actual: Durations,
    replayed: Durations,
    planned: Durations,
    actualServiceLevel: z.number().nullable(),
    replayedServiceLevel: z.number().nullable(),
    plannedServiceLevel: z.number().nullable(),
  }),
});
export type WhatIfResult = z.infer<typeof WhatIfResult>;

/** Booked visits and walk-ins side by side over a date range (issue 19): the bookings' fate, and each group's waits. */
export const BookingsReport = z.object({
  from: z.string(),
  to: z.string(),
  bookings: z.object({
    /** Reservations of the range: made from a phone, made by staff (the reservations page, its CSV). */
    fromPhones: z.number().int(),
    byStaff: z.number().int(),
    checkedIn: z.number().int(),
    cancelled: z.number().int(),
    /** Booked, not checked in, and their slot is over. */
    notCome: z.number().int(),
  }),
  /** Visits by how they came: `booked` (checked in with a booking's code), `walk_in` (everyone else). */
  groups: z.array(
    z.object({
      kind: z.enum(['booked', 'walk_in']),
      visits: z.number().int(),
      /** Visits whose first step was called, and its wait from check-in (or issue) to the first call. */
      called: z.number().int(),
      meanWaitSec: z.number().nullable(),
      p90WaitSec: z.number().nullable(),
      noShows: z.number().int(),
    }),
  ),
});
export type BookingsReport = z.infer<typeof BookingsReport>;
