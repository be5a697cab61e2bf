/**
 * The city server's API, declared once like the office's: the city mounts every entry under /api/v1, and its
 * staff pages call it through `createCityClient`. A table of its own, with its own roles: an office's staff have no
 * account at the city, and the city's staff none in an office.
 */
import { z } from 'zod';
import { CalendarDate, Ok } from '../common/endpoint.js';
import { Language, LocalizedText, Needs } from '../common/model.js';
import type { Route } from '../common/route.js';
import type { ErrorCode } from '../errors.js';
import { strictInput } from '../strict.js';
import { HistoryRange } from '../insights/model.js';
import { CutOff } from '../queue/model.js';
import { SignInOptions } from '../access/model.js';
import {
  Catalogue,
  CityHistory,
  CityOffice,
  CityPrincipal,
  CityRole,
  Enrolment,
  EnrolmentCode,
  FloorOffice,
  Month,
  MonthlyReport,
  OfficeHistory,
  OfficeId,
} from './model.js';
import { DeadNotice, NoticeTarget } from '../notices/model.js';
import { BookingSlot, BookingView } from '../booking/model.js';
import { HomeFormOffice, HomeFormReceipt, HomeFormSubmission } from '../forms/home.js';
import { cityRoutes } from './routes.js';
import { Rating, RatingState } from '../marks/model.js';

/** The token in a ticket's QR code: the visit's capability, as on the office. */
const StatusToken = z.string().regex(/^[A-Za-z0-9._-]{1,200}$/, 'a status token');

/** An office on the public joining page, with the procedures open to joining from a phone now. */
export const JoinOffice = z.object({
  officeId: OfficeId,
  name: LocalizedText,
  /** The office's link is up: a number can be taken now. */
  online: z.boolean(),
  services: z.array(
    z.object({
      id: z.string(),
      name: LocalizedText,
      waiting: z.number().int(),
      estimateSec: z.number().nullable(),
      /** The procedure takes no more numbers today at this office (its cut-off): the page greys it and says why. */
      cutOff: CutOff.optional(),
    }),
  ),
});
export type JoinOffice = z.infer<typeof JoinOffice>;

/** An office on the public booking page, with the procedures residents may book there. */
export const BookingOffice = z.object({
  officeId: OfficeId,
  name: LocalizedText,
  /** The office's link is up: slots can be read and booked now. */
  online: z.boolean(),
  services: z.array(z.object({ id: z.string(), name: LocalizedText })),
  slotMinutes: z.number().int(),
  daysAhead: z.number().int(),
  /** The office's clock, for the slots' days and times (e.g. Asia/Tokyo). */
  timeZone: z.string(),
});
export type BookingOffice = z.infer<typeof BookingOffice>;

/** The booking's link: the capability to see, move or cancel it (the city keeps its SHA-256 only). */
const BookingToken = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a booking link');

/** A booking as the resident's page shows it: where, what, when, the code the kiosk reads, how they are reminded. */
export const CityBooking = BookingView.extend({
  token: z.string(),
  officeId: OfficeId,
  office: LocalizedText,
  service: LocalizedText,
  /** The office's clock, for the slot's day and time; and how many days ahead it may be moved. */
  timeZone: z.string(),
  daysAhead: z.number().int(),
  /** The channel reminders go by (the contact itself stays sealed at the city), or null. */
  remindBy: z.enum(['email', 'webpush', 'line', 'webhook']).nullable(),
});
export type CityBooking = z.infer<typeof CityBooking>;

/**
 * A card's or document's reference number as the resident has it (the application's receipt number): letters and
 * digits, hyphens allowed; the city compares it without hyphens, in capitals. No name, no birth date.
 */
