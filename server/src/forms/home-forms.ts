/**
 * Forms residents filled in at home (issue 19), the office's part. At the kiosk's check-in a code is asked of the
 * city over the link: the form's own code (a form, or several sent together, that make a visit of their own), or a
 * booking's or remote number's check-in code the resident attached forms to (they join that visit). The sealed forms
 * that come back are opened with this office's key (home-key.ts) and kept exactly as the floor guide's forms are
 * (sealed by the vault, every action audited, purged when the day closes), so the counter sees them the same way.
 * The counter finds their issues (the check runs again there); a form is never refused at the kiosk for them: the
 * resident is in the room, and staff fix the rest with them.
 */
import type { Logger } from 'pino';
import {
  AttachCode,
  HomeFormCode,
  HomeFormContent,
  HomeFormEnvelope,
  JunbanError,
  type HomeFormAnswer,
  type IssuedVisit,
  type Language,
  type Visit,
} from '@junban/protocol';
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
  /** undefined: the link is down, or the city did not answer in time. */
  fetch(code: string): Promise<HomeFormAnswer | undefined>;
  taken(codes: string[]): void;
}

/** A form from the city, opened, waiting for its visit. */
export interface OpenedHomeForm {
  code: string;
  serviceId: string;
  content: HomeFormContent;
}

type Issued = Omit<IssuedVisit, 'statusUrl' | 'print' | 'notices'>;

export function homeForms(deps: { db: Db; office: Pick<Office, 'run' | 'now'>; forms: Forms; keys: HomeFormKeys; city: HomeFormsCity; log: Logger }) {
  const { db, office, forms, keys, city, log } = deps;
  const wasTaken = db.prepare('SELECT 1 FROM home_forms_taken WHERE code = ?');
  const noteTaken = db.prepare('INSERT OR IGNORE INTO home_forms_taken (code, visit_id, business_date, taken_at) VALUES (?, ?, ?, ?)');

  /** Keep the forms on the visit (those of its procedures), and note their codes as taken. Answers the codes kept. */
  const keep = (visit: Visit, opened: readonly OpenedHomeForm[], actor: string): string[] => {
    const steps = new Set(visit.steps.map((s) => s.serviceId));
    const kept = opened.filter((f) => steps.has(f.serviceId) && !forms.hasForm(visit.id, f.serviceId));
    forms.create(
      visit,
      kept.map((f) => ({ serviceId: f.serviceId, values: f.content.values, documents: [] })),
      actor,
    );
    for (const f of kept) noteTaken.run(f.code, visit.id, visit.businessDate, office.now());
    return kept.map((f) => f.code);
  };

  return {
    /**
     * The forms with this code, opened; [] when the code cannot be one, this office is not linked, or the city has
     * none for it. Throws when the city cannot be reached, or a form cannot be kept here (no form for its procedure
     * at this office, or it would not open). Forms already taken here are left out.
     */
    async fetch(code: string): Promise<OpenedHomeForm[]> {
      const officeId = city.officeId();
      if (!officeId || !AttachCode.safeParse(code).success) return [];
      const answer = await city.fetch(code);
      if (!answer) throw new JunbanError('city/unreachable', 'The city cannot be reached just now to fetch the forms: ask a member of staff.');
      if (!answer.ok) return [];
      const opened: OpenedHomeForm[] = [];
      for (const row of answer.forms) {
        if (!HomeFormCode.safeParse(row.code).success || wasTaken.get(row.code)) continue;
        // Without the procedure's form here (the city's catalogue not applied yet) the answers would be dropped: the
        // form stays at the city, and the resident is sent to staff.
        if (!forms.entry(row.serviceId)) throw new JunbanError('form/not_found', 'This office has no form for this procedure yet: ask a member of staff.');
        const envelope = HomeFormEnvelope.safeParse(row.envelope);
        let content: HomeFormContent | undefined;
        try {
          if (envelope.success) content = HomeFormContent.parse(await keys.open(officeId, row.serviceId, envelope.data));
        } catch {
          // Never the contents: only that it would not open (changed, or sealed to another key).
        }
        if (!content) {
          log.warn({ serviceId: row.serviceId }, 'a form filled in at home could not be opened with this office’s key');
          throw new JunbanError('form/not_found', 'A form could not be opened at this office: ask a member of staff.');
        }
        opened.push({ code: row.code, serviceId: row.serviceId, content });
      }
      return opened;
    },

    /** Whether the code is the forms' own (not a booking's or a remote number's they travel with). */
    ownCode: (code: string, opened: readonly OpenedHomeForm[]) => opened.some((f) => f.code === code),

    /** A visit for the forms' procedures, in the order sent, with the forms kept on it in the visit's own transaction. */
    checkIn(opened: readonly OpenedHomeForm[], actor: string, language?: Language): Issued {
      if (!opened.length) throw new JunbanError('reservation/not_found', 'No reservation with this code.');
      let codes: string[] = [];
      const issued = office.run(
        actor,
        (d) => queue.issue(d, { services: [...new Set(opened.map((f) => f.serviceId))], assistance: false, source: 'kiosk', language }),
        ({ visit }) => void (codes = keep(visit, opened, actor)),
      );
      if (codes.length) city.taken(codes);
      return issued;
    },

    /**
     * A booking or a remote number was just checked in with the code these forms travel with: they join its visit
     * (those of its procedures; others stay at the city until they expire). Never undoes the check-in.
     */
    attach(visit: Visit, opened: readonly OpenedHomeForm[], actor: string): void {
      if (!opened.length) return;
      try {
        const codes = db.transaction(() => keep(visit, opened, actor))();
        if (codes.length) city.taken(codes);
      } catch (err) {
        log.error({ err: err instanceof Error ? err.message : String(err) }, 'forms filled in at home could not join a visit checked in');
      }
    },

    /** A code taken here already (the city may not have heard). */
    taken: (code: string) => wasTaken.get(code) !== undefined,

    /** Codes of days long gone: the city forgot their forms after its own expiry (at most weeks), so may the office. */
    purge(beforeDate: string): void {
      db.prepare('DELETE FROM home_forms_taken WHERE business_date < ?').run(beforeDate);
    },
  };
}
export type HomeFormsFeature = ReturnType<typeof homeForms>;
