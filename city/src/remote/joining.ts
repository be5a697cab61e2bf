/**
 * Joining the queue from a phone, at the city's public face: which offices and procedures are open to it now, taking
 * a number (the office issues it over its link, so numbering stays in one place), and postponing or cancelling it
 * from its status page. The city admin's rules live in the catalogue (`Catalogue.remote`); the office applies them
 * against its line. The city adds what only it can: a limit per network address, and the phone's page made ready.
 */
import {
  JunbanError,
  type ErrorCode,
  type JoinAnswer,
  type JoinOffice,
  type JoinRequest,
  type LocalizedText,
  type OfficeConfig,
  type OfficeLive,
  type RemoteAction,
  type RemoteActionAnswer,
} from '@junban/protocol';
import type { CatalogueStore } from '../catalogue/catalogue.js';
import type { Db } from '../db/engine.js';
import { linkStateAt } from '../offices/offices.js';
import { statusKey, type PublicStatuses } from '../public/statuses.js';
import type { HandlerSlice } from '../web/calls.js';
import type { PhoneLimits } from './limits.js';

export interface JoiningDeps {
  db: Db;
  catalogue: Pick<CatalogueStore, 'latest'>;
  statuses: Pick<PublicStatuses, 'officeOf' | 'watch' | 'read'>;
  limits: PhoneLimits;
  /** Numbers one network address may take from phones in a day (CITY_JOINS_PER_ADDRESS). */
  joinsPerAddress: number;
  /** Ask one office over its link (link/link.ts `askOffice`); undefined when it is not linked or did not answer. */
  ask: {
    join(officeId: string, request: JoinRequest): Promise<JoinAnswer | undefined>;
    act(officeId: string, action: RemoteAction): Promise<RemoteActionAnswer | undefined>;
  };
  /** Ask every linked office for these status pages (so the new number's page is ready when the phone opens it). */
  askOffices: (keys: string[]) => void;
  now: () => number;
}

const offline = () =>
  new JunbanError('remote/office_offline', 'The office cannot be reached from here just now. Try again in a few minutes, or come in person.');

/** The office's refusal, as the phone's error (an unexpected code is the office's own trouble). */
function refused(answer: { code: string; message: string }): JunbanError {
  const known = [
    'remote/closed',
    'remote/full',
    'remote/postponed_once',
    'visit/not_found',
    'step/wrong_state',
    'office/service_closed',
    'office/closed_now',
    'office/closed_today',
    'queue/cut_off',
    'rating/not_ended',
    'rating/already_given',
  ];
  return new JunbanError(known.includes(answer.code) ? (answer.code as ErrorCode) : 'server/internal', answer.message);
}

interface OfficeRow {
  id: string;
  name: LocalizedText;
  link_state: 'never' | 'connected' | 'disconnected' | 'revoked';
  last_contact_at: string | null;
  view: OfficeLive | null;
  config: OfficeConfig | null;
}

export function joiningHandlers(deps: JoiningDeps) {
  const { db, limits } = deps;
  const tokenOf = (token: string) => ({ key: statusKey(token) });

  async function act(token: string, action: RemoteAction['action'], rating?: number) {
    const { key } = tokenOf(token);
    const officeId = await deps.statuses.officeOf(key);
    if (!officeId) throw new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
    const answer = await deps.ask.act(officeId, rating === undefined ? { key, action } : { key, action, rating });
    if (!answer) throw offline();
    if (!answer.ok) throw refused(answer);
    return { ok: true as const };
  }

  return {
    async joinOptions() {
      const rules = (await deps.catalogue.latest())?.remote ?? {};
      const ids = Object.keys(rules).filter((id) => Object.values(rules[id]!).some((r) => r.enabled));
      if (!ids.length) return [];
      const rows = await db.query<OfficeRow>(
        `SELECT o.id, o.name, o.link_state, o.last_contact_at, l.view,
                (SELECT s.config FROM office_setups s WHERE s.office_id = o.id ORDER BY s.id DESC LIMIT 1) AS config
           FROM offices o LEFT JOIN office_live l ON l.office_id = o.id
          WHERE o.id = ANY($1::text[]) AND o.revoked_at IS NULL AND o.enrolled_at IS NOT NULL
          ORDER BY o.id`,
        [ids],
      );
      const now = deps.now();
      return rows.map((r): JoinOffice => {
        const lastContactAt = r.last_contact_at === null ? null : Number(r.last_contact_at);
        const services = Object.entries(rules[r.id]!)
          .filter(([, rule]) => rule.enabled)
          .flatMap(([serviceId]) => {
            const service = r.config?.services.find((s) => s.id === serviceId && s.active);
            if (!service) return [];
            const queue = r.view?.queues.find((q) => q.serviceId === serviceId);
            const entry = { id: serviceId, name: service.name, waiting: queue?.waiting ?? 0, estimateSec: queue?.estimateSec ?? null };
            return [queue?.cutOff ? { ...entry, cutOff: queue.cutOff } : entry];
          });
        return { officeId: r.id, name: r.name, online: linkStateAt(r.link_state, lastContactAt, now) === 'connected', services };
      });
    },

    async joinQueue({ officeId, serviceId, language, needs }, ctx) {
      const [office] = await db.query<{ id: string }>('SELECT id FROM offices WHERE id = $1 AND revoked_at IS NULL', [officeId]);
      if (!office) throw new JunbanError('city/unknown_office', 'No such office.');
      const rule = (await deps.catalogue.latest())?.remote[officeId]?.[serviceId];
      if (!rule?.enabled) throw new JunbanError('remote/closed', 'This procedure cannot be joined from a phone at this office.');
      if (!(await limits.take('join-address', ctx.address, deps.joinsPerAddress))) {
        throw new JunbanError('remote/too_many', 'This connection has taken as many numbers as it may today. Come in person, or ask at the office.');
      }
      // Needs only when chosen: an office not updated yet reads the request as before.
      const answer = await deps.ask.join(officeId, { serviceId, language, ...(needs.length ? { needs } : {}) });
      if (!answer?.ok) await limits.giveBack('join-address', ctx.address);
      if (!answer) throw offline();
      if (!answer.ok) throw refused(answer);
      // The phone opens the number's page next: the office follows it from now, so the page is there when it asks.
      const key = statusKey(answer.token);
      await deps.statuses.watch(key);
      deps.askOffices([key]);
      return { token: answer.token, number: answer.number, arriveBy: answer.arriveBy };
    },

    postponeVisit: ({ token }) => act(token, 'postpone'),
    cancelFromPhone: ({ token }) => act(token, 'cancel'),
    rateFromPhone: ({ token, rating }) => act(token, 'rate', rating),
    /**
     * The office keeps one rating per visit and knows whether it was given (from this page, or at the counter's
     * tablet): asked, so that a page opened again does not offer it twice. An office not updated yet answers without
     * it, and one cut off just now does not answer: then it is offered once the visit has ended, as the page shows.
     */
    async ratingFromPhone({ token }) {
      const { key } = tokenOf(token);
      const page = await deps.statuses.read(key);
      if (!page) throw new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
      const answer = await deps.ask.act(page.officeId, { key, action: 'rating' });
      if (answer && !answer.ok) throw refused(answer);
      return answer?.rating ?? { canRate: page.status.state === 'done', rated: null };
    },
  } satisfies HandlerSlice;
}
