/** The methods and paths of the calendar endpoints, without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const calendarRoutes = {
  calendar: { method: 'GET', path: '/calendar' },
} as const satisfies Record<string, Route>;
