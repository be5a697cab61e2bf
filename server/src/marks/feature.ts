/**
 * Marks on the floor, wired (issue 20): the manager's figures of outcomes, pauses, staff and ratings; residents'
 * ratings from their status page; notices on the screens, told to each display and kiosk as they change.
 */
import { JunbanError, type RatingState } from '@junban/protocol';
import type { AccessStore } from '../access/store.js';
import { EventLog } from '../event-log/event-log.js';
import type { Office } from '../queue/office.js';
import type { ScreensPort } from '../realtime/port.js';
import type { Db } from '../storage/database.js';
import type { StatusLinks } from '../visit-status/links.js';
import type { HandlerSlice } from '../web/calls.js';
import { marksFigures } from './figures.js';
import { Ratings, ratedStep, type RatingSource } from './ratings.js';
import { ScreenNotices } from './screen-notices.js';

export function marksFeature(deps: {
  db: Db;
  office: Pick<Office, 'now' | 'visit' | 'onTick' | 'config'>;
  access: Pick<AccessStore, 'listStaff' | 'deviceById' | 'listDevices'>;
  links: Pick<StatusLinks, 'visitOf'>;
  screens: Pick<ScreensPort, 'screenNoticesChanged'>;
}) {
  const { db, office, access, links, screens } = deps;
  const events = new EventLog(db);
  const ratings = new Ratings(db);
  const notices = new ScreenNotices(db);

  const visitOf = (token: string) => {
    const visitId = links.visitOf(token);
    const visit = visitId ? office.visit(visitId) : undefined;
    if (!visit) throw new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
    return visit;
  };

  // A message leaves the screens at its time: the next tick after it tells them.
  let shown = '';
  const tell = () => {
    shown = notices
      .current(office.now())
      .map((n) => n.id)
      .join();
    screens.screenNoticesChanged((principal) => notices.for(principal, office.now()));
  };
  office.onTick(() => {
    const now = notices
      .current(office.now())
      .map((n) => n.id)
      .join();
    if (now !== shown) tell();
  });

  /** Rate a visit (from its status page, here or through the city). */
  const rate = (visitId: string, rating: number, source: RatingSource) => {
    const visit = office.visit(visitId);
    if (!visit) throw new JunbanError('visit/not_found', 'No visit with this id today.');
    ratings.rate(visit, rating, source, office.now());
  };

  /** Whether a visit may be rated now (it has ended, with a procedure done, and nobody rated it), and its rating. */
  const ratingOf = (visitId: string): RatingState => {
    const visit = office.visit(visitId);
    if (!visit) throw new JunbanError('visit/not_found', 'No visit with this id today.');
    const rated = ratings.given(visit.id);
    return { canRate: rated === null && ratedStep(visit) !== undefined, rated };
  };

  /** How long after a finish the counter tablet may still rate that visit. */
  const TABLET_WINDOW_MS = 10 * 60_000;

  const handlers = {
    insightsMarks({ from, to, services }) {
      const f = marksFigures(events.iterate({ from, to }));
      const names = new Map(access.listStaff().map((s) => [s.id, s.displayName]));
      const outcomes = [...f.outcomes]
        .map(([key, count]) => {
          const [serviceId, outcome] = key.split('\t') as [string, string];
          return { serviceId, outcome: outcome === '' ? null : outcome, count };
        })
        .filter((o) => services.length === 0 || services.includes(o.serviceId))
        .sort((a, b) => a.serviceId.localeCompare(b.serviceId) || b.count - a.count);
      return {
        from,
        to,
        outcomes,
        pauses: [...f.pauses].map(([reason, p]) => ({ reason: reason === '' ? null : reason, count: p.count, seconds: Math.round(p.seconds) })),
        staff: [...f.staff]
          .map(([staffId, s]) => ({
            staffId,
            name: names.get(staffId) ?? null,
            served: s.served,
            meanServiceSec: s.served ? Math.round(s.serviceSec / s.served) : null,
            idleSec: Math.round(s.idleSec),
            pausedSec: Math.round(s.pausedSec),
          }))
          .sort((a, b) => b.served - a.served),
        ratings: ratings.stats(from, to, services),
      };
    },
    rateVisit({ token, rating }) {
      rate(visitOf(token).id, rating, 'phone');
      return { ok: true as const };
    },
    rateAtCounter({ counterId, visitId, rating }, ctx) {
      if (ctx.principal?.kind !== 'device' || ctx.principal.device !== 'kiosk') {
        throw new JunbanError('auth/forbidden', 'Only a counter tablet (a paired kiosk) rates at a counter.');
      }
      if (!office.config.counters.some((c) => c.id === counterId)) throw new JunbanError('office/unknown_counter', `No counter ${counterId}.`);
      const visit = office.visit(visitId);
      const now = office.now();
      const step = visit?.steps.find((s) => s.state === 'done' && s.counterId === counterId && now - (s.endedAt ?? 0) <= TABLET_WINDOW_MS);
      if (!visit || !step) throw new JunbanError('visit/not_found', `No visit finished at counter ${counterId} in the last 10 minutes with this id.`);
      ratings.rate(visit, rating, 'tablet', now, step);
      return { ok: true as const };
    },
    visitRating: ({ token }) => ratingOf(visitOf(token).id),
    listScreenNotices: () => notices.current(office.now()),
    postScreenNotice({ kind, text, until, deviceIds }, ctx) {
      const now = office.now();
      if (until !== undefined && until <= now)
        throw new JunbanError('input/invalid', 'The notice would end before it begins.', [{ path: 'until', message: 'must be in the future' }]);
      for (const id of deviceIds) {
        const device = access.deviceById(id);
        if (device.kind === 'agent' || device.revokedAt !== null)
          throw new JunbanError('input/invalid', `${device.name} is not a paired display or kiosk.`, [
            { path: 'deviceIds', message: 'displays and kiosks only' },
          ]);
      }
      // The answer is kept for the call's idempotency key in the same transaction as the notice.
      const notice = db.transaction(() => {
        const posted = notices.post({ kind, text, until: until ?? null, deviceIds }, ctx.actor, now);
        ctx.remember?.(posted);
        return posted;
      })();
      tell();
      return notice;
    },
    withdrawScreenNotice({ noticeId }, ctx) {
      db.transaction(() => {
        notices.withdraw(noticeId, office.now());
        ctx.remember?.({ ok: true });
      })();
      tell();
      return { ok: true as const };
    },
    currentScreenNotices: (_input, ctx) => notices.for(ctx.principal, office.now()),
    noticeScreens: () =>
      access
        .listDevices()
        .filter((d) => d.revokedAt === null && d.kind !== 'agent')
        .map((d) => ({ id: d.id, name: d.name, kind: d.kind as 'display' | 'kiosk' })),
  } satisfies HandlerSlice;

  return { handlers, rate, ratingOf, ratings };
}
export type MarksFeature = ReturnType<typeof marksFeature>;
