/**
 * The city: many offices linked to one city server. What crosses the office link (the office's event log, its
 * setup, its live public view; the city's catalogue back), and what the city's staff pages read.
 *
 * Nothing here carries personal data: the event log names visits by id and number only, the live view is the one
 * every wall display may show, and the setup holds no token or password.
 */
import { z } from 'zod';
import { Id, LocalizedText, Slug } from '../common/model.js';
import { CatalogueEntry } from '../forms/model.js';
import { PublicView } from '../live/model.js';
import { PeriodStats, ServiceStats } from '../insights/model.js';
import { LineMove, LogEvent, VisitStatus } from '../queue/model.js';
import { OfficeConfig } from '../setup/model.js';
import { JoinRequest, RemoteAction, RemoteRules } from '../remote/model.js';
import { HomeFormCode, HomeFormKey, HomeFormRequest } from '../forms/home.js';

/** Staff of the city server: the city's admin (enrols offices, edits the catalogue) and city managers (read the views). */
export const CityRole = z.enum(['city-manager', 'city-admin']);
export type CityRole = z.infer<typeof CityRole>;

export const CityPrincipal = z.object({ kind: z.literal('city-staff'), id: Id, username: z.string(), displayName: z.string(), role: CityRole });
export type CityPrincipal = z.infer<typeof CityPrincipal>;

/** An office's id at the city: chosen by the city admin when enrolling it, e.g. "honcho", "kita-satellite". */
export const OfficeId = Slug;

/**
 * A one-time code an office types in to enrol: 12 letters and digits, valid for 24 hours, used once. It gives the
 * office its own credential; revoking the office ends it.
 */
export const EnrolmentCode = z.string().regex(/^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$/, 'a code like ABCD-EFGH-JKLM');
export const Enrolment = z.object({ officeId: OfficeId, code: EnrolmentCode, expiresAt: z.number() });
export type Enrolment = z.infer<typeof Enrolment>;

/** The office's live public view as it crosses the link: the public view without the setup (which travels on its own). */
export const OfficeLive = PublicView.omit({ config: true });
export type OfficeLive = z.infer<typeof OfficeLive>;

/** The link's state as the city sees it. */
export const LinkState = z.enum(['never', 'connected', 'disconnected', 'revoked']);
export type LinkState = z.infer<typeof LinkState>;

/** One office in the city admin's list, with its health. */
export const CityOffice = z.object({
  id: OfficeId,
  name: LocalizedText,
  enrolledAt: z.number().nullable(),
  revokedAt: z.number().nullable(),
  link: LinkState,
  /** The last time the office said anything over its link. */
  lastContactAt: z.number().nullable(),
  /** The last event sequence the city stored: everything up to it is stored, once. */
  storedSeq: z.number().int(),
  /** How many events the office said it still had to send, at its last contact. */
  backlog: z.number().int(),
  softwareVersion: z.string().nullable(),
  catalogueVersion: z.number().int().nullable(),
  /** Where the office's own screens are (the `publicUrl` of its last hello), for links; null if it never said. */
  publicUrl: z.string().nullable(),
});
export type CityOffice = z.infer<typeof CityOffice>;

/** One office on the city's live floor. */
export const FloorOffice = z.object({
  id: OfficeId,
  name: LocalizedText,
  link: LinkState,
  lastContactAt: z.number().nullable(),
  businessDate: z.string().nullable(),
  waiting: z.number().int(),
  /** The longest a resident still waiting has waited, in seconds; null when nobody waits. */
  longestWaitSec: z.number().nullable(),
  countersOpen: z.number().int(),
  countersTotal: z.number().int(),
  /** Of today's calls so far, the share called within the office's target wait; null before the first call. */
  serviceLevel: z.number().nullable(),
  /** Printers not ready and kiosks slowed down: what staff would want to know now. */
  alerts: z.array(z.string()),
});
export type FloorOffice = z.infer<typeof FloorOffice>;

/**
 * One office's figures over a range (or the city's, over every office): per procedure and all together, computed
 * from its replicated log with the office's own definitions (`ServicesReport`'s figures: arrivals, served, waits,
 * service level, estimate accuracy, no-shows). `days`: business days with any arrival of the procedures counted.
 */
export const OfficeFigures = z.object({
  officeId: OfficeId,
  name: LocalizedText,
  days: z.number().int(),
  total: ServiceStats.omit({ serviceId: true }),
  services: z.array(ServiceStats),
});
export type OfficeFigures = z.infer<typeof OfficeFigures>;

