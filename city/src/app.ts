/**
 * The composition root: builds the city from its parts and wires them to express and socket.io. Entry points
 * (main, tests) only choose the database, the clock and the logger.
 */
import { createAdapter } from '@socket.io/postgres-adapter';
import express from 'express';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { Server } from 'socket.io';
import { JunbanError, type CityEndpointName } from '@junban/protocol';
import { SESSION_COOKIE } from './access/authenticate.js';
import { DatabaseSignIns, type CityDirectorySettings } from './access/directory.js';
import { accessHandlers } from './access/handlers.js';
import { SignInThrottle } from './access/sign-in-throttle.js';
import { CityAccess, SESSION_DAYS } from './access/store.js';
import { CatalogueStore } from './catalogue/catalogue.js';
import { catalogueHandlers } from './catalogue/handlers.js';
import { KIOSK_DIR, PAGES_DIR } from './config.js';
import type { Db } from './db/engine.js';
import { migrate } from './db/migrations.js';
import { Floor } from './floor/floor.js';
import { historyFiles, historyHandlers } from './history/handlers.js';
import { HistorySummarizer } from './history/summarizer.js';
import { HistoryViews } from './history/views.js';
import { attachStaff } from './floor/staff.js';
import { askForStatuses, askOffice, attachLink, cutLink, pushCatalogue } from './link/link.js';
import { contactOf, PhoneLimits } from './remote/limits.js';
import { joiningHandlers } from './remote/joining.js';
import { bookingFeature } from './booking/booking.js';
import { bookingPages } from './booking/page.js';
import { pickupFeature } from './pickup/pickup.js';
import { HOME_FORM_DEFAULTS, homeFormHandlers, HomeForms, type HomeFormsOptions } from './remote/home-forms.js';
import { Replication } from './link/replication.js';
import { emailChannel, type EmailOptions } from './notices/channels/email.js';
import { webhookChannel, type WebhookOptions } from './notices/channels/webhook.js';
import { noticeHandlers } from './notices/handlers.js';
import { Outbox, type AnyChannel, type OutboxTimings } from './notices/outbox.js';
import { Sealer } from './notices/seal.js';
import { officeHandlers } from './offices/handlers.js';
import { Offices } from './offices/offices.js';
import { assembleHandlers } from './web/calls.js';
import { lastErrors, notFound } from './web/errors.js';
import { sameOriginOnly, securityHeaders } from './web/headers.js';
import { attachStatusPages, publicHandlers, statusOf, statusPageRouter, type PublicDeps } from './public/public.js';
import { followStatuses, tell } from './notices/follow.js';
import { Subscriptions } from './notices/subscriptions.js';
import { lineLinkHandlers, LineLinks, lineWebhook, type LineAccount, type LineLinkDeps } from './notices/line-link.js';
import { PublicStatuses, statusKey } from './public/statuses.js';
import { apiRouter } from './web/http.js';
import { installableStatusPage } from '@junban/server/status-app';
import { metricsRoute } from '@junban/server/metrics-route';
import { Directory } from '@junban/server/directory/directory';
import { oidcRoutes } from '@junban/server/directory/routes';
import { cityMetrics } from './monitoring/metrics.js';

