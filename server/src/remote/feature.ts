/**
 * Remote numbers at the office: what the city asks over its link (a phone takes a number, postpones or cancels it),
 * the check-in at the kiosk or by staff, and, on each tick, warning and releasing places not checked in. The rules
 * come from the city's catalogue (`Catalogue.remote`, for this office's id); the office applies them, since only it
 * knows its line.
 */
import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import {
  JunbanError,
  RESERVATION_CODE_ALPHABET,
  type JoinAnswer,
  type JoinRequest,
  type RemoteAction,
  type RemoteActionAnswer,
  type RatingState,
  type RemoteRule,
  type Visit,
} from '@junban/protocol';
import { cancelVisit } from '../queue/commands.js';
import type { Office } from '../queue/office.js';
import type { Db } from '../storage/database.js';
import { statusKey } from '../city-link/statuses.js';
import type { StatusLinks } from '../visit-status/links.js';
import { currentStep } from '../queue/state.js';
import type { HandlerSlice } from '../web/calls.js';
import { checkIn, issueRemote, postpone, releaseLate, type RemoteCounts } from './places.js';

/** Who changes a visit from a phone, in the log: the resident, through the city. */
export const PHONE_ACTOR = 'city';
const HOUR = 3_600_000;
const CODE_LENGTH = 8;

const newCode = () => Array.from({ length: CODE_LENGTH }, () => RESERVATION_CODE_ALPHABET[randomInt(RESERVATION_CODE_ALPHABET.length)]).join('');

function refusal(err: unknown, log: Logger): { ok: false; code: string; message: string } {
  if (err instanceof JunbanError) return { ok: false, code: err.code, message: err.message };
  log.error({ err: err instanceof Error ? err.message : String(err) }, 'a phone’s request over the city link failed');
  return { ok: false, code: 'server/internal', message: 'The office could not do this just now.' };
}

export function remoteFeature(deps: {
  db: Db;
  office: Office;
  links: Pick<StatusLinks, 'token'>;
  log: Logger;
  /** Keep a resident's rating of their ended visit, given on its page at the city (issue 20, marks/feature.ts). */
  rate?: (visitId: string, rating: number) => void;
  /** Whether an ended visit may be rated, and its rating (marks/feature.ts). */
  ratingOf?: (visitId: string) => RatingState;
}) {
  const { db, office, links, log } = deps;
  const counted = db.prepare(
    `SELECT count(*) AS today, coalesce(sum(at >= ?), 0) AS lastHour FROM events
      WHERE type = 'issued' AND business_date = ? AND service_id = ? AND json_extract(data, '$.source') = 'remote'`,
  );
  const countsOf = (serviceId: string): RemoteCounts => {
    const now = office.now();
    return counted.get(now - HOUR, office.businessDate(now), serviceId) as RemoteCounts;
  };
  const openRemote = () => [...office.state.visits.values()].filter((v) => v.remote !== undefined);
  const uniqueCode = () => {
    const taken = new Set(openRemote().map((v) => v.remote!.code));
    for (;;) {
      const code = newCode();
      if (!taken.has(code)) return code;
    }
  };
  /** Today's visits that have ended, by their status page's key (a rating comes once a visit has ended). */
  const endedToday = db.prepare('SELECT id FROM visits WHERE business_date = ? AND is_open = 0').pluck();
  const endedByKey = (key: string): string | undefined =>
    (endedToday.all(office.businessDate(office.now())) as string[]).find((id) => statusKey(links.token(id)) === key);
  /** A phone knows its visit by its status page's key: this office's open visit with it, if any. */
  const byKey = (key: string): Visit | undefined => {
    for (const v of office.state.visits.values()) if (statusKey(links.token(v.id)) === key) return v;
    return undefined;
  };

  office.onTick(() => office.run('system', releaseLate));

  return {
    /** A phone takes a number (the city checked its own limits first). */
    join(request: JoinRequest, rule: RemoteRule | undefined): JoinAnswer {
      try {
        const counts = countsOf(request.serviceId);
        const { visit } = office.run(PHONE_ACTOR, (d) => issueRemote(d, { ...request, rule, counts, code: uniqueCode() }));
        return { ok: true, token: links.token(visit.id), number: visit.number, arriveBy: visit.remote!.arriveBy };
      } catch (err) {
        return refusal(err, log);
      }
    },
    /** A phone postpones or cancels its visit. */
    act({ key, action, rating }: RemoteAction): RemoteActionAnswer {
      try {
        // A rating after service (issue 20) is the marks' to keep, for a visit that has ended; it changes no visit.
        if (action === 'rating') {
          const ended = endedByKey(key);
          if (ended && deps.ratingOf) return { ok: true, rating: deps.ratingOf(ended) };
          if (!byKey(key)) throw new JunbanError('visit/not_found', 'No visit here for this page.');
          return { ok: true, rating: { canRate: false, rated: null } };
        }
        if (action === 'rate') {
          const ended = endedByKey(key);
          if (!ended || !deps.rate) throw new JunbanError(ended ? 'visit/not_found' : 'rating/not_ended', 'No ended visit here for this page.');
          deps.rate(ended, rating ?? 0);
          return { ok: true };
        }
        const visit = byKey(key);
        if (!visit) throw new JunbanError('visit/not_found', 'No open visit here for this page.');
        office.run(PHONE_ACTOR, (d) => (action === 'postpone' ? postpone(d, visit.id) : cancelVisit(d, visit.id)));
        return { ok: true };
      } catch (err) {
        return refusal(err, log);
      }
    },
    /** Whether an open remote number has this check-in code. */
    hasCode: (code: string) => openRemote().some((v) => v.remote!.code === code),
    /** The kiosk read a check-in code: the remote number with it, checked in now; undefined if no open one has it. */
    checkInByCode(code: string, actor: string) {
      const visit = openRemote().find((v) => v.remote!.code === code);
      if (!visit) return undefined;
      const checked = office.run(actor, (d) => checkIn(d, visit.id));
      const step = currentStep(checked)!;
      const place = step.state === 'waiting' ? office.state.placeOf({ visit: checked, step }, office.now()) : { peopleAhead: 0, estimateSec: null };
      return { visit: checked, ...place };
    },
    handlers: {
      /** Staff check a resident in (their phone cannot show the code, say). */
      checkInVisit: ({ visitId }, ctx) => ({ visit: office.run(ctx.actor, (d) => checkIn(d, visitId)) }),
    } satisfies HandlerSlice,
  };
}
export type RemoteFeature = ReturnType<typeof remoteFeature>;
