/** Visits and their steps, the event log, queues, counters and calls. */
import { z } from 'zod';
import { CounterId, Id, Language, LocalizedText, Needs, ServiceId } from '../common/model.js';
import { RemotePlace } from '../remote/model.js';

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
  /**
   * A step of a procedure whose documents are prepared in the back office: 'preparing' while it waits for them (no
   * counter calls it), 'ready' once staff marked them ready (the displays list it for pick-up; a counter calls it).
   */
  preparation: z.enum(['preparing', 'ready']).optional(),
});
export type Step = z.infer<typeof Step>;

export const VisitSource = z.enum(['kiosk', 'staff', 'reservation', 'remote']);
export const Visit = z.object({
  id: Id,
  businessDate: z.string(),
  /** The number the resident holds all day, e.g. "A12". */
  number: z.string(),
  issuedAt: z.number(),
  source: VisitSource,
  assistance: z.boolean(),
  /**
   * What the resident needs to be served (hearing, sight, …): counters that declare a need are brought these
   * residents first, and others pass them over while such a counter is open (server/src/queue/needs.ts). Codes only,
   * never free text. Absent: none (and on visits from before needs were kept).
   */
  needs: Needs.optional(),
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
  /** Taken from a phone through the city: the place it holds until its resident checks in (remote/model.ts). */
  remote: RemotePlace.optional(),
  steps: z.array(Step).min(1),
});
export type Visit = z.infer<typeof Visit>;

export const EventType = z.enum([
  'issued',
  'queued',
  'called',
  'recalled',
  'started',
  'held',
  'returned',
  'finished',
  'transferred',
  'steps_changed',
  'no_show',
  'requeued',
  'cancelled',
  'expired',
  'checked_in',
  'postponed',
  'ready',
  'counter_opened',
  'counter_paused',
  'counter_closed',
]);
export type EventType = z.infer<typeof EventType>;

/**
 * What every line of the log has. The visit, step, procedure and counter are optional here so that code reading any
 * event may ask for them; each event type below says which it always carries.
 */
const eventFields = {
  /** Office-unique and gap-free: 1, 2, 3… in commit order (server/src/event-log). */
  seq: z.number().int(),
  at: z.number(),
  businessDate: z.string(),
  visitId: Id.optional(),
  number: z.string().optional(),
  stepId: Id.optional(),
  serviceId: ServiceId.optional(),
  counterId: CounterId.optional(),
  /** Who did it: "staff:<id>", "device:<id>" or "system". */
  actor: z.string(),
};
/** A step of a visit, named in full. */
const ofStep = { visitId: Id, number: z.string(), stepId: Id, serviceId: ServiceId };
/** A step at the counter that called it. */
const atCounter = { ...ofStep, counterId: CounterId };
const event = <T extends EventType, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ ...eventFields, type: z.literal(type) }).extend(shape);
/** Durations are whole seconds. */
const seconds = z.number();
const calls = z.number().int();
const services = z.array(ServiceId);

/**
 * One line of the append-only event log, by its type, with the figures of the transition in `data`. It carries no
 * personal data: it is what statistics are made of. Rows already stored keep this shape; `expired` is the one type
 * whose data changed (see below).
 */
export const LogEvent = z.discriminatedUnion('type', [
  /** A number was taken: its first step joins its queue. */
  event('issued', {
    ...ofStep,
    data: z.object({
      services,
      source: VisitSource,
      assistance: z.boolean(),
      priority: z.boolean(),
      peopleAhead: z.number().int(),
      estimateSec: seconds.nullable(),
    }),
  }),
  /** A later step of the visit joined its queue. */
  event('queued', { ...ofStep, data: z.object({ estimateSec: seconds.nullable() }) }),
  /**
   * `waitSec`: from joining the queue to this call. `language`: the resident's, when they chose one, so that the
   * display shows and says the call in it too (a language is not personal data; older rows have none).
   */
  event('called', { ...atCounter, data: z.object({ waitSec: seconds, priority: z.boolean(), calls, language: Language.optional() }) }),
  /** `visual`: the clerk asked for a visual call (the display flashes it), for a resident who may not hear the chime. */
  event('recalled', { ...atCounter, data: z.object({ calls, visual: z.literal(true).optional(), language: Language.optional() }) }),
  /** `walkSec`: from the call to the counter starting. */
  event('started', { ...atCounter, data: z.object({ walkSec: seconds }) }),
  event('held', atCounter),
  event('returned', ofStep),
  /** `serviceSec`: from the start (or the call, if never started) to the finish; `outcome`: the code the counter gave. */
  event('finished', { ...atCounter, data: z.object({ serviceSec: seconds, outcome: z.string().optional() }) }),
  /** The visit's procedures still to come, replaced as the step finished. */
  event('transferred', { ...atCounter, data: z.object({ services }) }),
  event('steps_changed', { ...ofStep, data: z.object({ services }) }),
  event('no_show', { ...atCounter, data: z.object({ calls }) }),
  event('requeued', ofStep),
  /** `released`: a remote number not checked in by its arrive-by time and grace (otherwise cancelled by staff or the resident). */
  event('cancelled', { ...ofStep, data: z.object({ released: z.literal(true) }).optional() }),
  /**
   * The step's day closed before it was over; `was` is the state it was in. The first version logged no data, or
   * `wasNoShow: true`, and such rows are still read.
   */
  event('expired', { ...ofStep, data: z.object({ was: StepState.optional(), wasNoShow: z.literal(true).optional() }).optional() }),
  /** A remote number's resident arrived: checked in at the kiosk or by staff; `lateSec` past arrive-by, or 0. */
  event('checked_in', { ...ofStep, data: z.object({ lateSec: seconds }) }),
  /** A remote number put back once by its resident: to the end of the line, with a later arrive-by. */
  event('postponed', { ...ofStep, data: z.object({ arriveBy: z.number() }) }),
  /** A step's documents are ready for pick-up (a preparation procedure): `prepareSec` since it joined its queue. */
  event('ready', { ...ofStep, data: z.object({ prepareSec: seconds }) }),
  event('counter_opened', { counterId: CounterId }),
  /** `reason`: one of the office's pause reasons, when the counter gave one (issue 20). */
  event('counter_paused', { counterId: CounterId, data: z.object({ reason: z.string() }).optional() }),
  event('counter_closed', { counterId: CounterId }),
]);
export type LogEvent = z.infer<typeof LogEvent>;
/** The events of one type, e.g. `LogEventOf<'called'>`. */
export type LogEventOf<T extends EventType> = Extract<LogEvent, { type: T }>;

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