/**
 * Every office together, per procedure: each office's steps counted against its own targets. A procedure's
 * `serviceLevel.targetSec` is the offices' common target, or null where they differ.
 */
export const CityFigures = z.object({ days: z.number().int(), total: ServiceStats.omit({ serviceId: true }), services: z.array(ServiceStats) });
export type CityFigures = z.infer<typeof CityFigures>;

/** History across offices over a date range: each office's figures and the city's. */
export const CityHistory = z.object({ from: z.string(), to: z.string(), offices: z.array(OfficeFigures), city: CityFigures });
export type CityHistory = z.infer<typeof CityHistory>;

/** One office's history over a date range, with its months (the office's trend by month). */
export const OfficeHistory = OfficeFigures.extend({ from: z.string(), to: z.string(), months: z.array(PeriodStats) });
export type OfficeHistory = z.infer<typeof OfficeHistory>;

/** A calendar month, "2026-04". */
export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month like 2026-04');

/**
 * The monthly monitoring report: per office and for the city, per procedure: waits (mean, median, 90th percentile),
 * service level, estimate accuracy, no-show rate, arrivals.
 */
export const MonthlyReport = z.object({ month: z.string(), from: z.string(), to: z.string(), offices: z.array(OfficeFigures), city: CityFigures });
export type MonthlyReport = z.infer<typeof MonthlyReport>;

/**
 * The forms the city decides, one per procedure (the office's server/catalogue files, as the city keeps them). A
 * catalogue saved before forms were part of it has none: `[]`.
 */
export const CatalogueForms = z
  .array(CatalogueEntry)
  .max(200)
  .superRefine((forms, ctx) => {
    const seen = new Set<string>();
    for (const [i, f] of forms.entries()) {
      if (seen.has(f.serviceId))
        ctx.addIssue({ code: 'custom', path: [i, 'serviceId'], message: `a second form for the procedure ${f.serviceId}: one form per procedure` });
      seen.add(f.serviceId);
    }
  })
  .default([]);

/**
 * The city's catalogue that offices follow: procedures, procedure groups, holidays and city-wide closures, and the
 * floor guide's forms. Each change makes a new version. `locked` says what an office may not change locally; forms
 * need no lock, since an office has no way to edit its forms (they come from its files or from the city).
 */
export const Catalogue = z.object({
  version: z.number().int().nonnegative(),
  services: OfficeConfig.shape.services,
  groups: OfficeConfig.shape.groups,
  closures: z.array(z.object({ date: z.iso.date(), reason: LocalizedText.optional() })).max(400),
  /** The city's form for a procedure replaces the office's file of the same procedure; the office's other forms stay. */
  forms: CatalogueForms,
  /** What offices may not override: e.g. procedure names and groups, yes; counters and hours are the office's own. */
  locked: z.object({ serviceNames: z.boolean(), groups: z.boolean(), closures: z.boolean() }),
  /** Which procedures residents may join from their phones, at which office, and how much of the line they may take. */
  remote: RemoteRules.default({}),
});
export type Catalogue = z.infer<typeof Catalogue>;

// ---------------------------------------------------------------------------------------------------------------
// The office link: a socket.io connection the office opens to the city's `/link` namespace, with its credential in
// the handshake's `auth.token`. The city never connects to an office.

/** The office's greeting, sent once connected: who it runs as, and how far its log goes. */
export const LinkHello = z.object({
  softwareVersion: z.string().max(50),
  /** The catalogue version the office runs, or null if it never received one. */
  catalogueVersion: z.number().int().nullable(),
  /** The last sequence in the office's event log. */
  lastSeq: z.number().int().nonnegative(),
  /**
   * The address the office's own screens are reached at (its JUNBAN_PUBLIC_URL), so the city's pages can link to
   * them. Only a link for people's browsers: the city never connects to it. No device token ever goes with it.
   */
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .optional(),
  /** The office's public key for forms residents fill in at home (forms/home.ts); their phones seal forms to it. */
  formKey: HomeFormKey.optional(),
});
export type LinkHello = z.infer<typeof LinkHello>;

/**
 * The city's answer to the greeting: where to resume (every event up to `storedSeq` is stored), its catalogue, and
 * the address of its public face, where residents' phones open their status page from anywhere (a linked office's
 * tickets point there), when the city has one.
 */
