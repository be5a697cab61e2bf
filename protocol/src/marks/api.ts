/** The marks endpoints (issue 20): outcomes, pauses, staff figures, ratings and notices on screens. Methods and paths are in ./routes.ts. */
import { z } from 'zod';
import { Ok, endpoint } from '../common/endpoint.js';
import { CounterId, Id } from '../common/model.js';
import { HistoryRange } from '../insights/model.js';
import { MarksReport, NewScreenNotice, Rating, RatingState, ScreenNotice, StatusToken } from './model.js';
import { marksRoutes } from './routes.js';

export const marksApi = {
  insightsMarks: endpoint({
    ...marksRoutes.insightsMarks,
    permission: 'stats:read',
    summary:
      'Over a date range: finished steps by procedure and outcome code, pauses by reason, per staff member the steps served, mean service time, ' +
      'idle and paused time, and residents’ ratings after service.',
    input: HistoryRange,
    output: MarksReport,
  }),
  rateVisit: endpoint({
    ...marksRoutes.rateVisit,
    permission: 'none',
    errors: ['visit/not_found', 'rating/not_ended', 'rating/already_given'],
    summary: 'From a resident’s status page, once the visit has ended: one rating (1-5) per visit, kept without personal data.',
    input: z.object({ token: StatusToken, rating: Rating }),
    output: Ok,
  }),
  rateAtCounter: endpoint({
    ...marksRoutes.rateAtCounter,
    permission: 'visit:issue',
    errors: ['office/unknown_counter', 'visit/not_found', 'rating/already_given'],
    summary:
      'From a counter tablet (a paired kiosk set on the counter): the rating of the visit whose step this counter has just finished, ' +
      'within 10 minutes of the finish; one per visit, like the phone’s. Kiosk devices only.',
    input: z.object({ counterId: CounterId, visitId: Id, rating: Rating }),
    output: Ok,
  }),
  visitRating: endpoint({
    ...marksRoutes.visitRating,
    permission: 'none',
    errors: ['visit/not_found'],
    summary: 'Whether a resident’s visit may be rated now, and the rating it was given.',
    input: z.object({ token: StatusToken }),
    output: RatingState,
  }),
  listScreenNotices: endpoint({
    ...marksRoutes.listScreenNotices,
    permission: 'stats:read',
    summary: 'The notices on the screens now (not withdrawn, not past their time), newest first.',
    input: z.object({}),
    output: z.array(ScreenNotice),
  }),
  postScreenNotice: endpoint({
    ...marksRoutes.postScreenNotice,
    permission: 'notice:write',
    idempotent: true,
    errors: ['access/not_found'],
    summary:
      'Post a notice to displays and kiosks (all, or those listed): a message in Japanese and a second language until a set time, ' +
      'or an emergency that takes the whole screen until withdrawn. The screens show it at once and after reconnecting.',
    input: NewScreenNotice,
    output: ScreenNotice,
  }),
  withdrawScreenNotice: endpoint({
    ...marksRoutes.withdrawScreenNotice,
    permission: 'notice:write',
    idempotent: true,
    errors: ['screen_notice/not_found'],
    summary: 'Take a notice off the screens.',
    input: z.object({ noticeId: Id }),
    output: Ok,
  }),
  currentScreenNotices: endpoint({
    ...marksRoutes.currentScreenNotices,
    permission: 'public:read',
    summary: 'The notices this screen shows now: a display or kiosk gets those posted to it; staff get every one.',
    input: z.object({}),
    output: z.array(ScreenNotice),
  }),
  noticeScreens: endpoint({
    ...marksRoutes.noticeScreens,
    permission: 'notice:write',
    summary: 'The displays and kiosks a notice may be posted to (paired, not revoked): id, name and kind.',
    input: z.object({}),
    output: z.array(z.object({ id: Id, name: z.string(), kind: z.enum(['display', 'kiosk']) })),
  }),
} as const;
