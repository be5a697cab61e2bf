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
/** A visit's, step's, device's… id: a UUID from the server (tests use short ones). */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'an id: 1-64 letters, digits, dashes or underscores');
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
  /** The kiosk button's icon: a Lucide icon name the kiosk knows (e.g. "house", "baby"); unknown names get a plain mark. */
  icon: z.string().regex(/^[a-z0-9-]{1,40}$/).optional(),
  /** The kiosk groups buttons under their group's heading, in the order of `groups`. */
  group: Slug.optional(),
  /** Procedures residents often need with this one; the kiosk proposes them (a move-in: insurance, child allowance). */
  related: z.array(ServiceId).max(10).default([]),
});
export type Service = z.infer<typeof Service>;

/** A heading on the kiosk's home screen. */
export const ServiceGroup = z.object({ id: Slug, name: LocalizedText });
export type ServiceGroup = z.infer<typeof ServiceGroup>;

/**
 * How a counter weighs priority visits (assistance, reservations from their slot) against ordinary ones.
 * priority_first: any priority visit waiting is called first. alternate: after calling a priority visit, the
 * counter's next `ordinaryPerPriority` calls take ordinary visits first if any wait, so a busy reservation hour
 * does not stop the walk-in line.
 */
export const PriorityRule = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('priority_first') }),
  z.object({ kind: z.literal('alternate'), ordinaryPerPriority: z.number().int().min(1).max(20) }),
]);
export type PriorityRule = z.infer<typeof PriorityRule>;

export const Counter = z.object({
  id: CounterId,
  name: LocalizedText,
  /** The services this counter calls, in order of preference. */
  services: z.array(ServiceId).min(1).max(50),
  priorityRule: PriorityRule.default({ kind: 'priority_first' }),
});
export type Counter = z.infer<typeof Counter>;

/** A day the office is closed besides its weekly days off and public holidays. */
export const Closure = z.object({ date: z.iso.date(), reason: z.string().trim().min(1).max(200) });
export type Closure = z.infer<typeof Closure>;

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
  /** Days of the week the office is closed: 0 Sunday … 6 Saturday. */
  closedWeekdays: z.array(z.number().int().min(0).max(6)).max(7).default([]),
  /** Closed on Japan's public holidays (and their substitute days), as the holiday calendar lists them. */
  closedOnHolidays: z.boolean().default(false),
  /**
   * Closed for the New Year break, 29 December to 3 January, every year: the days a Japanese city office is closed by
   * law (地方自治法 4条の2), so they need not be listed as closures year after year.
   */
  closedForNewYear: z.boolean().default(false),
  /** Other days the office is closed (a system change-over), with the reason residents are shown. */
  closures: z.array(Closure).max(500).default([]),
  /**
   * Open for trying (お試し運転): numbers are taken at any hour on any day, so a newcomer or a trainer can try every
   * screen outside business hours. The demo starts with it on. Insights and forecasts still follow the calendar.
   */
  openForTrying: z.boolean().default(false),
  /**
   * How many days a floor guide's pre-filled forms (personal data) are kept after their visit's business day:
   * 0 purges them when that day closes.
   */
  formRetentionDays: z.number().int().min(0).max(3).default(0),
});
export type OfficeSettings = z.infer<typeof OfficeSettings>;

/** What a printer answered when last asked between jobs (DLE EOT), or 'unreachable' when it did not answer. */
export const PrinterState = z.enum(['ready', 'paper_near_end', 'paper_out', 'cover_open', 'offline', 'unreachable', 'unknown']);
export type PrinterState = z.infer<typeof PrinterState>;

/** How the office reaches a printer. */
export const PrinterConnection = z.discriminatedUnion('kind', [
  /** An Ethernet printer taking raw ESC/POS on TCP (port 9100); the server drives it. */
  z.object({ kind: z.literal('network'), host: z.string().trim().min(1).max(253), port: z.number().int().min(1).max(65535).default(9100) }),
  /**
   * A printer on the server's own USB port: the kernel's printer device (e.g. /dev/usb/lp0), or, with no path,
   * the first ESC/POS printer found through libusb (optionally by vendor and product id).
   */
  z.object({
    kind: z.literal('usb'), path: z.string().max(200).optional(),
    vendorId: z.number().int().min(0).max(0xffff).optional(), productId: z.number().int().min(0).max(0xffff).optional(),
  }),
  /** A printer on a kiosk PC, driven by the print agent (`junban print-agent`) signed in as this device. */
  z.object({ kind: z.literal('agent'), deviceId: Id }),
  /** Keeps the exact bytes and renders them as images: the demo's printer and the tests'. */
  z.object({ kind: z.literal('virtual') }),
]);
export type PrinterConnection = z.infer<typeof PrinterConnection>;

