/**
 * The composition root: builds the office from its parts and wires them to express and socket.io. Each feature
 * registers its own handlers, routes and schedules; this file only decides what each is given.
 * Entry points (main, tests, benchmarks) only choose the data folder, the clock and the logger.
 */
import express from 'express';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pino } from 'pino';
import { Directory } from './access/directory/directory.js';
import { oidcRoutes } from './access/directory/routes.js';
import { accessHandlers } from './access/handlers.js';
import { SignInThrottle } from './access/sign-in-throttle.js';
import { AccessStore, SESSION_DAYS } from './access/store.js';
import { SESSION_COOKIE } from './access/authenticate.js';
import { apiHandlers } from './api/handlers.js';
import { apiRouter } from './api/http.js';
import { loadOrCreateConfig } from './config/empty-office.js';
import { databaseFile, repoRoot } from './config/env.js';
import type { OfficeServer, OfficeServerOptions } from './config/server-options.js';
import { ConfigStore } from './config/store.js';
import { loadCatalogue } from './forms/catalogue.js';
import { formsFeature } from './forms/feature.js';
import { Forms } from './forms/forms.js';
import { FormVault, loadFormKey } from './forms/vault.js';
import { homeFormKeys } from './forms/home-key.js';
import { HOME_FORM_CODES_KEPT_DAYS, homeForms } from './forms/home-forms.js';
import { addDays } from './calendar/calendar.js';
import { cityLinkFeature } from './city-link/feature.js';
import { insightsFeature } from './insights/feature.js';
import { Insights } from './insights/insights.js';
import { kioskHandlers, ticketIssuer } from './kiosks/issuing.js';
import { KioskLimiter } from './kiosks/limiter.js';
import { marksFeature } from './marks/feature.js';
import { notesFeature } from './notes/feature.js';
import { Notes } from './notes/notes.js';
import { printingFeature } from './printing/feature.js';
import { queueHandlers } from './queue/handlers.js';
import { Office, systemClock } from './queue/office.js';
import { QueueStore } from './queue/store.js';
import { createScreens } from './realtime/hub.js';
import { MESSAGE_LIMIT } from './realtime/limits.js';
import type { ScreensPort } from './realtime/port.js';
import { reservationHandlers } from './reservations/handlers.js';
import { remoteFeature } from './remote/feature.js';
import { PhoneBookings } from './bookings/bookings.js';
import { Reservations } from './reservations/reservations.js';
import { screenBuildDirs, screensRouter } from './screens/screens.js';
import { installableStatusPage } from './visit-status/installable.js';
import { ChangeLog } from './setup/changes.js';
import { setupFeature } from './setup/handlers.js';
import { Presence } from './staff/presence.js';
import { monitoringFeature } from './monitoring/feature.js';
import { Backups, listBackups } from './storage/backups.js';
import { openDatabase, openRecordsConnection } from './storage/database.js';
import { StatusLinks } from './visit-status/links.js';
import { attachStatusPages, visitStatusHandlers } from './visit-status/live.js';
import { answerUnreadableRequests, lastErrors, notFound } from './web/errors.js';
import { securityHeaders } from './web/headers.js';
import { sameOriginOnly } from './web/origin.js';
import { serving } from './web/serving.js';

export type { OfficeServer, OfficeServerOptions };

