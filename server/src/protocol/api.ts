/**
 * The HTTP API, declared once. The server mounts every entry under /api/v1, the socket accepts the same commands,
 * the OpenAPI document is generated from it, and the front ends call it through `createApiClient`.
 *
 * An entry's input merges its path parameters, its query (GET) and its JSON body into one object.
 */
import { z } from 'zod';
import type { Permission } from './access.js';
import type { ErrorCode } from './errors.js';
import { strictInput } from './strict.js';
import {
  CalendarDay, ConfigChange, Congestion, Counter, CounterId, CounterStatus, Device, DeviceKind, DisplaySettings, Id, ImportPreview, LocalizedText, LogEvent,
  OfficeConfig, OfficeFile, OfficeSettings, KioskSettings, Language, PairingStarted, PairingState, Principal, Printer, PrinterView, PrintJobView, PublicView,
  Reservation, Role, Service, ServiceId, Slug, StaffAccount, StaffPresence, StaffView, Visit, VisitStatus,
} from './model.js';
import { CatalogueEntry, DocumentItem, FormIssue, FormValue, FormValues } from './forms.js';
import { RESERVATION_CODE, RESERVATION_CODE_RULE } from './reservation-code.js';
import {
  CountersReport, ForecastInput, HeatmapReport, HistoryRange, ServicesReport, StaffingForecast, TodayReport, TrendReport, WhatIfInput, WhatIfResult,
} from './insights.js';

/** An instant: epoch milliseconds, or an ISO 8601 date-time with its offset. */
const Instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
const CalendarDate = z.iso.date();
const Ok = z.object({ ok: z.literal(true) });
const Password = z.string().min(8, 'at least 8 characters').max(200);
const DisplayName = z.string().trim().min(1).max(100);
/**
 * A PUT of an item named in its path (`/config/counters/:counterId`) takes the id from the path; a body may repeat
 * it as `id`, and then it must match (a differing `id` would otherwise quietly create another item).
 */
const idMatchesPath = <K extends string>(key: K): [(x: { id?: string | undefined } & Record<K, string>) => boolean, { path: string[]; message: string }] => [
  (x) => x.id === undefined || x.id === x[key],
  { path: ['id'], message: `must match ${key} in the path` },
];

/** The ids of a list in their new order, for reordering procedures or kiosk groups. */
const Order = z.object({ ids: z.array(Slug).min(1).max(200) });

/** What a resident takes away: their number, where they are in line and how long it may take. */
export const IssuedVisit = z.object({
  visit: Visit,
  peopleAhead: z.number().int(),
  estimateSec: z.number().nullable(),
  /** The visit status page for the resident's phone (the ticket's QR code). */
  statusUrl: z.string(),
  /** The ticket sent to the kiosk's printer; null when the kiosk has none. */
  print: PrintJobView.nullable(),
});
export type IssuedVisit = z.infer<typeof IssuedVisit>;

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

/** One line of a note's audit: who wrote, erased, read or purged it, and when; never its text. */
export const NoteAuditEntry = FormAuditEntry.pick({ seq: true, at: true, actor: true, actorName: true }).extend({
  action: z.enum(['written', 'erased', 'read', 'purged']),
});
export type NoteAuditEntry = z.infer<typeof NoteAuditEntry>;

/** One procedure the floor guide chose, with its pre-filled form when the procedure has one in the catalogue. */
const GuidedProcedure = z.object({ serviceId: ServiceId, values: FormValues.default({}), documents: z.array(Slug).max(30).default([]) });

const AtCounter = z.object({ counterId: CounterId, stepId: Id });
const CounterAction = z.object({ visit: Visit });
/** A note in clear, for the roles that may read forms; null when there is none (or it was erased at day close). */
const NoteText = z.object({ note: z.string().nullable() });

/**
 * A client's name for one action, so it may send the action again when the answer was lost (`Idempotency-Key` over
 * HTTP, `idempotencyKey` in a socket command). A UUID, or any 8-100 letters, digits and `._:-`.
 */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, 'use 8-100 letters, digits, dots, colons, dashes or underscores (a UUID)');

interface Endpoint {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  permission: Permission | 'none';
  summary: string;
  /**
   * The errors of the office itself this endpoint can answer (a counter busy, a visit not found…). Those of every
   * call are not repeated: 400 input/invalid, 401/403 from the permission, 413 for a body, 500.
   */
  errors?: readonly ErrorCode[];
  input: z.ZodType;
  output: z.ZodType;
  /**
   * Takes an idempotency key: the first answer is kept with the key (24 hours, across restarts), and the same
   * request sent again with it gets that answer again and changes nothing (see docs/api.md, "Retrying safely").
   */
  idempotent?: true;
}

