/** The methods and paths of the marks endpoints (issue 20), without zod: the screens call them from here. */
import type { Route } from '../common/route.js';

export const marksRoutes = {
  insightsMarks: { method: 'GET', path: '/insights/marks' },
  rateVisit: { method: 'POST', path: '/status/:token/rating' },
  rateAtCounter: { method: 'POST', path: '/counters/:counterId/rating' },
  visitRating: { method: 'GET', path: '/status/:token/rating' },
  listScreenNotices: { method: 'GET', path: '/screen-notices' },
  postScreenNotice: { method: 'POST', path: '/screen-notices' },
  withdrawScreenNotice: { method: 'DELETE', path: '/screen-notices/:noticeId' },
  currentScreenNotices: { method: 'GET', path: '/screen-notices/current' },
  noticeScreens: { method: 'GET', path: '/screen-notices/screens' },
} as const satisfies Record<string, Route>;