export function createOfficeServer(options: OfficeServerOptions): OfficeServer {
  const log = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const db = openDatabase(databaseFile(options.dataDir));
  const configStore = new ConfigStore(db);
  const config = loadOrCreateConfig(configStore, options.initialConfig, clock.now());
  const formKey = loadFormKey(options.dataDir, options.formKey);
  const vault = new FormVault(formKey);
  // Staff's notes are personal data too: sealed with the forms' key, purged with them (notes/notes.ts). Notes an
  // earlier version kept in clear are sealed before the office loads its open visits.
  const notes = new Notes(db, vault, now);
  notes.sealClearNotes();
  const office = new Office(db, new QueueStore(db), configStore, clock, config, options.newId);
  const access = new AccessStore(db, now);
  const directory = new Directory(options.directory, access, log, now);

  const app = express();
  app.disable('x-powered-by');
  const http = createServer(app);
  answerUnreadableRequests(http);
  // Idle keep-alive connections stay open a minute, longer than a load balancer's or a client's own idle limit, so
  // a client never sends a request on a connection the server is closing that instant (Node's 5 s made such resets
  // under load).
  http.keepAliveTimeout = 65_000;
  http.headersTimeout = 66_000;

  // A linked office's tickets send phones to the city's public face (known once the link is made, below).
  let cityStatusBase: () => string | undefined = () => undefined;
  // Status pages at a linked city's public face, where a resident may ask to be told when their turn is near.
  // (The link does not say which channels the city offers; a city with a public face is taken to offer some.)
  const residentNotices = () => cityStatusBase() !== undefined;
  const links = new StatusLinks(db, () => cityStatusBase() ?? options.publicUrl ?? `http://localhost:${(http.address() as AddressInfo | null)?.port ?? 3000}`);
  const records = openRecordsConnection(databaseFile(options.dataDir));

  // The port to the screens comes before the features that tell them things; the screens are served once the
  // features have made their handlers.
  const screens = createScreens(http, { office, access, log, publicUrl: options.publicUrl });
  // Printers and kiosk limits change without a commit: the screens and the city's live view both follow them.
  const devicesListeners = new Set<() => void>();
  const port: ScreensPort = {
    ...screens.port,
    devicesChanged() {
      screens.port.devicesChanged();
      for (const listener of devicesListeners) listener();
    },
  };
  const { printing, printers, ...printingWired } = printingFeature({
    db: records,
    office,
    access,
    log,
    screens: port,
    statusUrl: (visitId) => links.url(visitId),
    notices: () => residentNotices(),
    pollMs: options.printerPollMs ?? 10_000,
  });
  const limiter = new KioskLimiter(() => port.devicesChanged());
  const devicesView = () => ({
    printers: printing.views(),
    limitedKiosks: limiter.limited(clock.now()).map((k) => ({ deviceId: k.deviceId, name: access.deviceById(k.deviceId).name, limitedUntil: k.until })),
  });
  const issueWithTicket = ticketIssuer({ office, access, limiter, printing, links, notices: () => residentNotices() });
  const forms = formsFeature({ forms: new Forms(db, vault, loadCatalogue(options.catalogueDir), now), office, access, issueWithTicket, log });
  const reservations = new Reservations(db, office, notes);
  const notesWired = notesFeature({ notes, office, log, reservations });
  const insights = insightsFeature({ insights: new Insights(db, office), office, access, db, log });
  const marks = marksFeature({ db, office, access, links, screens: port });
  const presence = new Presence();
  const changes = new ChangeLog(db, now);
  const listeningUrl = () => {
    const address = http.address() as AddressInfo | null;
    return address ? `http://localhost:${address.port}` : undefined;
  };
  const remote = remoteFeature({
    db,
    office,
    links,
    log,
    rate: (visitId, rating) => marks.rate(visitId, rating, 'city'),
    ratingOf: (visitId) => marks.ratingOf(visitId),
  });
  // Forms residents fill in at home are sealed on their phones to a key pair derived from the forms' key.
  const homeFormKey = homeFormKeys(formKey);
  const cityLink = cityLinkFeature({
    db,
    office,
    remote,
    bookings: new PhoneBookings(db, office, log),
    statusLinks: links,
    vault,
    forms: forms.forms,
    changes,
    devices: devicesView,
    log,
    publicUrl: () => options.publicUrl ?? listeningUrl(),
    timing: options.cityLink,
    formKey: homeFormKey.publicKey,
  });
  const fromHome = homeForms({ db, office, forms: forms.forms, keys: homeFormKey, city: cityLink.homeForms, log });
  office.onTick(() => fromHome.purge(addDays(office.businessDate(), -HOME_FORM_CODES_KEPT_DAYS)));
  devicesListeners.add(cityLink.devicesChanged);
  cityStatusBase = cityLink.statusBase;
  // Setup edits the office through the city link's guard: what the city's catalogue locks is refused.
  const setup = setupFeature({ db, office: cityLink.guard(office), access, now, screens: port, changes });
  const backups = options.backups ? new Backups(db, options.backups, now, log) : undefined;
  office.onTick(() => void backups?.ifDue().catch((err: unknown) => log.error({ err }, 'the scheduled backup failed')));
  const monitoring = monitoringFeature({
    office,
    lastBackup: () => (options.backups ? { dir: options.backups.dir, at: listBackups(options.backups.dir).at(-1)?.at ?? null } : undefined),
    printers: () => printing.views(),
    io: () => screens.io,
    cityLink: () => {
      const link = cityLink.view();
      return link.linked && link.cityUrl
        ? { city: link.cityUrl, backlog: Math.max(0, link.lastSeq - link.ackedSeq), connected: link.state === 'connected' }
        : null;
    },
    token: options.metricsToken,
  });
  const handlers = apiHandlers(
    { db, office, changes: setup.changes, log },
    queueHandlers({ office, devicesView, issueWithTicket }),
    visitStatusHandlers(office, links),
    forms.handlers,
    notesWired.handlers,
    reservationHandlers({ reservations, issueWithTicket, remote, homeForms: fromHome }),
    remote.handlers,
    printingWired.handlers,
    kioskHandlers({ access, limiter }),
    insights.handlers,
    marks.handlers,
    setup.handlers,
    cityLink.handlers,
    monitoring.handlers,
    accessHandlers({ access, directory, signInThrottle: new SignInThrottle(now), presence, screens: port }),
  );
  const messageLimit = options.socketMessageLimit ?? MESSAGE_LIMIT;
  screens.serve({ handlers, presence, devices: devicesView, messageLimit });
  attachStatusPages(screens.io, office, links, log, messageLimit);

  app.use(securityHeaders({ buildDirs: screenBuildDirs(repoRoot), hsts: options.hsts ?? false }));
  app.use(sameOriginOnly(options.publicUrl));
  app.use(monitoring.route);
  app.use(
    oidcRoutes(directory, log, {
      secureCookies: options.secureCookies ?? false,
      sessionCookie: SESSION_COOKIE,
      sessionMaxAgeMs: SESSION_DAYS * 86_400_000,
      stateCookie: 'junban_oidc',
      signInPage: '/admin/',
    }),
  );
  app.use('/api/v1', printingWired.routes);
  app.use('/api/v1', forms.routes);
  app.use('/api/v1', insights.routes);
  app.use('/api/v1', apiRouter(handlers, access, log, options.secureCookies ?? false));
  app.use(installableStatusPage(join(repoRoot, 'kiosk', 'build')));
  app.use(screensRouter(repoRoot, () => office.config.settings, options.demo));
  app.use(notFound);
  app.use(lastErrors(log));

  // The first tick, at start: closes ended days, purges, and lets the manager's figures catch up.
  office.tick();
  const timer = options.tickMs === 0 ? undefined : setInterval(() => office.tick(), options.tickMs ?? 30_000);
  timer?.unref();

  return {
    db,
    office,
    access,
    reservations,
    printing,
    printers,
    forms: forms.forms,
    cityLink: { enrolAtStart: cityLink.enrolAtStart, logAppended: cityLink.logAppended },
    http,
    ...serving(http, screens.io, {
      async beforeClose() {
        clearInterval(timer);
        cityLink.close();
        await printing.close();
        records.close();
      },
      afterClose: () => db.close(),
    }),
  };
}