export const PickupReference = z
  .string()
  .max(30)
  .regex(/^[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$/, 'a reference number (letters and digits, hyphens between)')
  .refine((r) => r.replaceAll('-', '').length >= 4 && r.replaceAll('-', '').length <= 20, '4 to 20 letters and digits');

/** Where a ready document may be collected: offices taking bookings for its pick-up procedure. */
export const PickupStatus = z.object({
  ready: z.boolean(),
  /** When it was marked ready, the procedure to book for collecting it, and the offices that take bookings for it. */
  readyAt: z.number().nullable(),
  serviceId: z.string().nullable(),
  service: LocalizedText.nullable(),
  offices: z.array(z.object({ officeId: OfficeId, name: LocalizedText, online: z.boolean() })),
});
export type PickupStatus = z.infer<typeof PickupStatus>;
import { queueApi } from '../queue/api.js';

/** What a city endpoint needs. */
export type CityPermission = 'city:read' | 'city:admin';

export const cityPermissions: Record<CityRole, readonly CityPermission[]> = {
  'city-manager': ['city:read'],
  'city-admin': ['city:read', 'city:admin'],
};

export interface CityEndpoint extends Route {
  permission: CityPermission | 'none';
  summary: string;
  errors?: readonly ErrorCode[];
  input: z.ZodType;
  output: z.ZodType;
}

/** An entry of the city's table; like the office's `endpoint`, its input refuses fields it does not know. */
function cityEndpoint<I extends z.ZodType, O extends z.ZodType>(e: Omit<CityEndpoint, 'input' | 'output'> & { input: I; output: O }) {
  return { ...e, input: strictInput(e.input) };
}

export const cityApi = {
  cityHealth: cityEndpoint({
    ...cityRoutes.cityHealth,
    permission: 'none',
    summary: "The city server is up and reaches PostgreSQL: a load balancer's readiness check.",
    input: z.object({}),
    output: z.object({ ok: z.literal(true) }),
  }),
  cityLive: cityEndpoint({
    ...cityRoutes.cityLive,
    permission: 'none',
    summary: "The process answers, whatever PostgreSQL does: a load balancer's liveness check.",
    input: z.object({}),
    output: z.object({ ok: z.literal(true) }),
  }),
  cityLogin: cityEndpoint({
    ...cityRoutes.cityLogin,
    permission: 'none',
    errors: ['auth/bad_credentials', 'auth/too_many_attempts', 'auth/forbidden', 'auth/directory_unavailable'],
    summary:
      "Sign in as city staff; sets the session cookie. A username that is no local account is checked with the city's " +
      'directory when LDAP/AD is set up (403 when the account is in no mapped group, 503 when the directory does not answer).',
    input: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) }),
    output: CityPrincipal,
  }),
  cityLogout: cityEndpoint({ ...cityRoutes.cityLogout, permission: 'none', summary: 'Sign out.', input: z.object({}), output: Ok }),
  cityMe: cityEndpoint({ ...cityRoutes.cityMe, permission: 'city:read', summary: 'Who the caller is.', input: z.object({}), output: CityPrincipal }),
  citySignInOptions: cityEndpoint({
    ...cityRoutes.citySignInOptions,
    permission: 'none',
    summary: "How city staff may sign in: the directory behind the form, and the city's OpenID Connect button.",
    input: z.object({}),
    output: SignInOptions,
  }),
  listOffices: cityEndpoint({
    ...cityRoutes.listOffices,
    permission: 'city:read',
    summary: "Every office the city knows, with its link's health.",
    input: z.object({}),
    output: z.array(CityOffice),
  }),
  createEnrolment: cityEndpoint({
    ...cityRoutes.createEnrolment,
    permission: 'city:admin',
    summary:
      'Add an office (or enrol a revoked one again) and give it a one-time code, valid 24 hours. The office types it in ' +
      "with the city's address; a new code replaces any unused one.",
    input: z.object({ officeId: OfficeId, name: LocalizedText }),
    output: Enrolment,
  }),
  revokeOffice: cityEndpoint({
    ...cityRoutes.revokeOffice,
    permission: 'city:admin',
    errors: ['city/unknown_office'],
    summary: "End an office's credential: its link is cut at once and refused after. Its history stays.",
    input: z.object({ officeId: OfficeId }),
    output: Ok,
  }),
  enrol: cityEndpoint({
    ...cityRoutes.enrol,
    permission: 'none',
    errors: ['city/bad_code', 'auth/too_many_attempts'],
    summary: "An office exchanges its one-time code for its credential (answered once; the city keeps only the credential's hash).",
    input: z.object({ code: EnrolmentCode }),
    output: z.object({ officeId: OfficeId, name: LocalizedText, token: z.string() }),
  }),
  floor: cityEndpoint({
    ...cityRoutes.floor,
    permission: 'city:read',
    summary: 'The live floor of every office: waiting, longest wait, counters open, service level so far today, alerts, last contact.',
    input: z.object({}),
    output: z.array(FloorOffice),
  }),
  getCatalogue: cityEndpoint({
    ...cityRoutes.getCatalogue,
    permission: 'city:read',
    summary: 'The catalogue every office follows, and its version.',
    input: z.object({}),
    output: Catalogue,
  }),
  putCatalogue: cityEndpoint({
    ...cityRoutes.putCatalogue,
    permission: 'city:admin',
    errors: ['city/stale_catalogue'],
    summary: 'A new version of the catalogue (send the version you edited); it reaches every linked office over its link.',
    input: Catalogue,
    output: Catalogue,
  }),
  cityHistory: cityEndpoint({
    ...cityRoutes.cityHistory,
    permission: 'city:read',
    summary:
      'History across offices over a date range: per office and for the city, per procedure, arrivals, served, waits, service level, ' +
      "estimate accuracy and no-shows, summed from the replicated logs with the office's own definitions.",
    input: HistoryRange,
    output: CityHistory,
  }),
  officeHistory: cityEndpoint({
    ...cityRoutes.officeHistory,
    permission: 'city:read',
    errors: ['city/unknown_office'],
    summary: "One office's history over a date range, per procedure and by month: the figures its own manager sees for the same range.",
    input: HistoryRange.safeExtend({ officeId: OfficeId }),
    output: OfficeHistory,
  }),
  monthlyReport: cityEndpoint({
    ...cityRoutes.monthlyReport,
    permission: 'city:read',
    summary:
      'The monthly monitoring report, per office and for the city: per procedure, waits (mean, median, 90th percentile), service level, ' +
      'estimate accuracy, no-show rate and arrivals.',
    input: z.object({ month: Month }),
    output: MonthlyReport,
  }),
  noticeChannels: cityEndpoint({
    ...cityRoutes.noticeChannels,
    permission: 'none',
    summary:
      'For a status page\'s "notify me" panel: the channels this city sends notices by, and the key a phone subscribes to Web Push ' +
      'with (`applicationServerKey`), when it offers Web Push.',
    input: z.object({}),
    output: z.object({
      channels: z.array(z.enum(['email', 'webpush', 'line', 'webhook'])),
      webPushKey: z.string().nullable(),
    }),
  }),
  followVisit: cityEndpoint({
    ...cityRoutes.followVisit,
    permission: 'none',
    errors: ['visit/not_found', 'remote/office_offline', 'remote/too_many'],
    summary:
      'From a visit’s status page: tell me when this many are ahead (3 by default), when I am called, when my visit moves on, by one channel ' +
      'this city offers. The contact detail stays at the city, sealed, for this visit only, and is erased when it ends.',
    input: z.object({
      token: StatusToken,
      target: NoticeTarget,
      ahead: z.number().int().min(0).max(30).default(3),
      language: Language.default('ja'),
    }),
    output: Ok,
  }),
  linkLine: cityEndpoint({
    ...cityRoutes.linkLine,
    permission: 'none',
    errors: ['visit/not_found', 'remote/office_offline'],
    summary:
      'From a visit’s status page, for notices by LINE: a one-time code, and the LINE link that opens a chat with the city’s official ' +
      'account with the code typed in. When the resident sends it, LINE’s webhook tells the city who sent it, and that LINE user is told ' +
      'about this visit. The code lasts 30 minutes.',
    input: z.object({ token: StatusToken, ahead: z.number().int().min(0).max(30).default(3), language: Language.default('ja') }),
    output: z.object({ code: z.string(), url: z.url() }),
  }),
  visitStatus: cityEndpoint({
    ...cityRoutes.visitStatus,
    permission: 'none',
    errors: ['visit/not_found', 'remote/office_offline'],
    summary:
      "The public face: a resident's visit, from the token in their ticket's QR code, anywhere: what the office last sent (number, place, " +
      'estimate, the counter when called). The same endpoint and answer as the office’s own.',
    input: queueApi.visitStatus.input,
    output: queueApi.visitStatus.output,
  }),
  joinOptions: cityEndpoint({
    ...cityRoutes.joinOptions,
    permission: 'none',
    summary:
      'For the public "take a number from your phone" page: each linked office, with the procedures residents may join from a phone ' +
      'right now, how many wait and the estimated wait. Nothing here needs a sign-in.',
    input: z.object({}),
    output: z.array(JoinOffice),
  }),
  joinQueue: cityEndpoint({
    ...cityRoutes.joinQueue,
    permission: 'none',
    errors: [
      'city/unknown_office',
      'remote/closed',
      'remote/full',
      'remote/too_many',
      'remote/office_offline',
      'office/service_closed',
      'office/closed_now',
      'office/closed_today',
      'queue/cut_off',
    ],
    summary:
      'Take a number from a phone: the office issues an ordinary visit (its numbering stays in one place), with a check-in code and an ' +
      'arrive-by time. Answers the status page to open. Limited per phone and per address.',
    input: z.object({ officeId: OfficeId, serviceId: z.string().min(1).max(40), language: Language.default('ja'), needs: Needs.default([]) }),
    output: z.object({ token: z.string(), number: z.string(), arriveBy: z.number() }),
  }),
  homeFormOptions: cityEndpoint({
    ...cityRoutes.homeFormOptions,
    permission: 'none',
    summary:
      'For the public "fill in your forms at home" page: each linked office that can receive them, with its public key and the city’s ' +
      'forms of its open procedures (the same catalogue and checks as the floor guide’s). Nothing here needs a sign-in.',
    input: z.object({}),
    output: z.array(HomeFormOffice),
  }),
  submitHomeForm: cityEndpoint({
    ...cityRoutes.submitHomeForm,
    permission: 'none',
    errors: ['city/unknown_office', 'form/not_found', 'remote/closed', 'remote/too_many'],
    summary:
      'Send a form filled in at home, sealed on the phone to the office’s public key: the city keeps only the ciphertext, under a check-in ' +
      'code the resident types or shows at the office’s kiosk, until the office takes it or it expires. Limited per address.',
    input: HomeFormSubmission,
    output: HomeFormReceipt,
  }),
  rateFromPhone: cityEndpoint({
    ...cityRoutes.rateFromPhone,
    permission: 'none',
    errors: ['visit/not_found', 'remote/office_offline', 'rating/not_ended', 'rating/already_given'],
    summary: 'From a status page once the visit has ended: one rating (1-5), passed on to the office, which keeps one per visit.',
    input: z.object({ token: StatusToken, rating: Rating }),
    output: Ok,
  }),
  ratingFromPhone: cityEndpoint({
    ...cityRoutes.ratingFromPhone,
    permission: 'none',
    errors: ['visit/not_found', 'remote/office_offline'],
    summary: 'Whether a status page may offer its rating: once its visit has ended (the office refuses a second rating).',
    input: z.object({ token: StatusToken }),
    output: RatingState,
  }),
  postponeVisit: cityEndpoint({
    ...cityRoutes.postponeVisit,
    permission: 'none',
    errors: ['visit/not_found', 'remote/postponed_once', 'remote/office_offline', 'step/wrong_state'],
    summary: 'From a remote number’s status page, once: go to the end of the line, with a later arrive-by time.',
    input: z.object({ token: StatusToken }),
    output: Ok,
  }),
  cancelFromPhone: cityEndpoint({
    ...cityRoutes.cancelFromPhone,
    permission: 'none',
    errors: ['visit/not_found', 'remote/office_offline', 'step/wrong_state'],
    summary: 'From a status page: I will not come. The place goes to the next resident.',
    input: z.object({ token: StatusToken }),
    output: Ok,
  }),
  bookingOptions: cityEndpoint({
    ...cityRoutes.bookingOptions,
    permission: 'none',
    summary: 'For the public booking page: each linked office with the procedures residents may book there (those its counters serving bookings call).',
    input: z.object({}),
    output: z.array(BookingOffice),
  }),
  bookingSlots: cityEndpoint({
    ...cityRoutes.bookingSlots,
    permission: 'none',
    errors: ['city/unknown_office', 'booking/not_offered', 'remote/office_offline'],
    summary: "A procedure's slots at an office from a date (today by default), for some days, with the places each has left; asked of the office.",
    input: z.object({
      officeId: OfficeId,
      serviceId: z.string().min(1).max(40),
      from: CalendarDate.optional(),
      days: z.coerce.number().int().min(1).max(14).default(7),
    }),
    output: z.object({ slots: z.array(BookingSlot) }),
  }),
  bookVisit: cityEndpoint({
    ...cityRoutes.bookVisit,
    permission: 'none',
    errors: ['city/unknown_office', 'booking/not_offered', 'booking/full', 'booking/too_many', 'remote/office_offline'],
    summary:
      'Book a place in a slot: the office keeps the booking (a reservation with a code the kiosk reads) and checks the slot’s places in one ' +
      'transaction. Answers the booking with its link. An optional contact is sealed at the city for the reminders (the day before, an hour before).',
    input: z.object({
      officeId: OfficeId,
      serviceId: z.string().min(1).max(40),
      slotStart: z.number().int().nonnegative(),
      language: Language.default('ja'),
      remind: NoticeTarget.optional(),
    }),
    output: CityBooking,
  }),
  getBooking: cityEndpoint({
    ...cityRoutes.getBooking,
    permission: 'none',
    errors: ['booking/not_found'],
    summary: 'A booking, by its link: as the office has it now (checked in, say), or as the city last knew it while the office cannot be reached.',
    input: z.object({ token: BookingToken }),
    output: CityBooking,
  }),
  rescheduleBooking: cityEndpoint({
    ...cityRoutes.rescheduleBooking,
    permission: 'none',
    errors: ['booking/not_found', 'booking/closed', 'booking/not_offered', 'booking/full', 'remote/office_offline'],
    summary: 'Move a booking to another slot of its procedure; its old place is free again at once.',
    input: z.object({ token: BookingToken, slotStart: z.number().int().nonnegative() }),
    output: CityBooking,
  }),
  cancelBooking: cityEndpoint({
    ...cityRoutes.cancelBooking,
    permission: 'none',
    errors: ['booking/not_found', 'booking/closed', 'remote/office_offline'],
    summary: 'Cancel a booking; its place is free again at once, and its reminders and contact are erased.',
    input: z.object({ token: BookingToken }),
    output: CityBooking,
  }),
  confirmBooking: cityEndpoint({
    ...cityRoutes.confirmBooking,
    permission: 'none',
    errors: ['booking/not_found', 'booking/closed', 'remote/office_offline'],
    summary: 'The resident is coming (one tap from a reminder): the office’s reservations show the booking confirmed.',
    input: z.object({ token: BookingToken }),
    output: CityBooking,
  }),
  markPickupsReady: cityEndpoint({
    ...cityRoutes.markPickupsReady,
    permission: 'city:admin',
    errors: ['city/unknown_office'],
    summary:
      'Mark cards or documents ready to collect (`ready`), by reference number, with the procedure residents book to collect them; ' +
      'or collected (`collected`: the reference and any contact registered for it are erased). Residents who asked to be told are ' +
      'told through the notice outbox.',
    input: z.object({
      officeId: OfficeId,
      serviceId: z.string().min(1).max(40),
      state: z.enum(['ready', 'collected']).default('ready'),
      references: z.array(PickupReference).min(1).max(500),
    }),
    output: z.object({ changed: z.number().int(), told: z.number().int() }),
  }),
  pickupStatus: cityEndpoint({
    ...cityRoutes.pickupStatus,
    permission: 'none',
    errors: ['pickup/too_many'],
    summary:
      'Is the document with this reference number ready? If so, the procedure to book for collecting it and the offices that take ' +
      'bookings for it. A POST, so the reference stays out of addresses and logs; limited per network address.',
    input: z.object({ reference: PickupReference }),
    output: PickupStatus,
  }),
  followPickup: cityEndpoint({
    ...cityRoutes.followPickup,
    permission: 'none',
    errors: ['pickup/too_many'],
    summary:
      'Be told when the document with this reference number is ready: the contact is sealed at the city, used once, and erased once ' +
      'told, collected, or after 90 days. Answers whether it is ready already (then nothing is kept).',
    input: z.object({ reference: PickupReference, target: NoticeTarget, language: Language.default('ja') }),
    output: z.object({ ready: z.boolean() }),
  }),
  deadNotices: cityEndpoint({
    ...cityRoutes.deadNotices,
    permission: 'city:read',
    summary:
      'Notices to residents that could not be delivered (refused for good, or every retry spent), newest first: channel, office, kind, ' +
      'number, attempts, last error and when; never the contact detail.',
    input: z.object({}),
    output: z.array(DeadNotice),
  }),
  retryNotice: cityEndpoint({
    ...cityRoutes.retryNotice,
    permission: 'city:admin',
    errors: ['notice/not_found', 'notice/erased'],
    summary: 'Send an undelivered notice again (its attempts start over), once the cause is fixed; not after its visit has ended.',
    input: z.object({ noticeId: z.uuid() }),
    output: Ok,
  }),
} as const;

/** A city route that answers a file instead of JSON, with the city's permissions (like the office's `fileRoute`). */
export interface CityFileRoute {
  method: 'GET';
  path: string;
  permission: CityPermission;
  summary: string;
  contentType: string;
  input: z.ZodType;
}

/** The city's routes that answer a file, under /api/v1 like the table's. */
export const cityFiles = {
  monthlyReportCsv: {
    method: 'GET',
    path: '/reports/monthly.csv',
    permission: 'city:read',
    contentType: 'text/csv',
    summary: 'The monthly monitoring report as CSV (UTF-8 with a byte-order mark, for Excel): a header, then one line per office and procedure.',
    input: strictInput(z.object({ month: Month })),
  },
} as const satisfies Record<string, CityFileRoute>;
export type CityEndpointName = keyof typeof cityApi;
export type CityInput<N extends CityEndpointName> = z.input<(typeof cityApi)[N]['input']>;
export type CityOutput<N extends CityEndpointName> = z.output<(typeof cityApi)[N]['output']>;
