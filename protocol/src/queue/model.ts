/** Visits and their steps, the event log, queues, counters and calls. */
import { z } from 'zod';
import { CounterId, Id, Language, LocalizedText, ServiceId } from '../common/model.js';

/**
 * pending: a later step, not yet in a queue. waiting: in its service's queue. held: sent aside (form, document),
 * keeps its place. no_show: called but did not come; staff can put it back. expired: still open when the day closed.
 */
export const StepState = z.enum(['pending', 'waiting', 'called', 'serving', 'held', 'done', 'no_show', 'cancelled', 'expired']);
export type StepState = z.infer<typeof StepState>;

export const Step = z.object({
  id: Id,
  serviceId: ServiceId,
  state: StepState,
  /** When the step joined its queue; the order of the queue. Kept through hold and no-show so a return keeps its place. */
  enteredAt: z.number().optional(),
  /** From this instant the step goes ahead of ordinary visits (assistance, or a reservation slot). */
  priorityFrom: z.number().optional(),
  counterId: CounterId.optional(),
  calledAt: z.number().optional(),
  calls: z.number().int().default(0),
  startedAt: z.number().optional(),
  endedAt: z.number().optional(),
  /** The wait estimate the resident was given when the step joined its queue, for measuring accuracy later. */
  estimateSec: z.number().nullable().optional(),
});
export type Step = z.infer<typeof Step>;

export const VisitSource = z.enum(['kiosk', 'staff', 'reservation']);
export const Visit = z.object({
  id: Id,
  businessDate: z.string(),
  /** The number the resident holds all day, e.g. "A12". */
  number: z.string(),
  issuedAt: z.number(),
  source: VisitSource,
  assistance: z.boolean(),
  reservationId: Id.optional(),
  /**
   * The language the resident chose at the kiosk or told the floor guide: their status page opens in it and the
   * counter sees it. Absent on visits from before it was kept.
   */
  language: Language.optional(),
  /**
   * Staff wrote a note for the next counter. The note itself is personal data, kept sealed apart from the visit
   * (server/src/notes) and read only by form roles through `GET /visits/{id}/note`.
   */
  hasNote: z.literal(true).optional(),
  steps: z.array(Step).min(1),
});
export type Visit = z.infer<typeof Visit>;

export const EventType = z.enum([
  'issued', 'queued', 'called', 'recalled', 'started', 'held', 'returned', 'finished', 'transferred', 'steps_changed',
  'no_show', 'requeued', 'cancelled', 'expired', 'counter_opened', 'counter_paused', 'counter_closed',
]);
export type EventType = z.infer<typeof EventType>;

/** One line of the append-only event log. It carries no personal data: it is what statistics are made of. */
export const LogEvent = z.object({
  seq: z.number().int(),
  at: z.number(),
  businessDate: z.string(),
  type: EventType,
  visitId: Id.optional(),
  number: z.string().optional(),
  stepId: Id.optional(),
  serviceId: ServiceId.optional(),
  counterId: CounterId.optional(),
  /** Who did it: "staff:<id>", "device:<id>" or "system". */
  actor: z.string(),
  /** Measured durations (seconds) and other figures of the transition. */
  data: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null(), z.array(z.string())])).optional(),
});
export type LogEvent = z.infer<typeof LogEvent>;

export const CounterStatus = z.enum(['open', 'paused', 'closed']);
export type CounterStatus = z.infer<typeof CounterStatus>;

export const CounterView = z.object({
  id: CounterId,
  status: CounterStatus,
  /** The visit at this counter right now. */
  current: z
    .object({ visitId: Id, stepId: Id, number: z.string(), serviceId: ServiceId, state: z.enum(['called', 'serving']), calledAt: z.number() })
    .optional(),
});
export type CounterView = z.infer<typeof CounterView>;

export const QueueSummary = z.object({
  serviceId: ServiceId,
  waiting: z.number().int(),
  priorityWaiting: z.number().int(),
  /** When the longest-waiting visit joined; screens count the wait from it. */
  oldestEnteredAt: z.number().nullable(),
  countersOpen: z.number().int(),
  /** Estimated wait for someone joining now; null while no counter serving it is open. */
  estimateSec: z.number().nullable(),
  /** The number most recently called for this service. */
  lastCalled: z.string().nullable(),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

export const Call = z.object({
  seq: z.number().int(),
  at: z.number(),
  number: z.string(),
  counterId: CounterId,
  serviceId: ServiceId,
  recall: z.boolean(),
});
export type Call = z.infer<typeof Call>;

export const QueueEntry = z.object({
  visitId: Id,
  stepId: Id,
  number: z.string(),
  serviceId: ServiceId,
  state: z.enum(['waiting', 'held', 'no_show']),
  enteredAt: z.number(),
  priority: z.boolean(),
  assistance: z.boolean(),
  reservation: z.boolean(),
});
export type QueueEntry = z.infer<typeof QueueEntry>;

/**
 * What a resident's phone shows on the visit status page (opened from the ticket's QR code): their number and
 * place, never a name. The page's address carries an unguessable token, not the number.
 */
export const VisitStatus = z.object({
  number: z.string(),
  office: LocalizedText,
  businessDate: z.string(),
  at: z.number(),
  /** The step that matters now: the one being served or called, else the one waiting, else the last. */
  state: z.enum(['waiting', 'called', 'serving', 'held', 'no_show', 'done', 'cancelled', 'expired']),
  service: z.object({ id: ServiceId, name: LocalizedText }).nullable(),
  /** Set while the resident is called or served. */
  counter: z.object({ id: CounterId, name: LocalizedText }).nullable(),
  calledAt: z.number().nullable(),
  peopleAhead: z.number().int().nullable(),
  estimateSec: z.number().nullable(),
  steps: z.array(z.object({ serviceId: ServiceId, name: LocalizedText, state: StepState })),
  /** The resident's language, as the visit keeps it: the page opens in it (the resident may switch). */
  language: Language.optional(),
});
export type VisitStatus = z.infer<typeof VisitStatus>;