/**
 * Why a procedure takes no new number now though the office is open (its `cutOff` setting): its last-issue time
 * passed, a newcomer's estimated wait would end after closing, or its daily cap is reached.
 */
export const CutOff = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('time'), at: z.string() }),
  z.object({ kind: z.literal('estimate'), closes: z.string() }),
  z.object({ kind: z.literal('cap'), cap: z.number().int() }),
]);
export type CutOff = z.infer<typeof CutOff>;

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
  /** Set while the procedure takes no new number (cut off); the kiosk and the phones say why. */
  cutOff: CutOff.optional(),
  /** A preparation procedure: the numbers whose documents are ready for pick-up, oldest first (the displays' list). */
  ready: z.array(z.string()).optional(),
});
export type QueueSummary = z.infer<typeof QueueSummary>;

export const Call = z.object({
  seq: z.number().int(),
  at: z.number(),
  number: z.string(),
  counterId: CounterId,
  serviceId: ServiceId,
  recall: z.boolean(),
  /**
   * The resident called has the hearing need: the display marks the call with a visible sign (an icon and words) so
   * they need not hear it. Only this mark, never the other needs.
   */
  hearing: z.literal(true).optional(),
  /** A visual call: the clerk asked the display to flash this call (a recall for a resident who may not hear). */
  visual: z.literal(true).optional(),
  /** The called resident's language, when they chose one: the display shows and announces the call in it after Japanese. */
  language: Language.optional(),
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
  /** The visit's needs, for the console to show beside the number (absent: none). */
  needs: Needs.optional(),
  reservation: z.boolean(),
  /** A number taken from a phone whose resident has not checked in yet: it keeps its place but is not called. */
  awaitingCheckIn: z.boolean().optional(),
  /** A preparation procedure's step: its documents are being prepared, or are ready for pick-up. */
  preparation: z.enum(['preparing', 'ready']).optional(),
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
  /** While called: how many times (a second call is the last before the counter may take the resident as a no-show). */
  calls: z.number().int().optional(),
  peopleAhead: z.number().int().nullable(),
  estimateSec: z.number().nullable(),
  steps: z.array(z.object({ serviceId: ServiceId, name: LocalizedText, state: StepState })),
  /** The resident's language, as the visit keeps it: the page opens in it (the resident may switch). */
  language: Language.optional(),
  /** The resident has the hearing need: when called, the page flashes and the phone vibrates longer. */
  hearing: z.literal(true).optional(),
  /** A number taken from a phone: its check-in code and arrive-by time, until the resident checks in. */
  remote: RemotePlace.optional(),
  /**
   * At the city's public face, while waiting: the last move of its line (`LineMove.seq`) this place includes. The
   * page moves along with the next ones (line-move.ts).
   */
  lineSeq: z.number().int().optional(),
  /**
   * Waiting for documents prepared in the back office: 'preparing', then 'ready' with the counters where they are
   * collected (the page says "ready, come to counter X").
   */
  pickup: z.object({ state: z.enum(['preparing', 'ready']), counters: z.array(z.object({ id: CounterId, name: LocalizedText })) }).optional(),
});
export type VisitStatus = z.infer<typeof VisitStatus>;

/**
 * One procedure's line at an office moved (the city's public face): every page waiting in it shifts its place by
 * the steps given, so a call that moves 20,000 residents one place up is one short message to all of their pages
 * instead of a status each. `shifts` are `[from, by]`, ascending: a page `from` or more ahead (up to the next
 * `from`) moves `by`; one fewer ahead than the first `from` does not move. The estimate is made again from the
 * line's open counters and service time, as the office makes it.
 */
export const LineMove = z.object({
  serviceId: ServiceId,
  /** The line's moves are numbered one after the other: a page that sees a number skipped reads its status again. */
  seq: z.number().int(),
  at: z.number(),
  shifts: z.array(z.tuple([z.number().int().nonnegative(), z.number().int()])).max(500),
  countersOpen: z.number().int().nonnegative(),
  serviceSec: z.number().nonnegative(),
});
export type LineMove = z.infer<typeof LineMove>;
