/** The office's own endpoints for its link to the city (methods and paths, without zod). */
import type { Route } from '../common/route.js';

export const cityLinkRoutes = {
  cityLink: { method: 'GET', path: '/city-link' },
  linkToCity: { method: 'POST', path: '/city-link' },
  unlinkFromCity: { method: 'DELETE', path: '/city-link' },
} as const satisfies Record<string, Route>;
