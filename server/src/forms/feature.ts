/**
 * The floor guide's pre-filled forms, wired: their slice of the API table, their PDF route, and their purge when
 * their day (plus the retention days) is over.
 */
import type { Logger } from 'pino';
import type { AccessStore } from '../access/store.js';
import type { IssueWithTicket } from '../kiosks/issuing.js';
import { JunbanError } from '@junban/protocol';
import * as queue from '../queue/commands.js';
import type { Office, OfficeReader } from '../queue/office.js';
import type { HandlerSlice } from '../web/calls.js';
import { checkForm } from '@junban/protocol/form-check';
import type { Forms } from './forms.js';
import { formPdfRoute } from './http.js';

export type FormsOffice = OfficeReader & Pick<Office, 'run' | 'visit' | 'onTick'> & { state: Pick<Office['state'], 'visits'> };

export function formsFeature(deps: { forms: Forms; office: FormsOffice; access: AccessStore; issueWithTicket: IssueWithTicket; log: Logger }) {
  const { forms, office, issueWithTicket, log } = deps;
  // Checked on every tick, the first one at start. A resident still at a counter past closing keeps theirs until
  // the visit ends.
  office.onTick(() => {
    try {
      const purged = forms.purge(office.businessDate(), office.config.settings.formRetentionDays, (id) => office.state.visits.has(id));
      if (purged) log.info({ purged }, 'forms purged');
    } catch (err) {
      log.error({ err }, 'purging forms failed');
    }
  });

  /** A visit's forms may be asked for while it is open, and after it closed as long as it had forms (their audit stays). */
  const formsVisit = (visitId: string) => {
    const visit = office.visit(visitId);
    if (!visit && !forms.hasForms(visitId)) throw new JunbanError('visit/not_found', 'No visit with this id.');
    return visit;
  };

  const handlers = {
    issueGuided({ procedures, assistance, needs, language, printerId, acknowledgeWarnings }, ctx) {
      // Checked before anything is written: a refused form leaves no visit, no number used and no ticket.
      forms.assertIssuable(procedures, office.businessDate(), acknowledgeWarnings);
      return issueWithTicket(ctx, language, printerId, () =>
        office.run(
          ctx.actor,
          (d) => queue.issue(d, { services: procedures.map((p) => p.serviceId), assistance, needs, language, source: 'staff' }),
          // In the visit's own transaction: the number and its forms are stored together or not at all.
          ({ visit }) => forms.create(visit, procedures, ctx.actor),
        ),
      );
    },
    formCatalogue: () =>
      office.config.services
        .filter((s) => s.active)
        .flatMap((s) => {
          const entry = forms.entry(s.id);
          return entry ? [entry] : [];
        }),
    checkForm({ serviceId, values, documents }) {
      const entry = forms.entry(serviceId);
      if (!entry) throw new JunbanError('form/not_found', `The procedure "${serviceId}" has no form.`);
      return { issues: checkForm(entry, values, documents, office.businessDate()) };
    },
    visitForms({ visitId }, ctx) {
      const visit = formsVisit(visitId);
      return forms.list(
        visitId,
        ctx.actor,
        office.businessDate(),
        visit?.steps.map((s) => s.serviceId),
      );
    },
    updateFormField: ({ visitId, serviceId, field, value }, ctx) => forms.updateField(visitId, serviceId, field, value, ctx.actor, office.businessDate()),
    formAudit({ visitId }) {
      formsVisit(visitId);
      return forms.auditOf(visitId);
    },
  } satisfies HandlerSlice;

  const routes = formPdfRoute({ access: deps.access, forms, config: () => office.config, visit: (id) => office.visit(id), log });
  return { forms, handlers, routes };
}
