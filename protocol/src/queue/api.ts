/** The queue endpoints: issuing numbers, visits, and the counter's actions on them; the resident's status page. Methods and paths are in ./routes.ts; ../api.ts joins this table to the others. */
import { z } from 'zod';
import { NoteText, Ok, endpoint } from '../common/endpoint.js';
import { CounterId, Id, Language, Needs, ServiceId, Slug } from '../common/model.js';
import { PrintJobView } from '../printing/model.js';
import { CounterStatus, Visit, VisitStatus } from './model.js';
import { queueRoutes } from './routes.js';

/** One line of a note's audit: who wrote, erased, read or purged it, and when; never its text (like a form's). */
export const NoteAuditEntry = z.object({
  seq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  /** The actor's display name now; null when the account is gone or it was the system (the purge). */
  actorName: z.string().nullable(),
  action: z.enum(['written', 'erased', 'read', 'purged']),
});
export type NoteAuditEntry = z.infer<typeof NoteAuditEntry>;

/** What a resident takes away: their number, where they are in line and how long it may take. */
export const IssuedVisit = z.object({
  visit: Visit,
  peopleAhead: z.number().int(),
  estimateSec: z.number().nullable(),
  /** The visit status page for the resident's phone (the ticket's QR code). */
  statusUrl: z.string(),
  /** The ticket sent to the kiosk's printer; null when the kiosk has none. */
  print: PrintJobView.nullable(),
  /**
   * Whether the status page is at the city the office is linked to, where the resident may ask to be told when their
   * turn is near: the kiosk, the guide and the ticket then say so beside "you may leave".
   */
  notices: z.boolean(),
});
export type IssuedVisit = z.infer<typeof IssuedVisit>;

const AtCounter = z.object({ counterId: CounterId, stepId: Id });
/** How the step ended: one of its procedure's outcome codes (setup's `Service.outcomes`). */
const Finishing = AtCounter.extend({ outcome: Slug.optional() });
const CounterAction = z.object({ visit: Visit });