export const Printer = z.object({
  id: Slug,
  name: z.string().trim().min(1).max(100),
  connection: PrinterConnection,
  /** Sets the printable width in dots and characters: Epson TM-T88 (180 dpi) or TM-m30 (203 dpi) class. */
  model: z.enum(['tm-t88', 'tm-m30']).default('tm-m30'),
  paperWidth: z.union([z.literal(58), z.literal(80)]).default(80),
  /**
   * shift_jis: Japanese models print kanji themselves (FS C 1, ESC t 1, ESC R 8).
   * raster: models without a kanji font get every non-ASCII line as an image.
   */
  codePage: z.enum(['shift_jis', 'raster']).default('shift_jis'),
});
export type Printer = z.infer<typeof Printer>;

export const OfficeConfig = z
  .object({
    settings: OfficeSettings,
    services: z.array(Service).max(200),
    counters: z.array(Counter).max(200),
    groups: z.array(ServiceGroup).max(50).default([]),
    printers: z.array(Printer).max(50).default([]),
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
    const closures = new Set<string>();
    for (const [i, c] of config.settings.closures.entries()) {
      if (closures.has(c.date)) ctx.addIssue({ code: 'custom', path: ['settings', 'closures', i, 'date'], message: `${c.date} is listed twice` });
      closures.add(c.date);
    }
    const groups = new Set<string>();
    for (const [i, g] of config.groups.entries()) {
      if (groups.has(g.id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate group ${g.id}` });
      groups.add(g.id);
    }
    const printers = new Set<string>();
    for (const [i, p] of config.printers.entries()) {
      if (printers.has(p.id)) ctx.addIssue({ code: 'custom', path: ['printers', i, 'id'], message: `duplicate printer ${p.id}` });
      printers.add(p.id);
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

/** Languages a display can announce in after Japanese. */
export const SecondLanguage = z.enum(['en', 'zh', 'ko', 'vi', 'pt']);
export type SecondLanguage = z.infer<typeof SecondLanguage>;
/** Every language a resident can choose; Japanese first. */
export const Language = z.enum(['ja', ...SecondLanguage.options]);
export type Language = z.infer<typeof Language>;

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
      services, source: VisitSource, assistance: z.boolean(), priority: z.boolean(), peopleAhead: z.number().int(), estimateSec: seconds.nullable(),
    }),
  }),
  /** A later step of the visit joined its queue. */
  event('queued', { ...ofStep, data: z.object({ estimateSec: seconds.nullable() }) }),
  /** `waitSec`: from joining the queue to this call. */
  event('called', { ...atCounter, data: z.object({ waitSec: seconds, priority: z.boolean(), calls }) }),
  event('recalled', { ...atCounter, data: z.object({ calls }) }),
  /** `walkSec`: from the call to the counter starting. */
  event('started', { ...atCounter, data: z.object({ walkSec: seconds }) }),
  event('held', atCounter),
  event('returned', ofStep),
  /** `serviceSec`: from the start (or the call, if never started) to the finish. */
  event('finished', { ...atCounter, data: z.object({ serviceSec: seconds }) }),
  /** The visit's procedures still to come, replaced as the step finished. */
  event('transferred', { ...atCounter, data: z.object({ services }) }),
  event('steps_changed', { ...ofStep, data: z.object({ services }) }),
  event('no_show', { ...atCounter, data: z.object({ calls }) }),
  event('requeued', ofStep),
  event('cancelled', ofStep),
  /**
   * The step's day closed before it was over; `was` is the state it was in. The first version logged no data, or
   * `wasNoShow: true`, and such rows are still read.
   */
  event('expired', { ...ofStep, data: z.object({ was: StepState.optional(), wasNoShow: z.literal(true).optional() }).optional() }),
  event('counter_opened', { counterId: CounterId }),
  event('counter_paused', { counterId: CounterId }),
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

/** A ticket sent to a printer: queued, printed, or failed (the resident has the number on screen; staff reprint it). */
export const PrintJobView = z.object({
  id: Id,
  visitId: Id,
  number: z.string(),
  printerId: Slug,
  state: z.enum(['queued', 'printed', 'failed']),
  /** Why it failed: the printer's state at the time. */
  problem: PrinterState.optional(),
  at: z.number(),
  reprint: z.boolean(),
});
export type PrintJobView = z.infer<typeof PrintJobView>;

/** A printer as staff and kiosks see it: its last known state, and today's tickets it failed to print. */
export const PrinterView = z.object({
  id: Slug,
  name: z.string(),
  state: PrinterState,
  /** When the state was last read from the printer; null if never. */
  checkedAt: z.number().nullable(),
  /** Tickets still to be reprinted, oldest first. */
  failed: z.array(PrintJobView),
});
export type PrinterView = z.infer<typeof PrinterView>;

/** A kiosk that issued too many tickets in a short time (a child at the buttons) is slowed down until this instant. */
export const KioskView = z.object({ deviceId: Id, name: z.string(), limitedUntil: z.number().nullable() });
export type KioskView = z.infer<typeof KioskView>;

/** Why the office is closed on a day: an office closure wins over a public holiday, which wins over a weekly day off. */
export const ClosedBecause = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('closure'), reason: z.string() }),
  z.object({ kind: z.literal('holiday'), name: z.object({ ja: z.string(), en: z.string() }) }),
  z.object({ kind: z.literal('weekday'), weekday: z.number().int().min(0).max(6) }),
]);
export type ClosedBecause = z.infer<typeof ClosedBecause>;

/**
 * Whether the office receives residents right now, by its calendar and its hours, so that public screens say
 * "closed" instead of promising a short wait. Recomputed with every view and update (the server's tick sends one
 * every half minute, so opening and closing time reach the screens by themselves).
 */
export const OpeningNow = z.object({
  open: z.boolean(),
  /** Why it is closed now: not yet open today, closed for the day, or a closed day; null while open. */
  closed: z.enum(['before_hours', 'after_hours', 'closed_day']).nullable(),
  hours: z.object({ open: ClockTime, close: ClockTime }),
  /** On a closed day, why (an office closure, a public holiday, a weekly day off). */
  closedBecause: ClosedBecause.nullable(),
});
export type OpeningNow = z.infer<typeof OpeningNow>;

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
  printers: z.array(PrinterView),
  /** Kiosks being slowed down; staff can lift the limit. */
  limitedKiosks: z.array(KioskView),
  opening: OpeningNow,
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
  /** The booking has a note (personal data: read it with `GET /reservations/{id}/note`, form roles only). */
  hasNote: z.literal(true).optional(),
});
export type Reservation = z.infer<typeof Reservation>;

export const Role = z.enum(['counter', 'guide', 'manager', 'admin']);
export type Role = z.infer<typeof Role>;
/** agent: the print agent on a kiosk PC with its own USB printer. */
export const DeviceKind = z.enum(['kiosk', 'display', 'agent']);
export type DeviceKind = z.infer<typeof DeviceKind>;

export const StaffAccount = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  disabled: z.boolean(),
  /** In the admin's list: until when some address is locked out of signing in as this account (wrong passwords), or null. */
  signInLockedUntil: z.number().nullable().optional(),
});
export type StaffAccount = z.infer<typeof StaffAccount>;

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

/** What one kiosk does, set by an admin. */
export const KioskSettings = z.object({
  /** The printer for this kiosk's tickets; none: the number is shown on screen only. */
  printerId: Slug.nullable().default(null),
  /** Tickets this kiosk may issue per minute before it asks the resident to wait; 0 for no limit. */
  ticketsPerMinute: z.number().int().min(0).max(600).default(8),
});
export type KioskSettings = z.infer<typeof KioskSettings>;

/**
 * What a display reports about itself, kept with its settings: the installer's "enable sound" (so a kiosk-mode browser
 * that forgets everything on restart does not ask again) and the languages it has no voice for (chime only), which
 * staff see in Setup › Devices rather than the public on the wall.
 */
export const DisplayStatus = z.object({
  soundEnabled: z.boolean(),
  missingVoices: z.array(Language),
  /** When the display last reported; null if never. */
  reportedAt: z.number().nullable(),
});
export type DisplayStatus = z.infer<typeof DisplayStatus>;

export const Device = z.object({
  id: Id,
  kind: DeviceKind,
  name: z.string(),
  /** For displays: what this one shows. */
  display: DisplaySettings.optional(),
  /** For displays: what it reported about its sound. */
  displayStatus: DisplayStatus.optional(),
  /** For kiosks: its printer and its limit. */
  kiosk: KioskSettings.optional(),
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
  opening: OpeningNow,
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

/** A staff screen's socket `presence` report: the counter it works at, or null (validated at the server). */
export const PresenceReport = z.object({ counterId: CounterId.nullable() });
export type PresenceReport = z.infer<typeof PresenceReport>;
/** Another staff screen already at the counter a console has just reported. */
export const OtherScreen = z.object({ displayName: z.string(), since: z.number() });
export type OtherScreen = z.infer<typeof OtherScreen>;
/** The answer to a `presence` report: the other screens at the same counter (none: the counter is this screen's alone). */
export const PresenceAnswer = z.object({ ok: z.literal(true), alsoHere: z.array(OtherScreen) });
export type PresenceAnswer = z.infer<typeof PresenceAnswer>;

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

/** One day of the office's calendar, for the admin's calendar page and the kiosk. */
export const CalendarDay = z.object({
  date: z.string(),
  /** 0 Sunday … 6 Saturday. */
  weekday: z.number().int().min(0).max(6),
  open: z.boolean(),
  /** The public holiday on this day, whether or not the office closes for it. */
  holiday: z.object({ ja: z.string(), en: z.string() }).nullable(),
  closedBecause: ClosedBecause.nullable(),
});
export type CalendarDay = z.infer<typeof CalendarDay>;

/** A new device waiting for an admin to confirm its pairing code. */
export const PairingStarted = z.object({
  /** Six digits the device shows and the admin types in. */
  code: z.string(),
  /** The device's own secret for polling; never shown on screen. */
  pairingId: z.string(),
  expiresAt: z.number(),
  /** The admin page to open with the code filled in (the device shows it as a QR code). */
  adminPath: z.string(),
});
export type PairingStarted = z.infer<typeof PairingStarted>;

export const PairingState = z.discriminatedUnion('state', [
  z.object({ state: z.literal('waiting'), expiresAt: z.number() }),
  /** Answered once: the device keeps the token, and the pairing is gone. */
  z.object({ state: z.literal('paired'), token: z.string(), device: Device }),
]);
export type PairingState = z.infer<typeof PairingState>;

/** A staff member signed in right now (with a live screen), and the counters they reported sitting at. */
export const StaffPresence = z.object({
  staffId: Id,
  username: z.string(),
  displayName: z.string(),
  role: Role,
  counters: z.array(CounterId),
  /** When their oldest open screen connected. */
  since: z.number(),
  screens: z.number().int(),
});
export type StaffPresence = z.infer<typeof StaffPresence>;

/** One line of the change history: who changed the office's setup, when, and what (never a password or token). */
export const ConfigChange = z.object({
  seq: z.number().int(),
  at: z.number(),
  actor: z.string(),
  /** The actor's display name now; null when the account or device is gone. */
  actorName: z.string().nullable(),
  /** The API endpoint that made the change, e.g. "putCounter". */
  endpoint: z.string(),
  /** What it changed: a procedure, counter, device or account id. */
  target: z.string().nullable(),
  summary: z.unknown(),
});
export type ConfigChange = z.infer<typeof ConfigChange>;

/** One office's setup as a file, to copy it to another office: the configuration only, no tokens, passwords or visits. */
export const OfficeFile = z.object({
  format: z.literal('junban-office'),
  version: z.literal(1),
  exportedAt: z.number(),
  config: OfficeConfig,
  /** What each wall display showed, by display name; applied to displays of the same name in the office importing it. */
  displays: z.array(z.object({ name: z.string(), settings: DisplaySettings })).default([]),
});
export type OfficeFile = z.infer<typeof OfficeFile>;

/** What an import adds, changes (with which fields) and removes in one part of the configuration. */
export const ImportSection = z.object({
  added: z.array(z.string()),
  changed: z.array(z.object({ id: z.string(), fields: z.array(z.string()) })),
  removed: z.array(z.string()),
});
export type ImportSection = z.infer<typeof ImportSection>;

export const ImportPreview = z.object({
  /** False for a preview; true once the configuration was replaced. */
  applied: z.boolean(),
  settings: z.object({ changed: z.array(z.string()) }),
  services: ImportSection,
  counters: ImportSection,
  groups: ImportSection,
  printers: ImportSection,
  /** Display names whose settings the file sets. */
  displays: z.array(z.string()),
  /** What the admin should know before applying (a procedure kept but closed, a kiosk losing its printer …). */
  warnings: z.array(z.string()),
});
export type ImportPreview = z.infer<typeof ImportPreview>;
