/** The methods and paths of the system endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const systemRoutes = {
  health: { method: 'GET', path: '/health' },
  live: { method: 'GET', path: '/live' },
  reportCallsShown: { method: 'POST', path: '/displays/calls-shown' },
} as const satisfies Record<string, Route>;