export interface CityServerOptions {
  db: Db;
  logger?: Logger;
  now?: () => number;
  secureCookies?: boolean;
  hsts?: boolean;
  /** Express's "trust proxy" (CITY_TRUST_PROXY): the sign-in throttle counts the real caller behind a load balancer. */
  trustProxy?: string | undefined;
  /** The staff pages' build; defaults to PAGES_DIR. */
  pagesDir?: string;
  /**
   * The address residents' phones reach this city at (CITY_PUBLIC_URL): told to linked offices, whose tickets then
   * point there. Unset: the offices' tickets keep their own address.
   */
  publicUrl?: () => string | undefined;
  /** The kiosk's build, whose status page the public face serves; defaults to KIOSK_DIR. */
  kioskDir?: string;
  /** How long after an office's batch is stored its history is summed (ms); 1 s by default. */
  historyDebounceMs?: number;
  /** Notices to residents: the channels this city configured, and the key that seals contact details. */
  notices?: NoticeOptions;
  /**
   * What this process serves (CITY_ROLE): `all` (the default), `public` (residents' phones only: status pages, notices,
   * joining; no staff pages, no office links), or `staff` (everything but the public face). Processes of every role
   * share one PostgreSQL, so a public process in the internet zone and staff processes inside work as one city.
   */
  role?: CityProcessRole;
  /** Limits for residents without an account (CITY_JOINS_PER_ADDRESS, CITY_NOTICES_PER_CONTACT). */
  phoneLimits?: { joinsPerAddress?: number; noticesPerContact?: number; bookingsPerAddress?: number; pickupsPerAddress?: number };
  /** How often booking reminders are looked for (ms); 30 s by default, 0 turns the timer off (tests call `remindBookings`). */
  bookingReminderMs?: number;
  /** Forms residents fill in at home: how long one waits for its resident, how many one address may send a day. */
  homeForms?: Partial<HomeFormsOptions>;
  /** The bearer token `/metrics` asks for (CITY_METRICS_TOKEN); without it a public process serves no metrics. */
  metricsToken?: string | undefined;
  /** City staff sign-in with the city's directory (CITY_LDAP_*, CITY_OIDC_*); without it only local accounts sign in. */
  directory?: CityDirectorySettings | undefined;
}

export type CityProcessRole = 'all' | 'public' | 'staff';

/** What the public face answers: a resident's phone needs nothing else, and nothing else is reachable from it. */
const PUBLIC_ENDPOINTS: ReadonlySet<CityEndpointName> = new Set([
  'cityHealth',
  'visitStatus',
  'followVisit',
  'linkLine',
  'noticeChannels',
  'joinOptions',
  'joinQueue',
  'postponeVisit',
  'cancelFromPhone',
  'rateFromPhone',
  'ratingFromPhone',
  'bookingOptions',
  'bookingSlots',
  'bookVisit',
  'getBooking',
  'rescheduleBooking',
  'cancelBooking',
  'confirmBooking',
  'pickupStatus',
  'followPickup',
  'homeFormOptions',
  'submitHomeForm',
] as const);

export interface NoticeOptions {
  /**
   * The city's key (from JUNBAN_CITY_KEY_FILE), the same in every process. Without it a key for this process
   * only: enough for tests and a one-process trial, not for several processes.
   */
  key?: Buffer;
  webhook?: WebhookOptions | undefined;
  email?: EmailOptions | undefined;
  /** Further channels (Web Push, LINE), built by their own modules. */
  channels?: AnyChannel[];
  /** The LINE official account residents link a visit to, when LINE is one of the channels. */
  line?: LineAccount | undefined;
  timings?: Partial<OutboxTimings>;
}

