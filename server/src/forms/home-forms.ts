/**
 * Forms residents filled in at home (issue 19), the office's part: at the kiosk's check-in, a code that is neither a
 * remote number's nor a booking's is asked of the city over the link; the sealed form that comes back is opened with
 * this office's key (home-key.ts) and joins a new visit for its procedure, kept exactly as the floor guide's forms
 * are (sealed by the vault, every action audited, purged when the day closes), so the counter sees it the same way.
 * The counter finds the form's issues (the check runs again there); a form is never refused at the kiosk for them:
 * the resident is in the room, and staff fix the rest with them.
 */
import type { Logger } from 'pino';
import { HomeFormCode, HomeFormContent, HomeFormEnvelope, JunbanError, type IssuedVisit, type Language } from '@junban/protocol';
import * as queue from '../queue/commands.js';
import type { Office } from '../queue/office.js';
import type { Db } from '../storage/database.js';
import type { Forms } from './forms.js';
import type { HomeFormKeys } from './home-key.js';

/** Check-in codes taken are remembered this long: past the city's longest expiry, a code cannot come back. */
export const HOME_FORM_CODES_KEPT_DAYS = 60;

export interface HomeFormsCity {
  /** This office's id at the city; undefined while not linked. */
  officeId(): string | undefined;
  fetch(code: string): Promise<{ ok: true; serviceId: string; envelope: unknown } | { ok: false } | undefined>;
  taken(code: string): void;
}

/** A form from the city, opened, waiting for its visit to be issued. */
export interface OpenedHomeForm {
  code: string;
  serviceId: string;
  content: HomeFormContent;
}

export function homeForms(deps: {
  db: Db;
  office: Pick<Office, 'run' | 'now' | 'businessDate'>;
  forms: Forms;
  keys: HomeFormKeys;
  city: HomeFormsCity;
  log: Logger;
}) {
  const { db, office, forms, keys, city, log } = deps;
  const wasTaken = db.prepare('SELECT 1 FROM home_forms_taken WHERE code = ?');
  const noteTaken = db.prepare('INSERT INTO home_forms_taken (code, visit_id, business_date, taken_at) VALUES (?, ?, ?, ?)');

  return {
    /**
     * The form with this check-in code, opened; undefined when the code cannot be one (or this office is not linked)
     * or the city has none for this office. Throws when the form was checked in already, or the city cannot be reached.
     */
    async fetch(code: string): Promise<OpenedHomeForm | undefined> {
      const officeId = city.officeId();
      if (!officeId || !HomeFormCode.safeParse(code).success) return undefined;
      if (wasTaken.get(code)) throw new JunbanError('reservation/used', 'This form filled in at home has already been checked in.');
      const answer = await city.fetch(code);
      if (!answer) throw new JunbanError('city/unreachable', 'The city cannot be reached just now to fetch this form: ask a member of staff.');
      if (!answer.ok) return undefined;
      // Without the procedure's form here (the city's catalogue not applied yet) the answers would be dropped on the
      // visit: the form stays at the city, and the resident is sent to staff.
      if (!forms.entry(answer.serviceId)) {
        throw new JunbanError('form/not_found', 'This office has no form for this procedure yet: ask a member of staff.');
      }
      const envelope = HomeFormEnvelope.safeParse(answer.envelope);
      let content: HomeFormContent | undefined;
      try {
        if (envelope.success) content = HomeFormContent.parse(await keys.open(officeId, answer.serviceId, envelope.data));
      } catch {
        // Never the contents: only that it would not open (changed, or sealed to another key).
      }
      if (!content) {
        log.warn({ serviceId: answer.serviceId }, 'a form filled in at home could not be opened with this office’s key');
        throw new JunbanError('form/not_found', 'This form could not be opened at this office: ask a member of staff.');
      }
      return { code, serviceId: answer.serviceId, content };
    },

    /** A visit for the form's procedure, with the form kept on it as the guide's are, in the visit's own transaction. */
    checkIn(form: OpenedHomeForm, actor: string, language?: Language): Omit<IssuedVisit, 'statusUrl' | 'print' | 'notices'> {
      const issued = office.run(
        actor,
        (d) => queue.issue(d, { services: [form.serviceId], assistance: false, source: 'kiosk', language }),
        ({ visit }) => {
          forms.create(visit, [{ serviceId: form.serviceId, values: form.content.values, documents: [] }], actor);
          noteTaken.run(form.code, visit.id, visit.businessDate, office.now());
        },
      );
      city.taken(form.code);
      return issued;
    },

    /** Codes of days long gone: the city forgot their forms after its own expiry (at most weeks), so may the office. */
    purge(beforeDate: string): void {
      db.prepare('DELETE FROM home_forms_taken WHERE business_date < ?').run(beforeDate);
    },
  };
}
export type HomeFormsFeature = ReturnType<typeof homeForms>;
