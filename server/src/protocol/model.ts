/**
 * The office's shared vocabulary: configuration, visits and steps, the event log and the live views.
 * Every shape that crosses the wire is a zod schema here; server and front ends import the types from it.
 */
import { z } from 'zod';

/** A text in every language the office shows; Japanese and English are always present. */
export const LocalizedText = z
  .object({ ja: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) })
  .catchall(z.string().trim().min(1).max(200));
export type LocalizedText = z.infer<typeof LocalizedText>;

export const Slug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'use 1-40 lowercase letters, digits or dashes');
export const ServiceId = Slug;
export const CounterId = Slug;
export const Id = z.string().min(1).max(64);
const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

export const Service = z.object({
  id: ServiceId,
  name: LocalizedText,
  /** Letters before the ticket number: "A" gives A1, A2 … Services may share a prefix and then share its sequence. */
  prefix: z.string().regex(/^[A-Z]{1,2}$/, 'use one or two capital letters'),
  /** Service-level target: a resident should be called within this many minutes. */
  slaMinutes: z.number().int().min(1).max(600).optional(),
  /** Closed procedures stay configured but take no new visits. */
  active: z.boolean().default(true),
});
export type Service = z.infer<typeof Service>;

export const Counter = z.object({
  id: CounterId,
  name: LocalizedText,
  /** The services this counter calls, in order of preference. */
  services: z.array(ServiceId).min(1).max(50),
});
export type Counter = z.infer<typeof Counter>;

export const OfficeSettings = z.object({
  name: LocalizedText,
  timeZone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'unknown time zone'),
  /** Opening and closing time; at closing the day ends, waiting visits expire and numbering restarts. */
  hours: z.object({ open: ClockTime, close: ClockTime }),
  /** A reservation checked in later than this after its slot start loses its priority. */
  reservationGraceMinutes: z.number().int().min(0).max(120).default(5),
  /** Service time assumed for estimates until a service has its own history. */
  defaultServiceMinutes: z.number().min(0.5).max(120).default(5),
});
export type OfficeSettings = z.infer<typeof OfficeSettings>;

export const OfficeConfig = z
  .object({
    settings: OfficeSettings,
    services: z.array(Service).max(200),
    counters: z.array(Counter).max(200),
  })
  .superRefine((config, ctx) => {
    const services = new Set<string>();
    for (const [i, s] of config.services.entries()) {
      if (services.has(s.id)) ctx.addIssue({ code: 'custom', path: ['services', i, 'id'], message: `duplicate service ${s.id}` });
      services.add(s.id);
    }
    const counters = new Set<string>();
    for (const [i, c] of config.counters.entries()) {
      if (counters.has(c.id)) ctx.addIssue({ code: 'custom', path: ['counters', i, 'id'], message: `duplicate counter ${c.id}` });
      counters.add(c.id);
      for (const s of c.services) {
        if (!services.has(s)) ctx.addIssue({ code: 'custom', path: ['counters', i, 'services'], message: `unknown service ${s}` });
      }
    }
  });
export type OfficeConfig = z.infer<typeof OfficeConfig>;

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
  /** Staff's note for the next counter. Never shown on public screens. */
  note: z.string().max(1000).optional(),
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

/** What every screen may see: numbers, counters, counts and estimates. Never a name or a note. */
export const PublicView = z.object({
  version: z.number().int(),
  businessDate: z.string(),
  at: z.number(),
  config: OfficeConfig,
  counters: z.array(CounterView),
  queues: z.array(QueueSummary),
  /** The latest calls, newest first. `seq` lets a screen tell a call it has announced from one it missed. */
  recentCalls: z.array(Call),
});
export type PublicView = z.infer<typeof PublicView>;

/** For staff, each queue also lists its visits in call order: waiting first, then held, then no-shows. */
export const StaffQueueSummary = QueueSummary.extend({ entries: z.array(QueueEntry) });
export type StaffQueueSummary = z.infer<typeof StaffQueueSummary>;
export const StaffView = PublicView.extend({ queues: z.array(StaffQueueSummary) });
export type StaffView = z.infer<typeof StaffView>;

export const Reservation = z.object({
  id: Id,
  code: z.string(),
  serviceId: ServiceId,
  slotStart: z.number(),
  slotEnd: z.number(),
  status: z.enum(['booked', 'checked_in', 'cancelled']),
  visitId: Id.optional(),
  note: z.string().max(500).optional(),
});
export type Reservation = z.infer<typeof Reservation>;

export const Role = z.enum(['counter', 'guide', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;
export const DeviceKind = z.enum(['kiosk', 'display']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const StaffAccount = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;

/** Languages a display can announce in after Japanese. */
export const SecondLanguage = z.enum(['en', 'zh', 'ko', 'vi', 'pt']);
export type SecondLanguage = z.infer<typeof SecondLanguage>;

/** What one wall display shows, set by an admin: e.g. the second floor shows only counters 6-8. */
export const DisplaySettings = z.object({
  /** Only calls to these counters; empty for all. */
  counters: z.array(CounterId).max(200).default([]),
  /** Only these procedures in the waiting list; empty for all. */
  services: z.array(ServiceId).max(200).default([]),
  /** Announced and shown after Japanese. */
  secondLanguage: SecondLanguage.default('en'),
});
export type DisplaySettings = z.infer<typeof DisplaySettings>;

export const Device = z.object({
  id: Id,
  kind: DeviceKind,
  name: z.string(),
  /** For displays: what this one shows. */
  display: DisplaySettings.optional(),
  createdAt: z.number(),
  lastSeenAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
});
export type Device = z.infer<typeof Device>;

/** Who is asking: a signed-in staff member or a registered device. */
export const Principal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('staff'), id: Id, username: z.string(), displayName: z.string(), role: Role }),
  z.object({ kind: z.literal('device'), id: Id, name: z.string(), device: DeviceKind }),
]);
export type Principal = z.infer<typeof Principal>;

/** The public congestion page a city links from its website: numbers and counts only. */
export const Congestion = z.object({
  at: z.number(),
  businessDate: z.string(),
  office: LocalizedText,
  services: z.array(
    z.object({
      serviceId: ServiceId,
      name: LocalizedText,
      /** The number most recently called for this procedure. */
      nowServing: z.string().nullable(),
      waiting: z.number().int(),
      estimateSec: z.number().nullable(),
    }),
  ),
});
export type Congestion = z.infer<typeof Congestion>;

/** A socket `sync` request, validated at the server (the type is in socket.ts). */
export const SyncRequest = z.object({ since: z.number().int().nonnegative().optional() });
export type SyncRequest = z.infer<typeof SyncRequest>;