/** An entry of the table; its input refuses fields it does not know (see strictInput). */
function endpoint<I extends z.ZodType, O extends z.ZodType>(e: Omit<Endpoint, 'input' | 'output'> & { input: I; output: O }) {
  return { ...e, input: strictInput(e.input) };
}

export const api = {
  health: endpoint({
    method: 'GET', path: '/health', permission: 'none', summary: 'The server is up and its database writes; 503 storage/unwritable (with the reason) while its last write failed.',
    input: z.object({}), output: z.object({ ok: z.literal(true), version: z.number().int() }),
  }),
  login: endpoint({
    method: 'POST', path: '/auth/login', permission: 'none', errors: ['auth/bad_credentials', 'auth/too_many_attempts'],
    summary:
      'Sign in as staff; sets the session cookie. After 5 wrong passwords for an account from one address, each try there ' +
      'waits longer (Retry-After); after 10, that address is locked out of the account for 15 minutes, and after 20 over ' +
      'all accounts, out of signing in. Other addresses are not affected.',
    input: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }), output: Principal,
  }),
  logout: endpoint({ method: 'POST', path: '/auth/logout', permission: 'none', summary: 'Sign out.', input: z.object({}), output: Ok }),
  me: endpoint({ method: 'GET', path: '/auth/me', permission: 'public:read', summary: 'Who the caller is.', input: z.object({}), output: Principal }),

  publicView: endpoint({
    method: 'GET', path: '/view', permission: 'public:read', summary: 'Counters, waiting counts, estimates and recent calls.',
    input: z.object({}), output: PublicView,
  }),
  staffView: endpoint({
    method: 'GET', path: '/view/staff', permission: 'queue:read', summary: 'The public view plus every waiting, held and missed visit in call order.',
    input: z.object({}), output: StaffView,
  }),

  issueVisit: endpoint({
    method: 'POST', path: '/visits', permission: 'visit:issue', summary: 'Issue a number for one resident and their procedures, in order.',
    errors: ['office/unknown_service', 'office/service_closed', 'office/closed_today', 'office/closed_now', 'printer/not_found', 'kiosk/slow_down'],
    input: z.object({
      services: z.array(ServiceId).min(1).max(10), assistance: z.boolean().default(false),
      /** The resident's language: their ticket gets a line in it. */
      language: Language.default('ja'),
      /** Staff (a floor guide) choose where the ticket prints; a kiosk prints on its own printer. */
      printerId: Slug.optional(),
    }),
    output: IssuedVisit,
  }),
  issueGuided: endpoint({
    method: 'POST', path: '/visits/guided', permission: 'form:write',
    errors: ['form/invalid', 'office/unknown_service', 'office/service_closed', 'office/closed_today', 'office/closed_now', 'printer/not_found', 'kiosk/slow_down'],
    summary:
      "A floor guide issues one number for a resident's checked procedures, in order, keeping each pre-filled form (encrypted) for the counter. " +
      'Refused with form/invalid, changing nothing, while any form has errors, or warnings not acknowledged.',
    input: z.object({
      procedures: z.array(GuidedProcedure).min(1).max(10)
        .refine((ps) => new Set(ps.map((p) => p.serviceId)).size === ps.length, 'each procedure once'),
      assistance: z.boolean().default(false),
      language: Language.default('ja'),
      /** The kiosk's printer or the guide's own: where the ticket prints. */
      printerId: Slug.optional(),
      acknowledgeWarnings: z.boolean().default(false),
    }),
    output: IssuedVisit,
  }),
  getVisit: endpoint({
    method: 'GET', path: '/visits/:visitId', permission: 'queue:read', summary: 'One visit with all its steps.', input: z.object({ visitId: Id }), output: Visit,
    errors: ['visit/not_found'],
  }),
  setRemainingSteps: endpoint({
    method: 'PUT', path: '/visits/:visitId/steps', permission: 'visit:edit', idempotent: true,
    errors: ['visit/not_found', 'step/wrong_state', 'office/unknown_service', 'office/service_closed'],
    summary: 'Replace the procedures still to come after the current one (add, remove or reorder).',
    input: z.object({ visitId: Id, services: z.array(ServiceId).max(10) }), output: CounterAction,
  }),
  setNote: endpoint({
    method: 'PUT', path: '/visits/:visitId/note', permission: 'queue:serve', idempotent: true,
    summary: 'A note for the next counter; empty removes it. Personal data: stored encrypted, erased when the day closes.',
    errors: ['visit/not_found', 'step/wrong_state'],
    input: z.object({ visitId: Id, note: z.string().max(1000) }), output: CounterAction,
  }),
  visitNote: endpoint({
    method: 'GET', path: '/visits/:visitId/note', permission: 'form:read', errors: ['visit/not_found'],
    summary: "A visit's note (personal data, like its forms: counter and guide staff only); null when none or erased at day close.",
    input: z.object({ visitId: Id }), output: NoteText,
  }),
  noteAudit: endpoint({
    method: 'GET', path: '/notes/audit', permission: 'form:read', errors: ['visit/not_found', 'reservation/not_found'],
    summary: "Who wrote, erased, read or purged a visit's or a booking's note, and when (never the text); kept after the purge.",
    input: z.object({ subject: z.enum(['visit', 'reservation']), id: Id }), output: z.array(NoteAuditEntry),
  }),
  cancelVisit: endpoint({
    method: 'POST', path: '/visits/:visitId/cancel', permission: 'visit:edit', idempotent: true, summary: 'The resident left: cancel every step still open.',
    errors: ['visit/not_found', 'step/wrong_state'],
    input: z.object({ visitId: Id }), output: CounterAction,
  }),

  formCatalogue: endpoint({
    method: 'GET', path: '/forms/catalogue', permission: 'form:read',
    summary: "The forms of the office's open procedures, in the office's order: fields, documents to bring, rules.",
    input: z.object({}), output: z.array(CatalogueEntry),
  }),
  checkForm: endpoint({
    method: 'POST', path: '/forms/check', permission: 'form:write', errors: ['form/not_found'],
    summary: "Check a filled-in form against the procedure's rules for today; nothing is stored.",
    input: z.object({ serviceId: ServiceId, values: FormValues.default({}), documents: z.array(Slug).max(30).default([]) }),
    output: z.object({ issues: z.array(FormIssue) }),
  }),
  formAudit: endpoint({
    method: 'GET', path: '/visits/:visitId/forms/audit', permission: 'form:read', errors: ['visit/not_found'],
    summary: "Who created, read, changed, printed or purged this visit's forms, and when (never the contents).",
    input: z.object({ visitId: Id }), output: z.array(FormAuditEntry),
  }),
  visitForms: endpoint({
    method: 'GET', path: '/visits/:visitId/forms', permission: 'form:read', errors: ['visit/not_found'],
    summary: "A visit's pre-filled forms with their document checklist and today's check; each read is audited.",
    input: z.object({ visitId: Id }), output: z.array(VisitForm),
  }),
  updateFormField: endpoint({
    method: 'PUT', path: '/visits/:visitId/forms/:serviceId', permission: 'form:write', errors: ['form/not_found', 'form/invalid'],
    summary:
      "Correct one field of a visit's form, or tick a document ('documents.<id>', value true or false). " +
      'Refused (form/invalid) when the new value itself is wrong; other issues are answered with the form. Audited with the field id.',
    input: z.object({
      visitId: Id, serviceId: ServiceId,
      field: z.string().regex(/^(documents\.)?[a-z0-9][a-z0-9-]{0,39}$/, "a field id, or 'documents.<id>'"),
      value: z.union([FormValue, z.boolean()]),
    }),
    output: VisitForm,
  }),

  callNext: endpoint({
    method: 'POST', path: '/counters/:counterId/call-next', permission: 'queue:serve', idempotent: true,
    errors: ['office/unknown_counter', 'counter/not_open', 'counter/busy', 'queue/empty'],
    summary: 'Call the next visit for this counter: priority first, then the longest wait across its services.',
    input: z.object({ counterId: CounterId }), output: CounterAction,
  }),
  callNumber: endpoint({
    method: 'POST', path: '/counters/:counterId/call', permission: 'queue:serve', idempotent: true, summary: 'Call a specific waiting number.',
    errors: ['office/unknown_counter', 'counter/not_open', 'counter/busy', 'step/not_found'],
    input: z.object({ counterId: CounterId, number: z.string().min(1).max(10) }), output: CounterAction,
  }),
  recall: endpoint({
    method: 'POST', path: '/counters/:counterId/recall', permission: 'queue:serve', idempotent: true, summary: 'Call the same visit again.', input: AtCounter, output: CounterAction,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
  }),
  startServing: endpoint({
    method: 'POST', path: '/counters/:counterId/start', permission: 'queue:serve', idempotent: true, summary: 'The resident arrived at the counter.', input: AtCounter, output: CounterAction,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
  }),
  finish: endpoint({
    method: 'POST', path: '/counters/:counterId/finish', permission: 'queue:serve', idempotent: true,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
    summary: 'Finish this step; the visit moves on to its next procedure with the same number.', input: AtCounter, output: CounterAction,
  }),
  transfer: endpoint({
    method: 'POST', path: '/counters/:counterId/transfer', permission: 'queue:serve', idempotent: true,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state', 'office/unknown_service', 'office/service_closed'],
    summary: 'Finish this step and send the visit on to these procedures (they replace the remaining ones).',
    input: AtCounter.extend({ services: z.array(ServiceId).min(1).max(10) }), output: CounterAction,
  }),
  noShow: endpoint({
    method: 'POST', path: '/counters/:counterId/no-show', permission: 'queue:serve', idempotent: true, summary: 'The called resident did not come.', input: AtCounter, output: CounterAction,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
  }),
  hold: endpoint({
    method: 'POST', path: '/counters/:counterId/hold', permission: 'queue:serve', idempotent: true,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
    summary: 'Send the resident aside (a form, a document); they keep their place for when they return.', input: AtCounter, output: CounterAction,
  }),
  returnHeld: endpoint({
    method: 'POST', path: '/steps/:stepId/return', permission: 'queue:serve', idempotent: true, summary: 'A held resident is ready: back to the queue in their place.',
    errors: ['step/not_found', 'step/wrong_state'],
    input: z.object({ stepId: Id }), output: CounterAction,
  }),
  requeue: endpoint({
    method: 'POST', path: '/steps/:stepId/requeue', permission: 'queue:serve', idempotent: true, summary: 'Put a no-show back in the queue in their place.',
    errors: ['step/not_found', 'step/wrong_state'],
    input: z.object({ stepId: Id }), output: CounterAction,
  }),
  setCounterStatus: endpoint({
    method: 'PUT', path: '/counters/:counterId/status', permission: 'counter:status', idempotent: true, errors: ['office/unknown_counter', 'counter/busy'],
    summary: 'Open, pause or close a counter. Paused and closed counters are left out of calls and estimates.',
    input: z.object({ counterId: CounterId, status: CounterStatus }), output: Ok,
  }),

  listReservations: endpoint({
    method: 'GET', path: '/reservations', permission: 'reservation:read', summary: "A business day's reservations (today by default).",
    input: z.object({ date: CalendarDate.optional() }), output: z.array(Reservation),
  }),
  createReservation: endpoint({
    method: 'POST', path: '/reservations', permission: 'reservation:write', summary: 'Book a slot; a code is generated unless given.',
    errors: ['office/unknown_service', 'office/service_closed', 'reservation/closed_day', 'reservation/duplicate_code'],
    input: z.object({
      serviceId: ServiceId, slotStart: Instant, slotMinutes: z.number().int().min(5).max(240).default(30),
      code: z.string().regex(RESERVATION_CODE, RESERVATION_CODE_RULE).optional(), note: z.string().max(500).optional(),
    }),
    output: Reservation,
  }),
  getReservation: endpoint({
    method: 'GET', path: '/reservations/:reservationId', permission: 'reservation:read', summary: 'One reservation (for the visit at the counter).',
    errors: ['reservation/not_found'],
    input: z.object({ reservationId: Id }), output: Reservation,
  }),
  reservationNote: endpoint({
    method: 'GET', path: '/reservations/:reservationId/note', permission: 'form:read', errors: ['reservation/not_found'],
    summary: "A booking's note (personal data: counter and guide staff only); null when none or erased at day close.",
    input: z.object({ reservationId: Id }), output: NoteText,
  }),
  updateReservation: endpoint({
    method: 'PUT', path: '/reservations/:reservationId', permission: 'reservation:write',
    errors: ['reservation/not_found', 'reservation/used', 'office/unknown_service', 'office/service_closed', 'reservation/closed_day'],
    summary: 'Change a booking that is not checked in yet: procedure, slot, length or note.',
    input: z.object({
      reservationId: Id, serviceId: ServiceId.optional(), slotStart: Instant.optional(),
      slotMinutes: z.number().int().min(5).max(240).optional(), note: z.string().max(500).optional(),
    }),
    output: Reservation,
  }),
  cancelReservation: endpoint({
    method: 'POST', path: '/reservations/:reservationId/cancel', permission: 'reservation:write', summary: 'Cancel a booking that was not checked in.',
    errors: ['reservation/not_found', 'reservation/used'],
    input: z.object({ reservationId: Id }), output: Reservation,
  }),
  importReservations: endpoint({
    method: 'POST', path: '/reservations/import', permission: 'reservation:write',
    errors: ['office/unknown_service', 'office/service_closed', 'reservation/closed_day', 'reservation/duplicate_code'],
    summary: 'Import CSV with a header row: service,date,time[,minutes][,code][,note]; times are local to the office. All rows or none.',
    input: z.object({ csv: z.string().min(1).max(2_000_000) }), output: z.array(Reservation),
  }),
  checkIn: endpoint({
    method: 'POST', path: '/reservations/check-in', permission: 'reservation:checkin', summary: 'Turn a reservation into a visit.',
    errors: ['reservation/not_found', 'reservation/used', 'reservation/not_today', 'office/service_closed', 'office/closed_today', 'office/closed_now', 'kiosk/slow_down'],
    input: z.object({ code: z.string().trim().toUpperCase().min(1).max(12), language: Language.default('ja') }), output: IssuedVisit,
  }),

  visitStatus: endpoint({
    method: 'GET', path: '/status/:token', permission: 'none', errors: ['visit/not_found'],
    summary: "A resident's own visit, from the token in their ticket's QR code: number, place, estimate, and the counter when called.",
    input: z.object({ token: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a status token') }), output: VisitStatus,
  }),

  printers: endpoint({
    method: 'GET', path: '/printers', permission: 'public:read', summary: "Each printer's last known state and the tickets it failed to print today.",
    input: z.object({}), output: z.array(PrinterView),
  }),
  reprint: endpoint({
    method: 'POST', path: '/print-jobs/:jobId/reprint', permission: 'visit:edit', errors: ['print/not_found', 'printer/not_found', 'visit/not_found'],
    summary: 'Print a ticket again, on the same printer or another; the number stays the same.',
    input: z.object({ jobId: Id, printerId: Slug.optional() }), output: PrintJobView,
  }),
  testPrint: endpoint({
    method: 'POST', path: '/printers/:printerId/test', permission: 'config:write', summary: 'Print a test ticket and report the printer state.',
    errors: ['printer/not_found'],
    input: z.object({ printerId: Slug }), output: PrinterView,
  }),
  virtualPrints: endpoint({
    method: 'GET', path: '/printers/:printerId/virtual', permission: 'queue:read', errors: ['printer/not_found'],
    summary: "A virtual printer's latest tickets, newest first, as the exact bytes (base64) it received.",
    input: z.object({ printerId: Slug }), output: z.array(z.object({ at: z.number(), bytes: z.string() })),
  }),
  liftKioskLimit: endpoint({
    method: 'POST', path: '/devices/:deviceId/lift-limit', permission: 'visit:edit', errors: ['access/not_found'],
    summary: 'Let a kiosk that was slowed down issue tickets again at once.', input: z.object({ deviceId: Id }), output: Ok,
  }),

  listEvents: endpoint({
    method: 'GET', path: '/events', permission: 'stats:read', summary: 'The event log, oldest first, for statistics and export.',
    input: z.object({
      from: CalendarDate.optional(), to: CalendarDate.optional(),
      afterSeq: z.coerce.number().int().nonnegative().default(0), limit: z.coerce.number().int().min(1).max(10000).default(1000),
    }),
    output: z.array(LogEvent),
  }),

  insightsServices: endpoint({
    method: 'GET', path: '/insights/services', permission: 'stats:read',
    summary: 'Per procedure over a date range: arrivals, waits, walk and service times, no-shows, service level and how accurate the estimates were.',
    input: HistoryRange, output: ServicesReport,
  }),
  insightsCounters: endpoint({
    method: 'GET', path: '/insights/counters', permission: 'stats:read',
    summary: 'Per counter over a date range: calls, service times, open, busy, and idle time while residents waited.',
    input: HistoryRange, output: CountersReport,
  }),
  insightsHeatmap: endpoint({
    method: 'GET', path: '/insights/heatmap', permission: 'stats:read', summary: 'Arrivals and waits of the average day, by weekday and hour.',
    input: HistoryRange, output: HeatmapReport,
  }),
  insightsTrend: endpoint({
    method: 'GET', path: '/insights/trend', permission: 'stats:read', summary: 'Arrivals, waits and service level by month (busy seasons) or by day.',
    input: HistoryRange.safeExtend({ by: z.enum(['month', 'day']).default('month') }), output: TrendReport,
  }),
  insightsToday: endpoint({
    method: 'GET', path: '/insights/today', permission: 'stats:read', summary: "Today's figures so far per procedure, service level included.",
    input: z.object({}), output: TodayReport,
  }),
  staffingForecast: endpoint({
    method: 'GET', path: '/insights/forecast', permission: 'stats:read',
    summary: 'Forecast arrivals per procedure and hour for future dates, and the counters needed to reach the service-level target.',
    input: ForecastInput, output: StaffingForecast,
  }),
  whatIf: endpoint({
    method: 'POST', path: '/insights/what-if', permission: 'stats:read', errors: ['office/unknown_counter'],
    summary: 'Replay a past day with another plan of open counters and compare the predicted waits with what happened.',
    input: WhatIfInput, output: WhatIfResult,
  }),

  getConfig: endpoint({ method: 'GET', path: '/config', permission: 'public:read', summary: 'The office configuration.', input: z.object({}), output: OfficeConfig }),
  setSettings: endpoint({ method: 'PUT', path: '/config/settings', permission: 'config:write', summary: 'Office name, hours, time zone and rules.', input: OfficeSettings, output: OfficeConfig }),
  // Declared before putService: '/config/services/order' would otherwise be taken for a procedure called "order".
  reorderServices: endpoint({
    method: 'PUT', path: '/config/services/order', permission: 'config:write',
    summary: 'Put the procedures in this order (the kiosk shows them so within their group); those not listed keep their order after them.',
    input: Order, output: OfficeConfig,
  }),
  putService: endpoint({
    method: 'PUT', path: '/config/services/:serviceId', permission: 'config:write', summary: 'Add or change a procedure.',
    input: Service.extend({ serviceId: ServiceId, id: ServiceId.optional() }).refine(...idMatchesPath('serviceId')), output: OfficeConfig,
  }),
  putCounter: endpoint({
    method: 'PUT', path: '/config/counters/:counterId', permission: 'config:write',
    summary: 'Add or change a counter: its name, the procedures it calls in order of preference, and its priority rule.',
    input: Counter.extend({ counterId: CounterId, id: CounterId.optional() }).refine(...idMatchesPath('counterId')), output: OfficeConfig,
  }),
  putPrinter: endpoint({
    method: 'PUT', path: '/config/printers/:printerId', permission: 'config:write', summary: 'Add or change a printer.',
    input: Printer.extend({ printerId: Slug, id: Slug.optional() }).refine(...idMatchesPath('printerId')), output: OfficeConfig,
  }),
  deletePrinter: endpoint({
    method: 'DELETE', path: '/config/printers/:printerId', permission: 'config:write', summary: 'Remove a printer; kiosks using it show numbers on screen only.',
    errors: ['printer/not_found'],
    input: z.object({ printerId: Slug }), output: OfficeConfig,
  }),
  deleteCounter: endpoint({
    method: 'DELETE', path: '/config/counters/:counterId', permission: 'config:write', summary: 'Remove a counter that is not serving anyone.',
    errors: ['office/unknown_counter', 'office/in_use'],
    input: z.object({ counterId: CounterId }), output: OfficeConfig,
  }),

  // Declared before putGroup, for the same reason as reorderServices.
  reorderGroups: endpoint({
    method: 'PUT', path: '/config/groups/order', permission: 'config:write',
    summary: "Put the kiosk's group headings in this order; those not listed keep their order after them.",
    input: Order, output: OfficeConfig,
  }),
  putGroup: endpoint({
    method: 'PUT', path: '/config/groups/:groupId', permission: 'config:write', summary: 'Add or rename a group heading on the kiosk.',
    input: z.object({ groupId: Slug, name: LocalizedText }), output: OfficeConfig,
  }),
  deleteGroup: endpoint({
    method: 'DELETE', path: '/config/groups/:groupId', permission: 'config:write', errors: ['office/unknown_group'],
    summary: 'Remove a group heading; its procedures stay, shown without a heading until put in another group.',
    input: z.object({ groupId: Slug }), output: OfficeConfig,
  }),
  calendar: endpoint({
    method: 'GET', path: '/calendar', permission: 'public:read',
    summary: 'The days from `from` to `to` (today and the next 30 days by default, at most 400): open or closed, and why (closure, public holiday, weekday).',
    input: z.object({ from: CalendarDate.optional(), to: CalendarDate.optional() }), output: z.array(CalendarDay),
  }),
  exportConfig: endpoint({
    method: 'GET', path: '/config/export', permission: 'config:write',
    summary: "The office's setup as one file, to import into another office: configuration and display settings; no tokens, passwords or visits.",
    input: z.object({}), output: OfficeFile,
  }),
  importConfig: endpoint({
    method: 'POST', path: '/config/import', permission: 'config:write', errors: ['office/in_use'],
    summary:
      'Compare a setup file (an export, or a bare configuration like server/demo/office.json) with this office: what it adds, changes and removes. ' +
      'With apply: true, replace the configuration in one step. Procedures missing from the file are kept but closed.',
    input: z.object({ file: z.unknown(), apply: z.boolean().default(false) }), output: ImportPreview,
  }),
  listChanges: endpoint({
    method: 'GET', path: '/config/changes', permission: 'config:write',
    summary: 'The change history of setup and accounts, newest first: who, when, which endpoint and what.',
    input: z.object({
      limit: z.coerce.number().int().min(1).max(500).default(100),
      /** For the next page: the `seq` of the oldest change already shown. */
      beforeSeq: z.coerce.number().int().positive().optional(),
    }),
    output: z.array(ConfigChange),
  }),

  startPairing: endpoint({
    method: 'POST', path: '/pairing', permission: 'none', errors: ['pairing/too_many_attempts'],
    summary: 'A new kiosk, display or print agent asks to be paired: it shows the code (valid 10 minutes) and polls with the pairing id.',
    input: z.object({ kind: DeviceKind }), output: PairingStarted,
  }),
  pairingState: endpoint({
    method: 'GET', path: '/pairing/:pairingId', permission: 'none', errors: ['pairing/not_found'],
    summary: "The device's poll: waiting until an admin confirms the code, then its token, once. Unknown, expired or collected pairings get 404.",
    input: z.object({ pairingId: z.string().regex(/^[A-Za-z0-9_-]{16,100}$/, 'a pairing id') }), output: PairingState,
  }),
  confirmPairing: endpoint({
    method: 'POST', path: '/pairing/confirm', permission: 'access:write', errors: ['pairing/not_found', 'pairing/too_many_attempts', 'printer/not_found'],
    summary: 'Register the device showing this code, with a name and optionally its settings. At most 5 wrong codes a minute per admin.',
    input: z.object({
      code: z.string().transform((c) => c.replace(/[\s-]/g, '')).pipe(z.string().regex(/^\d{6}$/, 'six digits')),
      name: DisplayName, display: DisplaySettings.optional(), kiosk: KioskSettings.optional(),
    }),
    output: Device,
  }),

  listDevices: endpoint({ method: 'GET', path: '/devices', permission: 'access:write', summary: 'Kiosks and displays.', input: z.object({}), output: z.array(Device) }),
  createDevice: endpoint({
    method: 'POST', path: '/devices', permission: 'access:write', summary: 'Register a kiosk or display; the token is shown only once.',
    input: z.object({ kind: DeviceKind, name: z.string().trim().min(1).max(100) }), output: z.object({ device: Device, token: z.string() }),
  }),
  revokeDevice: endpoint({
    method: 'POST', path: '/devices/:deviceId/revoke', permission: 'access:write', summary: 'Revoke a device; it is disconnected at once.',
    errors: ['access/not_found'],
    input: z.object({ deviceId: Id }), output: Device,
  }),
  renameDevice: endpoint({
    method: 'PUT', path: '/devices/:deviceId', permission: 'access:write', errors: ['access/not_found'], summary: 'Rename a kiosk, display or print agent.',
    input: z.object({ deviceId: Id, name: DisplayName }), output: Device,
  }),
  setDisplaySettings: endpoint({
    method: 'PUT', path: '/devices/:deviceId/display', permission: 'access:write', errors: ['access/not_found'],
    summary: 'Choose what a display shows (counters, procedures, second language); it changes at once, without touching the device.',
    input: DisplaySettings.extend({ deviceId: Id }), output: Device,
  }),
  setKioskSettings: endpoint({
    method: 'PUT', path: '/devices/:deviceId/kiosk', permission: 'access:write', errors: ['access/not_found', 'printer/not_found'],
    summary: "Choose a kiosk's printer and how many tickets a minute it may issue.",
    input: KioskSettings.extend({ deviceId: Id }), output: Device,
  }),
  thisDevice: endpoint({
    method: 'GET', path: '/device', permission: 'public:read', summary: 'The calling kiosk or display, with its settings.',
    input: z.object({}), output: Device,
  }),
  reportDisplayStatus: endpoint({
    method: 'PUT', path: '/device/display-status', permission: 'public:read',
    summary:
      'A display says that its installer enabled sound, or which of its languages the browser has no voice for (chime only). ' +
      'Kept with its settings: a browser restarted with a fresh profile does not ask for sound again, and staff see the voices in Setup › Devices.',
    input: z.object({ soundEnabled: z.literal(true).optional(), missingVoices: z.array(Language).max(10).optional() }).strict(),
    output: Device,
  }),
  congestion: endpoint({
    method: 'GET', path: '/congestion', permission: 'none',
    summary: 'Public: per procedure, the number being served, people waiting and the estimated wait. No device token needed.',
    input: z.object({}), output: Congestion,
  }),
  listStaff: endpoint({ method: 'GET', path: '/staff', permission: 'access:write', summary: 'Staff accounts.', input: z.object({}), output: z.array(StaffAccount) }),
  createStaff: endpoint({
    method: 'POST', path: '/staff', permission: 'access:write', errors: ['access/duplicate_username'], summary: 'Create a staff account.',
    input: z.object({
      username: z.string().regex(/^[a-z0-9._-]{2,40}$/, 'use 2-40 lowercase letters, digits, dots, dashes or underscores'),
      displayName: DisplayName, role: Role, password: Password,
    }),
    output: StaffAccount,
  }),
  staffPresence: endpoint({
    method: 'GET', path: '/staff/presence', permission: 'access:write',
    summary: 'Who is signed in now with a screen open, and at which counter their console says they are.',
    input: z.object({}), output: z.array(StaffPresence),
  }),
  updateStaff: endpoint({
    method: 'PUT', path: '/staff/:staffId', permission: 'access:write', errors: ['access/not_found', 'access/own_account', 'access/last_admin'],
    summary:
      "Change an account's name or role, or disable it (which signs it out everywhere). " +
      'Admins cannot disable or demote themselves, and the last enabled admin stays an admin.',
    input: z.object({ staffId: Id, displayName: DisplayName.optional(), role: Role.optional(), disabled: z.boolean().optional() }),
    output: StaffAccount,
  }),
  unlockStaff: endpoint({
    method: 'POST', path: '/staff/:staffId/unlock', permission: 'access:write', errors: ['access/not_found'],
    summary: 'Lift the sign-in locks on an account (after too many wrong passwords), at every address.',
    input: z.object({ staffId: Id }), output: Ok,
  }),
  resetPassword: endpoint({
    method: 'POST', path: '/staff/:staffId/password', permission: 'access:write', errors: ['access/not_found'],
    summary: "Set a new password for an account; its other sessions end.",
    input: z.object({ staffId: Id, password: Password }), output: Ok,
  }),
} as const;

/**
 * The API's routes that answer a file instead of JSON. They are not commands (the socket does not take them), but
 * they are part of the API: the OpenAPI document describes them from here, and their routers take path,
 * permission and input from here too.
 */
interface FileRoute {
  /** GET reads; POST is a command whose answer is a file (printing a form is audited, so a link cannot do it). */
  method: 'GET' | 'POST';
  path: string;
  permission: Permission;
  summary: string;
  contentType: string;
  errors?: readonly ErrorCode[];
  input: z.ZodType;
}

function fileRoute<I extends z.ZodType>(f: Omit<FileRoute, 'input'> & { input: I }) {
  return { ...f, input: strictInput(f.input) };
}

export const files = {
  virtualTicketImage: fileRoute({
    method: 'GET', path: '/printers/:printerId/virtual/:n.png', permission: 'queue:read', contentType: 'image/png', errors: ['print/not_found'],
    summary: "A virtual printer's ticket as a picture, 0 the newest: what the demo shows instead of paper.",
    input: z.object({ printerId: Slug, n: z.string().regex(/^\d{1,3}$/, '0 for the newest ticket, 1 the one before…') }),
  }),
  printForm: fileRoute({
    method: 'POST', path: '/visits/:visitId/forms/:serviceId/print', permission: 'form:read', contentType: 'application/pdf',
    errors: ['form/not_found', 'form/no_font'],
    summary:
      "Print a visit's completed form: answers an A4 PDF for the resident's signature and audits the print. A command, not a " +
      'link, so another page cannot print one or fill the audit; the admin screen posts it to a new tab. Never cached.',
    input: z.object({ visitId: Id, serviceId: ServiceId }),
  }),
  aggregatesCsv: fileRoute({
    method: 'GET', path: '/insights/export/aggregates.csv', permission: 'stats:read', contentType: 'text/csv',
    summary: 'The figures per period (day or month) and procedure, as CSV (UTF-8 with a byte-order mark, for Excel).',
    input: HistoryRange.safeExtend({ by: z.enum(['day', 'month']).default('day') }),
  }),
  eventsCsv: fileRoute({
    method: 'GET', path: '/insights/export/events.csv', permission: 'stats:read', contentType: 'text/csv',
    summary: 'The raw event log of a date range as CSV (UTF-8 with a byte-order mark); it holds no personal data.',
    input: HistoryRange,
  }),
} as const;

export type Api = typeof api;
export type EndpointName = keyof Api;
/** Whether an endpoint takes an idempotency key (see `Endpoint.idempotent`). */
export const takesIdempotencyKey = (name: EndpointName): boolean => (api[name] as Endpoint).idempotent === true;
export type ApiInput<N extends EndpointName> = z.input<Api[N]['input']>;
export type ApiOutput<N extends EndpointName> = z.output<Api[N]['output']>;

