/** Staff's notes on visits, wired: their slice of the API table, and their purge with the forms' retention. */
import type { Logger } from 'pino';
import { JunbanError } from '@junban/protocol';
import * as queue from '../queue/commands.js';
import type { Office, OfficeReader } from '../queue/office.js';
import type { Reservations } from '../reservations/reservations.js';
import type { HandlerSlice } from '../web/calls.js';
import type { Notes } from './notes.js';

export function notesFeature(deps: {
  notes: Notes;
  office: OfficeReader & Pick<Office, 'run' | 'visit' | 'onTick'> & { state: Pick<Office['state'], 'visits'> };
  log: Logger;
  /** A booking's note audit is the booking's to give (it knows whether the booking exists). */
  reservations: Pick<Reservations, 'noteAudit'>;
}) {
  const { notes, office, log, reservations } = deps;
  office.onTick(() => {
    try {
      const purged = notes.purge(office.businessDate(), office.config.settings.formRetentionDays, (id) => office.state.visits.has(id));
      if (purged) log.info({ purged }, 'notes purged');
    } catch (err) {
      log.error({ err }, 'purging notes failed');
    }
  });

  const handlers = {
    setNote: ({ visitId, note }, ctx) => ({
      // The note itself goes sealed into its own table in the visit's transaction; the visit only says it has one.
      visit: office.run(
        ctx.actor,
        (d) => queue.setNote(d, visitId, note.trim() !== ''),
        (visit) => {
          notes.set('visit', visit.id, visit.businessDate, note, ctx.actor);
          ctx.remember?.({ visit });
        },
      ),
    }),
    visitNote({ visitId }, ctx) {
      if (!office.visit(visitId) && !notes.has('visit', visitId)) throw new JunbanError('visit/not_found', 'No visit with this id.');
      return { note: notes.read('visit', visitId, ctx.actor) };
    },
    noteAudit({ subject, id }) {
      if (subject === 'reservation') return reservations.noteAudit(id);
      const audit = notes.auditOf('visit', id);
      if (!office.visit(id) && audit.length === 0) throw new JunbanError('visit/not_found', 'No visit with this id.');
      return audit;
    },
  } satisfies HandlerSlice;
  return { handlers };
}
