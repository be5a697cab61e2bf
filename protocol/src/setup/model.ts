/** The office's setup: procedures, kiosk groups, counters and their priority rules, settings, the setup file and its change history. */
import { z } from 'zod';
import { DisplaySettings } from '../access/model.js';
import { Closure } from '../calendar/model.js';
import { ClockTime, CounterId, LocalizedText, Needs, ServiceId, Slug } from '../common/model.js';
import { Printer } from '../printing/model.js';

/**
 * A mark staff give (issue 20): an outcome code that says how a step ended (完了, 書類不足, 後日再来) or why a counter
 * paused (休憩, 電話対応). Its code goes in the event log; its name is shown to staff and managers.
 */
export const Mark = z.object({ code: Slug, name: LocalizedText });
export type Mark = z.infer<typeof Mark>;

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
  icon: z
    .string()
    .regex(/^[a-z0-9-]{1,40}$/)
    .optional(),
  /** The kiosk groups buttons under their group's heading, in the order of `groups`. */
  group: Slug.optional(),
  /** Procedures residents often need with this one; the kiosk proposes them (a move-in: insurance, child allowance). */
  related: z.array(ServiceId).max(10).default([]),
  /**
   * When the kiosk and the phones stop issuing numbers for this procedure (issue 20): at a last-issue time, when a
   * newcomer's estimated wait passes the time left before closing, or after a daily cap of numbers. Those already
   * waiting are still served after closing (server/src/queue/cut-off.ts).
   */
  cutOff: z
    .object({
      /** No new number from this local time ("16:30") until the day closes. */
      lastIssue: ClockTime.optional(),
      /** No new number when its estimated wait would end after closing time. */
      beforeClosing: z.boolean().optional(),
      /** At most this many numbers for the procedure a day (as a first or a later step). */
      dailyCap: z.number().int().min(1).max(10_000).optional(),
    })
    .optional(),
  /**
   * Documents prepared in the back office (証明書の作成): a step of this procedure holds no counter while they are
   * made; staff mark it ready, the displays list its number as ready for pick-up, and a counter then calls it.
   */
  preparation: z.literal(true).optional(),
  /** How a step of this procedure may end (issue 20): the counter picks one when it finishes, in the event log. */
  outcomes: z.array(Mark).max(20).optional(),
  /** The counter must pick one of `outcomes` to finish (or transfer) a step of this procedure. */
  outcomeRequired: z.boolean().optional(),
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
  /**
   * Residents who may book each booking slot at this counter, for any of its procedures (issue 19). Absent or 0: the
   * counter serves walk-ins only. A slot's places are what the counters serving bookings offer together.
   */
  bookingsPerSlot: z.number().int().min(0).max(20).optional(),
  /**
   * Automatic calling (issue 20): after a finish, the counter's console counts down this many seconds and calls the
   * next number unless the clerk stops it. Absent: off.
   */
  autoCallSec: z.number().int().min(3).max(60).optional(),
  /**
   * The residents' needs this counter can serve (a sign-language interpreter sits here, a low desk for a wheelchair…):
   * its call-next brings residents with these needs first, and counters without a need pass such residents over
   * while one that serves it is open (server/src/queue/needs.ts). Absent: none.
   */
  needs: Needs.optional(),
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
  /**
   * Booking a visit from a phone (issue 19): how long a slot is (30 minutes when absent), how many days ahead a slot
   * may be booked (14; 0 stops booking), and how near its start a slot may still be booked or changed (60 minutes).
   */
  bookingSlotMinutes: z.number().int().min(5).max(240).optional(),
  bookingDaysAhead: z.number().int().min(0).max(90).optional(),
  bookingLeadMinutes: z.number().int().min(0).max(1440).optional(),
  /** Why a counter may pause (issue 20: 休憩, 電話対応, 書類作成…): the console asks for one, and the log keeps it. */
  pauseReasons: z.array(Mark).max(20).optional(),
  /**
   * A resident with the sight need may take longer to find the counter: the counter may mark them as a no-show only
   * this many minutes after their first call (3 when absent; 0: at once, like everyone else).
   */
  sightNoShowGraceMinutes: z.number().int().min(0).max(30).optional(),
});
export type OfficeSettings = z.infer<typeof OfficeSettings>;

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