export const queueApi = {
  issueVisit: endpoint({
    ...queueRoutes.issueVisit,
    permission: 'visit:issue',
    summary: 'Issue a number for one resident and their procedures, in order.',
    errors: [
      'office/unknown_service',
      'office/service_closed',
      'office/closed_today',
      'office/closed_now',
      'queue/cut_off',
      'printer/not_found',
      'kiosk/slow_down',
    ],
    input: z.object({
      services: z.array(ServiceId).min(1).max(10),
      assistance: z.boolean().default(false),
      /** What the resident needs to be served (codes only): routed to counters that declare them. */
      needs: Needs.default([]),
      /** The resident's language: their ticket gets a line in it. */
      language: Language.default('ja'),
      /** Staff (a floor guide) choose where the ticket prints; a kiosk prints on its own printer. */
      printerId: Slug.optional(),
    }),
    output: IssuedVisit,
  }),
  getVisit: endpoint({
    ...queueRoutes.getVisit,
    permission: 'queue:read',
    summary: 'One visit with all its steps.',
    input: z.object({ visitId: Id }),
    output: Visit,
    errors: ['visit/not_found'],
  }),
  setRemainingSteps: endpoint({
    ...queueRoutes.setRemainingSteps,
    permission: 'visit:edit',
    idempotent: true,
    errors: ['visit/not_found', 'step/wrong_state', 'office/unknown_service', 'office/service_closed'],
    summary: 'Replace the procedures still to come after the current one (add, remove or reorder).',
    input: z.object({ visitId: Id, services: z.array(ServiceId).max(10) }),
    output: CounterAction,
  }),
  setNote: endpoint({
    ...queueRoutes.setNote,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'A note for the next counter; empty removes it. Personal data: stored encrypted, erased when the day closes.',
    errors: ['visit/not_found', 'step/wrong_state'],
    input: z.object({ visitId: Id, note: z.string().max(1000) }),
    output: CounterAction,
  }),
  visitNote: endpoint({
    ...queueRoutes.visitNote,
    permission: 'form:read',
    errors: ['visit/not_found'],
    summary: "A visit's note (personal data, like its forms: counter and guide staff only); null when none or erased at day close.",
    input: z.object({ visitId: Id }),
    output: NoteText,
  }),
  noteAudit: endpoint({
    ...queueRoutes.noteAudit,
    permission: 'form:read',
    errors: ['visit/not_found', 'reservation/not_found'],
    summary: "Who wrote, erased, read or purged a visit's or a booking's note, and when (never the text); kept after the purge.",
    input: z.object({ subject: z.enum(['visit', 'reservation']), id: Id }),
    output: z.array(NoteAuditEntry),
  }),
  cancelVisit: endpoint({
    ...queueRoutes.cancelVisit,
    permission: 'visit:edit',
    idempotent: true,
    summary: 'The resident left: cancel every step still open.',
    errors: ['visit/not_found', 'step/wrong_state'],
    input: z.object({ visitId: Id }),
    output: CounterAction,
  }),
  checkInVisit: endpoint({
    ...queueRoutes.checkInVisit,
    permission: 'visit:edit',
    idempotent: true,
    summary: 'A number taken from a phone: its resident is here (staff check them in when the kiosk cannot read their code). From now on it is called in turn.',
    errors: ['visit/not_found', 'step/wrong_state', 'reservation/used'],
    input: z.object({ visitId: Id }),
    output: CounterAction,
  }),
  callNext: endpoint({
    ...queueRoutes.callNext,
    permission: 'queue:serve',
    idempotent: true,
    errors: ['office/unknown_counter', 'counter/not_open', 'counter/busy', 'queue/empty'],
    summary: 'Call the next visit for this counter: priority first, then the longest wait across its services.',
    input: z.object({ counterId: CounterId }),
    output: CounterAction,
  }),
  callNumber: endpoint({
    ...queueRoutes.callNumber,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'Call a specific waiting number.',
    errors: ['office/unknown_counter', 'counter/not_open', 'counter/busy', 'step/not_found'],
    input: z.object({ counterId: CounterId, number: z.string().min(1).max(10) }),
    output: CounterAction,
  }),
  recall: endpoint({
    ...queueRoutes.recall,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'Call the same visit again; `visual` flashes the call on the displays for a resident who may not hear it.',
    input: AtCounter.extend({ visual: z.boolean().default(false) }),
    output: CounterAction,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
  }),
  startServing: endpoint({
    ...queueRoutes.startServing,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'The resident arrived at the counter.',
    input: AtCounter,
    output: CounterAction,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
  }),
  finish: endpoint({
    ...queueRoutes.finish,
    permission: 'queue:serve',
    idempotent: true,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state', 'step/outcome_required', 'step/unknown_outcome'],
    summary:
      "Finish this step; the visit moves on to its next procedure with the same number. `outcome` is one of the procedure's outcome codes, required where the office says so.",
    input: Finishing,
    output: CounterAction,
  }),
  transfer: endpoint({
    ...queueRoutes.transfer,
    permission: 'queue:serve',
    idempotent: true,
    errors: [
      'office/unknown_counter',
      'step/not_found',
      'step/other_counter',
      'step/wrong_state',
      'office/unknown_service',
      'office/service_closed',
      'step/outcome_required',
      'step/unknown_outcome',
    ],
    summary: 'Finish this step and send the visit on to these procedures (they replace the remaining ones).',
    input: Finishing.extend({ services: z.array(ServiceId).min(1).max(10) }),
    output: CounterAction,
  }),
  noShow: endpoint({
    ...queueRoutes.noShow,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'The called resident did not come.',
    input: AtCounter,
    output: CounterAction,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state', 'step/too_soon'],
  }),
  hold: endpoint({
    ...queueRoutes.hold,
    permission: 'queue:serve',
    idempotent: true,
    errors: ['office/unknown_counter', 'step/not_found', 'step/other_counter', 'step/wrong_state'],
    summary: 'Send the resident aside (a form, a document); they keep their place for when they return.',
    input: AtCounter,
    output: CounterAction,
  }),
  returnHeld: endpoint({
    ...queueRoutes.returnHeld,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'A held resident is ready: back to the queue in their place.',
    errors: ['step/not_found', 'step/wrong_state'],
    input: z.object({ stepId: Id }),
    output: CounterAction,
  }),
  markReady: endpoint({
    ...queueRoutes.markReady,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'Documents prepared in the back office are ready: the number joins the pick-up board and a counter may call it.',
    errors: ['step/not_found', 'step/wrong_state'],
    input: z.object({ stepId: Id }),
    output: CounterAction,
  }),
  requeue: endpoint({
    ...queueRoutes.requeue,
    permission: 'queue:serve',
    idempotent: true,
    summary: 'Put a no-show back in the queue in their place.',
    errors: ['step/not_found', 'step/wrong_state'],
    input: z.object({ stepId: Id }),
    output: CounterAction,
  }),
  setCounterStatus: endpoint({
    ...queueRoutes.setCounterStatus,
    permission: 'counter:status',
    idempotent: true,
    errors: ['office/unknown_counter', 'counter/busy', 'counter/unknown_reason'],
    summary:
      "Open, pause or close a counter. Paused and closed counters are left out of calls and estimates. A pause may give one of the office's pause reasons (`reason`).",
    input: z.object({ counterId: CounterId, status: CounterStatus, reason: Slug.optional() }),
    output: Ok,
  }),
  visitStatus: endpoint({
    ...queueRoutes.visitStatus,
    permission: 'none',
    errors: ['visit/not_found'],
    summary: "A resident's own visit, from the token in their ticket's QR code: number, place, estimate, and the counter when called.",
    input: z.object({ token: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a status token') }),
    output: VisitStatus,
  }),
} as const;
