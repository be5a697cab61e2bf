/**
 * Every endpoint's method and path, without zod: what a screen needs to call the API (see `buildRequest`). Each
 * concept keeps its own in `<concept>/routes.ts`; its `api.ts` declares the rest of each endpoint.
 */
import { accessRoutes } from './access/routes.js';
import { calendarRoutes } from './calendar/routes.js';
import { cityLinkRoutes } from './city/link-routes.js';
import { formsRoutes } from './forms/routes.js';
import { insightsRoutes } from './insights/routes.js';
import { liveRoutes } from './live/routes.js';
import { marksRoutes } from './marks/routes.js';
import { printingRoutes } from './printing/routes.js';
import { queueRoutes } from './queue/routes.js';
import { reservationsRoutes } from './reservations/routes.js';
import { setupRoutes } from './setup/routes.js';
import { systemRoutes } from './system/routes.js';

export const routes = {
  ...systemRoutes,
  ...accessRoutes,
  ...liveRoutes,
  ...queueRoutes,
  ...formsRoutes,
  ...reservationsRoutes,
  ...printingRoutes,
  ...insightsRoutes,
  ...setupRoutes,
  ...calendarRoutes,
  ...cityLinkRoutes,
  ...marksRoutes,
} as const;
