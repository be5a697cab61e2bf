/** The forms endpoints: a resident's pre-filled forms, and the guide's number for them. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { endpoint, fileRoute } from '../common/endpoint.js';
import { Id, Language, LocalizedText, Needs, ServiceId, Slug } from '../common/model.js';
import { CatalogueEntry, DocumentItem, FormIssue, FormValue, FormValues } from './model.js';
import { formsRoutes } from './routes.js';
import { IssuedVisit } from '../queue/api.js';

/** A resident's form on their visit, as the guide and the counter see it (personal data: form roles only). */
export const VisitForm = z.object({
  serviceId: ServiceId,
  title: LocalizedText,
  values: FormValues,
  /** The documents ticked as seen. */
  documents: z.array(Slug),
  /** The checklist of documents for this procedure, to show the unticked ones too. */
  checklist: z.array(DocumentItem),
  /** What a check of the form finds today. */
  issues: z.array(FormIssue),
  updatedAt: z.number(),
});
export type VisitForm = z.infer<typeof VisitForm>;

/** One line of a visit's form audit log: who did what to which form and when; never the contents. */
export const FormAuditEntry = z.object({
  seq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  /** The actor's display name now; null when the account is gone or it was the system (the purge). */
  actorName: z.string().nullable(),
  serviceId: ServiceId,
  action: z.enum(['created', 'read', 'updated', 'printed', 'purged']),
  /** For 'updated': the field id (or 'documents.<id>'), never its value. */
  field: z.string().nullable(),
});
export type FormAuditEntry = z.infer<typeof FormAuditEntry>;

/** One procedure the floor guide chose, with its pre-filled form when the procedure has one in the catalogue. */
const GuidedProcedure = z.object({ serviceId: ServiceId, values: FormValues.default({}), documents: z.array(Slug).max(30).default([]) });

export const formsApi = {
  issueGuided: endpoint({
    ...formsRoutes.issueGuided,
    permission: 'form:write',
    errors: [
      'form/invalid',
      'office/unknown_service',
      'office/service_closed',
      'office/closed_today',
      'office/closed_now',
      'printer/not_found',
      'kiosk/slow_down',
    ],
    summary:
      "A floor guide issues one number for a resident's checked procedures, in order, keeping each pre-filled form (encrypted) for the counter. " +
      'Refused with form/invalid, changing nothing, while any form has errors, or warnings not acknowledged.',
    input: z.object({
      procedures: z
        .array(GuidedProcedure)
        .min(1)
        .max(10)
        .refine((ps) => new Set(ps.map((p) => p.serviceId)).size === ps.length, 'each procedure once'),
      assistance: z.boolean().default(false),
      /** What the resident needs to be served (codes only): routed to counters that declare them. */
      needs: Needs.default([]),
      language: Language.default('ja'),
      /** The kiosk's printer or the guide's own: where the ticket prints. */
      printerId: Slug.optional(),
      acknowledgeWarnings: z.boolean().default(false),
    }),
    output: IssuedVisit,
  }),
  formCatalogue: endpoint({
    ...formsRoutes.formCatalogue,
    permission: 'form:read',
    summary: "The forms of the office's open procedures, in the office's order: fields, documents to bring, rules.",
    input: z.object({}),
    output: z.array(CatalogueEntry),
  }),
  checkForm: endpoint({
    ...formsRoutes.checkForm,
    permission: 'form:write',
    errors: ['form/not_found'],
    summary: "Check a filled-in form against the procedure's rules for today; nothing is stored.",
    input: z.object({ serviceId: ServiceId, values: FormValues.default({}), documents: z.array(Slug).max(30).default([]) }),
    output: z.object({ issues: z.array(FormIssue) }),
  }),
  formAudit: endpoint({
    ...formsRoutes.formAudit,
    permission: 'form:read',
    errors: ['visit/not_found'],
    summary: "Who created, read, changed, printed or purged this visit's forms, and when (never the contents).",
    input: z.object({ visitId: Id }),
    output: z.array(FormAuditEntry),
  }),
  visitForms: endpoint({
    ...formsRoutes.visitForms,
    permission: 'form:read',
    errors: ['visit/not_found'],
    summary: "A visit's pre-filled forms with their document checklist and today's check; each read is audited.",
    input: z.object({ visitId: Id }),
    output: z.array(VisitForm),
  }),
  updateFormField: endpoint({
    ...formsRoutes.updateFormField,
    permission: 'form:write',
    errors: ['form/not_found', 'form/invalid'],
    summary:
      "Correct one field of a visit's form, or tick a document ('documents.<id>', value true or false). " +
      'Refused (form/invalid) when the new value itself is wrong; other issues are answered with the form. Audited with the field id.',
    input: z.object({
      visitId: Id,
      serviceId: ServiceId,
      field: z.string().regex(/^(documents\.)?[a-z0-9][a-z0-9-]{0,39}$/, "a field id, or 'documents.<id>'"),
      value: z.union([FormValue, z.boolean()]),
    }),
    output: VisitForm,
  }),
} as const;

/** The forms routes that answer a file (see `files` in api.ts). */
export const formsFiles = {
  printForm: fileRoute({
    method: 'POST',
    path: '/visits/:visitId/forms/:serviceId/print',
    permission: 'form:read',
    contentType: 'application/pdf',
    errors: ['form/not_found', 'form/no_font'],
    summary:
      "Print a visit's completed form: answers an A4 PDF for the resident's signature and audits the print. A command, not a " +
      'link, so another page cannot print one or fill the audit; the admin screen posts it to a new tab. Never cached.',
    input: z.object({ visitId: Id, serviceId: ServiceId }),
  }),
} as const;
