/** The methods and paths of the insights endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const insightsRoutes = {
  listEvents: { method: 'GET', path: '/events' },
  insightsServices: { method: 'GET', path: '/insights/services' },
  insightsCounters: { method: 'GET', path: '/insights/counters' },
  insightsHeatmap: { method: 'GET', path: '/insights/heatmap' },
  insightsTrend: { method: 'GET', path: '/insights/trend' },
  insightsToday: { method: 'GET', path: '/insights/today' },
  insightsBookings: { method: 'GET', path: '/insights/bookings' },
  staffingForecast: { method: 'GET', path: '/insights/forecast' },
  whatIf: { method: 'POST', path: '/insights/what-if' },
} as const satisfies Record<string, Route>;
