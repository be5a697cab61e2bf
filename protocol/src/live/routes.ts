/** The methods and paths of the live endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const liveRoutes = {
  publicView: { method: 'GET', path: '/view' },
  staffView: { method: 'GET', path: '/view/staff' },
  congestion: { method: 'GET', path: '/congestion' },
} as const satisfies Record<string, Route>;
