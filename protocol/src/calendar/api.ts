/** The calendar endpoints: the office's calendar. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { CalendarDay } from './model.js';
import { calendarRoutes } from './routes.js';
import { CalendarDate, endpoint } from '../common/endpoint.js';

export const calendarApi = {
  calendar: endpoint({
    ...calendarRoutes.calendar,
    permission: 'public:read',
    summary: 'The days from `from` to `to` (today and the next 30 days by default, at most 400): open or closed, and why (closure, public holiday, weekday).',
    input: z.object({ from: CalendarDate.optional(), to: CalendarDate.optional() }),
    output: z.array(CalendarDay),
  }),
} as const;