export interface CityServer {
  db: Db;
  access: CityAccess;
  offices: Offices;
  replication: Replication;
  /** Sums each office's replicated log into the history views' day and month rows. */
  history: HistorySummarizer;
  /** Forms residents filled in at home, sealed to their office (kept until taken or expired). */
  homeForms: HomeForms;
  /** Notices to residents, kept until delivered; the visit's triggers `enqueue` and its end `eraseVisit`. */
  notices: Outbox;
  /** Queue the booking reminders now due (the timer does it every 30 s); answers how many. */
  remindBookings(): Promise<number>;
  http: HttpServer;
  io: Server;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

/** Migrates the database, then builds the city. Several processes may share one PostgreSQL database. */
export async function createCityServer(options: CityServerOptions): Promise<CityServer> {
  const { db } = options;
  const log = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? Date.now;
  await migrate(db, now);

  const access = new CityAccess(db, now);
  const directory = new Directory(options.directory, access, log, now, new DatabaseSignIns(db, now));
  const throttle = new SignInThrottle(db, now);
  const offices = new Offices(db, now);
  const replication = new Replication(db, now);
  const catalogue = new CatalogueStore(db, now);
  const history = new HistorySummarizer(db, now, log, options.historyDebounceMs);
  const views = new HistoryViews(db);
  const floor = new Floor(db, views, now);
  const statuses = new PublicStatuses(db, now);
  const cityKey = options.notices?.key ?? randomBytes(32);
  const sealer = new Sealer(cityKey);
  const limits = new PhoneLimits(db, cityKey, now);
  const noticesPerContact = options.phoneLimits?.noticesPerContact ?? 5;
  const email = options.notices?.email ? emailChannel(options.notices.email) : undefined;
  const channels: AnyChannel[] = [
    ...(options.notices?.webhook ? [webhookChannel({ ...options.notices.webhook, now })] : []),
    ...(email ? [email] : []),
    ...(options.notices?.channels ?? []),
  ];
  const notices = new Outbox({
    db,
    sealer,
    channels,
    now,
    log,
    ...(options.notices?.timings ? { timings: options.notices.timings } : {}),
  });

  const app = express();
  app.disable('x-powered-by');
  if (options.trustProxy) app.set('trust proxy', /^\d+$/.test(options.trustProxy) ? Number(options.trustProxy) : options.trustProxy);
  const http = createServer(app);
  // Idle keep-alive connections stay open a minute, longer than a load balancer's or a client's own idle limit, so
  // a client never sends a request on a connection the server is closing that instant (Node's 5 s made such resets
  // under load).
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;
  // A line between buildings can fail silently (nothing arrives, nothing is closed). A ping every 10 s, answered
  // within 10 s, lets both ends notice within 20 s (socket.io's default is 45 s): the city's floor shows the office
  // as cut off, and the office, which keeps its log meanwhile, starts connecting again.
  const io = new Server(http, { serveClient: false, maxHttpBufferSize: 8e6, pingInterval: 10_000, pingTimeout: 10_000 });
  // Across city processes, socket.io's broadcasts (floor updates, catalogue pushes, cutting a link) go through
  // PostgreSQL's NOTIFY; embedded PGlite serves one process only.
  if (db.pool) io.adapter(createAdapter(db.pool, { channelPrefix: 'junban_city', errorHandler: (err) => log.warn({ err }, 'socket adapter') }));

  const staff = attachStaff(io, { access, floor, log });
  // Offices are asked through the link's namespace, made just below.
  let askOffices: (keys: string[]) => void = () => {};
  const subscriptions = new Subscriptions(db, sealer, now);
  const followDeps = { subscriptions, outbox: notices, publicUrl: () => options.publicUrl?.(), log };
  const follow = followStatuses({ ...followDeps, statusOf: (key) => statuses.byKey(key) });
  const publicDeps: PublicDeps = {
    statuses,
    askOffices: (keys: string[]) => askOffices(keys),
    someOfficeOffline: async () => (await offices.list()).some((o) => o.enrolledAt !== null && o.revokedAt === null && o.link !== 'connected'),
    log,
    follow: {
      channels: () => notices.channels,
      async subscribe({ key, token, target, ahead, language }) {
        const [officeId, status] = await Promise.all([statuses.officeOf(key), statuses.byKey(key)]);
        if (!officeId || !status) throw new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
        if (!options.publicUrl?.()) throw new JunbanError('input/invalid', 'This city sends no notices: it has no public address (CITY_PUBLIC_URL).');
        if (!(await limits.take('notice-contact', contactOf(target), noticesPerContact))) {
          throw new JunbanError('remote/too_many', 'This phone number or address has been told about as many visits as it may today.');
        }
        const id = await subscriptions.add({ key, officeId, token, target, ahead, language, toldStep: status.service?.id ?? null });
        // What the page shows now may already call for a notice (asking at 2 ahead to be told at 3).
        const sub = (await subscriptions.forKeys([key])).find((s) => s.id === id)!;
        await tell(followDeps, sub, status);
      },
    },
  };
  const role = options.role ?? 'all';
  const lineLinks = options.notices?.line ? new LineLinks(db, sealer, options.notices.line, now) : undefined;
  const lineDeps: LineLinkDeps = {
    links: lineLinks,
    channelSecret: options.notices?.line?.channelSecret,
    statusKey,
    async assertKnown(key) {
      if (!(await statusOf(publicDeps, key))) throw new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
    },
    subscribe: (input) => publicDeps.follow!.subscribe(input),
    log,
  };
  const statusPages = attachStatusPages(io, publicDeps);
  // The public face takes no office's link: offices connect to the staff's side, inside the city's network.
  if (role === 'public') io.of('/link').use((_socket, next) => next(new Error('offices link to the city’s staff side, not to its public face')));
  const homeFormOptions = { ...HOME_FORM_DEFAULTS, ...options.homeForms };
  const homeForms = new HomeForms(db, homeFormOptions, now);
  const link = attachLink(io, {
    homeForms,
    db,
    offices,
    replication,
    catalogue,
    floorChanged: staff.floorChanged,
    eventsStored: (officeId) => history.batchStored(officeId),
    statuses,
    statusesStored: (officeId, batch) => {
      statusPages.changed(officeId, batch);
      follow(officeId, batch).catch((err: unknown) => log.warn({ err }, 'could not weigh residents’ notices'));
    },
    publicUrl: options.publicUrl,
    log,
  });
  askOffices = (keys) => askForStatuses(link.nsp, keys);
  const booking = bookingFeature({
    db,
    sealer,
    limits,
    bookingsPerAddress: options.phoneLimits?.bookingsPerAddress ?? 3,
    ask: (officeId, request) => askOffice(link.nsp, officeId, 'booking', request),
    outbox: notices,
    publicUrl: () => options.publicUrl?.(),
    now,
    log,
  });
  const pickup = pickupFeature({
    db,
    sealer,
    limits,
    perAddress: options.phoneLimits?.pickupsPerAddress ?? 20,
    outbox: notices,
    bookingOffices: () => booking.handlers.bookingOptions(),
    publicUrl: () => options.publicUrl?.(),
    now,
    log,
  });
  const handlers = assembleHandlers(
    { cityHealth: async () => (await db.query('SELECT 1'), { ok: true as const }), cityLive: () => ({ ok: true as const }), floor: () => floor.list() },
    accessHandlers({ access, directory, throttle }),
    officeHandlers({ offices, throttle, cutLink: (officeId) => cutLink(link.nsp, officeId), linksChanged: staff.floorChanged }),
    historyHandlers({ views }),
    publicHandlers(publicDeps),
    lineLinkHandlers(lineDeps),
    joiningHandlers({
      db,
      catalogue,
      statuses,
      limits,
      joinsPerAddress: options.phoneLimits?.joinsPerAddress ?? 3,
      ask: {
        join: (officeId, request) => askOffice(link.nsp, officeId, 'join', request),
        act: (officeId, action) => askOffice(link.nsp, officeId, 'remote', action),
      },
      askOffices: (keys) => askOffices(keys),
      now,
    }),
    booking.handlers,
    pickup.handlers,
    homeFormHandlers({ db, forms: homeForms, catalogue, limits, perAddress: homeFormOptions.perAddress }),
    noticeHandlers({ outbox: notices, db }),
    catalogueHandlers({
      catalogue,
      published: (saved) => void pushCatalogue(link.nsp, db, saved, log).catch((err: unknown) => log.warn({ err }, 'could not send the catalogue')),
    }),
  );

  const pagesDir = options.pagesDir ?? PAGES_DIR;
  const kioskDir = options.kioskDir ?? KIOSK_DIR;
  app.use(securityHeaders({ pagesDirs: [pagesDir, kioskDir], hsts: options.hsts ?? false }));
  app.use(sameOriginOnly);
  // The public face is on the internet: its metrics only with a token. Inside, open like the office's.
  if (role !== 'public' || options.metricsToken) app.use(metricsRoute(cityMetrics({ db, offices, io, role }), options.metricsToken));
  app.use('/api/v1', historyFiles({ views, access, db, log }));
  // LINE's servers reach the webhook from the internet, as phones reach the public face.
  if (role !== 'staff') app.use(lineWebhook(lineDeps));
  const serves = (name: CityEndpointName) =>
    role === 'all' || name === 'cityHealth' || name === 'cityLive' || PUBLIC_ENDPOINTS.has(name) === (role === 'public');
  app.use('/api/v1', apiRouter(handlers, access, log, options.secureCookies ?? false, serves));
  if (role !== 'staff') {
    // The status page as an app a phone can install: its manifest and icons, as the office serves them.
    app.use(installableStatusPage(kioskDir));
    app.use(statusPageRouter(kioskDir));
    app.use(bookingPages(kioskDir));
  }
  if (role !== 'public') {
    // The OpenID Connect button's two stops: staff pages only, like the sign-in they belong to.
    app.use(
      oidcRoutes(directory, log, {
        secureCookies: options.secureCookies ?? false,
        sessionCookie: SESSION_COOKIE,
        sessionMaxAgeMs: SESSION_DAYS * 86_400_000,
        stateCookie: 'junban_city_oidc',
        signInPage: '/',
      }),
    );
    app.use(express.static(pagesDir, { extensions: ['html'] }));
  }
  // A single-page build's fallback page answers the addresses the pages route themselves.
  app.get(/^\/(?!api\/)/, (_req, res, next) => {
    if (role === 'public') return next();
    const fallback = ['200.html', 'index.html'].map((f) => join(pagesDir, f)).find(existsSync);
    if (fallback) res.sendFile(fallback);
    else next();
  });
  app.use(notFound);
  app.use(lastErrors(log));

  // Residents' status pages last a visit's day: what is older goes, hourly, on whichever process gets there first.
  const purge = setInterval(
    () =>
      void Promise.all([statuses.purge(), subscriptions.purge(), limits.purge(), homeForms.purge(), booking.purge(), pickup.purge()]).catch((err: unknown) =>
        log.warn({ err }, 'could not purge old status pages'),
      ),
    3_600_000,
  );
  purge.unref();
  // Booking reminders (the day before, an hour before), on whichever process claims each first.
  const reminderMs = options.bookingReminderMs ?? 30_000;
  const reminders =
    reminderMs > 0
      ? setInterval(() => void booking.remindDue().catch((err: unknown) => log.warn({ err }, 'could not queue booking reminders')), reminderMs)
      : undefined;
  reminders?.unref();

  // What was stored while no city process ran (or before this version) is summed now, in the background.
  history.catchUp().catch((err: unknown) => log.error({ err }, 'summing up the offices’ logs failed'));
  notices.start();

  return {
    db,
    access,
    offices,
    replication,
    history,
    homeForms,
    notices,
    remindBookings: () => booking.remindDue(),
    http,
    io,
    listen: (port, host = '127.0.0.1') =>
      new Promise<number>((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve((http.address() as AddressInfo).port));
      }),
    async close() {
      clearInterval(purge);
      clearInterval(reminders);
      history.close();
      staff.close();
      link.close();
      const cut = setTimeout(() => http.closeAllConnections(), 2_000);
      await io.close();
      clearTimeout(cut);
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      // A summing under way finishes its transaction before the caller closes the database.
      await history.settled();
      // Deliveries under way end within their deadline; what is left pending goes out from another process or the next start.
      await notices.stop();
      email?.close();
    },
  };
}