export const LinkWelcome = z.object({
  officeId: OfficeId,
  storedSeq: z.number().int().nonnegative(),
  catalogue: Catalogue.nullable(),
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .max(300)
    .optional(),
});
export type LinkWelcome = z.infer<typeof LinkWelcome>;

/**
 * Events in order, starting right after the last one the city acknowledged. The city stores them exactly once (unique
 * per office and seq) and answers with the seq it now holds everything up to; a batch that would leave a gap is
 * not stored, and the answer tells the office where to resume.
 */
export const EventBatch = z.object({
  events: z.array(LogEvent).min(1).max(2000),
  /** How many more the office has after this batch, for the city's health view. */
  backlog: z.number().int().nonnegative(),
});
export type EventBatch = z.infer<typeof EventBatch>;
export const BatchAck = z.object({ storedSeq: z.number().int().nonnegative() });
export type BatchAck = z.infer<typeof BatchAck>;

/** The office's setup, sent at connect and after each change. */
export const SetupSnapshot = z.object({ config: OfficeConfig, at: z.number() });
export type SetupSnapshot = z.infer<typeof SetupSnapshot>;

/**
 * A visit's status page, as the office sends it to the city to serve to the resident's phone: keyed by the SHA-256
 * of the status token in the ticket's QR code (base64url). The city finds a phone's token by hashing it, but cannot
 * make a token from what it holds; the status itself is what the office's own page shows: a number and a place,
 * never a name.
 */
export const StatusKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a status key (SHA-256, base64url)');
export const VisitStatusUpdate = z.object({ key: StatusKey, status: VisitStatus });
export type VisitStatusUpdate = z.infer<typeof VisitStatusUpdate>;

/**
 * city → office: phones opened these status pages at the city (their keys). An office follows those of its own
 * visits from then on, sending each one's status now and at every change until the visit closes; it ignores the
 * others' (each goes to every office: only the office that made a token knows whose it is).
 */
export const StatusWatch = z.object({ keys: z.array(StatusKey).min(1).max(5000) });
export type StatusWatch = z.infer<typeof StatusWatch>;

/**
 * The followed statuses that changed since the last batch; `full`: every visit the office follows, replacing what the city
 * held of this office (sent after each connect). Answered `{ ok: true }`.
 */
export const StatusBatch = z.object({
  full: z.boolean(),
  businessDate: z.iso.date(),
  statuses: z.array(VisitStatusUpdate).max(5000),
  /** Lines that moved, for the followed pages in them that changed in nothing but their place (applied after `statuses`). */
  lines: z.array(LineMove).max(500).optional(),
});
export type StatusBatch = z.infer<typeof StatusBatch>;

/** The office's live public view, sent at connect and as it changes (at most a few times a second). */
export const LiveSnapshot = z.object({ view: OfficeLive });
export type LiveSnapshot = z.infer<typeof LiveSnapshot>;

/** The link's events, both ways: name → payload. Each office→city message is answered through socket.io's ack. */
export const linkEvents = {
  /** office → city, ack `LinkWelcome`. */
  hello: LinkHello,
  /** office → city, ack `BatchAck`. */
  events: EventBatch,
  /** office → city, ack `{ ok: true }`. */
  setup: SetupSnapshot,
  /** office → city, no ack needed (the next one replaces it). */
  live: LiveSnapshot,
  /** office → city, ack `{ ok: true }`: residents' status pages, for the city's public face. */
  statuses: StatusBatch,
  /** city → office, no ack: the status pages phones opened. */
  watch: StatusWatch,
  /** city → office, ack `{ ok: true }` once the office applied it (it lands in the office's change history). */
  catalogue: Catalogue,
  /** city → office, ack `JoinAnswer`: a phone takes a number. */
  join: JoinRequest,
  /** city → office, ack `RemoteActionAnswer`: a phone postpones or cancels its visit. */
  remote: RemoteAction,
  /** office → city, ack `HomeFormAnswer`: the sealed form a resident filled in at home, by its check-in code. */
  homeForm: HomeFormRequest,
  /** office → city, ack `{ ok: true }`: that form joined a visit; the city deletes it. */
  homeFormTaken: z.object({ codes: z.array(HomeFormCode).min(1).max(20) }),
} as const;
export type LinkEventName = keyof typeof linkEvents;
