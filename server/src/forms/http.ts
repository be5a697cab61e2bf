import express from 'express';
import type { Logger } from 'pino';
import { actorOf, authorize } from '../access/authenticate.js';
import type { AccessStore } from '../access/store.js';
import { files, Id, JunbanError, ServiceId, type OfficeConfig, type Principal, type Visit } from '../protocol/index.js';
import type { Forms } from './forms.js';
import { formPdf, japaneseFont } from './pdf.js';

/**
 * Printing a visit's completed form (`POST /visits/<id>/forms/<serviceId>/print`): answers the PDF for the resident
 * to sign, and audits the print. Not in the API table because it answers a PDF, not JSON; it checks the same
 * permission (form:read). A POST, not a link: a GET must not write the audit, or any page could fill it with prints
 * nobody made. The admin screen posts an empty HTML form to a new tab, where the browser shows and prints the PDF.
 * The address holds only ids, and the answer must not be cached by a browser or proxy: it is personal data.
 */
export function formPdfRoute(deps: { access: AccessStore; forms: Forms; config: () => OfficeConfig; visit: (id: string) => Visit | undefined; log: Logger }) {
  const router = express.Router();
  router.post(files.printForm.path, async (req, res) => {
    res.set('cache-control', 'no-store');
    const fail = (err: JunbanError) => void res.status(err.status).json({ error: err.toBody() });
    let principal: Principal;
    try {
      principal = authorize(deps.access, req.headers, files.printForm.permission);
    } catch (err) {
      fail(err as JunbanError);
      return;
    }
    const visitId = Id.safeParse(req.params.visitId);
    const serviceId = ServiceId.safeParse(req.params.serviceId);
    if (!visitId.success || !serviceId.success) {
      fail(new JunbanError('form/not_found', 'No such form.'));
      return;
    }
    try {
      // The font first: a server without it refuses before the print is audited.
      const font = japaneseFont();
      const form = deps.forms.forPrint(visitId.data, serviceId.data, actorOf(principal));
      const pdf = await formPdf(form, { office: deps.config().settings.name, number: deps.visit(visitId.data)?.number ?? null, font });
      // The office's page policy (object-src 'none') would stop the browser's own PDF viewer from showing it; this
      // file is made here, not by anyone else, so it keeps only the ban on framing.
      res.set('content-security-policy', "frame-ancestors 'none'");
      res.type('application/pdf').set('content-disposition', `inline; filename="form-${serviceId.data}.pdf"`).send(pdf);
    } catch (err) {
      if (err instanceof JunbanError) fail(err);
      else {
        // Only the error: never the form it was printing.
        deps.log.error({ err }, 'form PDF failed');
        fail(new JunbanError('server/internal', 'The form could not be made into a PDF.'));
      }
    }
  });
  return router;
}
