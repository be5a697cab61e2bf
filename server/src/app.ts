/**
 * The composition root: builds the office from its parts and wires them to express and socket.io. Each feature
 * registers its own handlers, routes and schedules; this file only decides what each is given.
 * Entry points (main, tests, benchmarks) only choose the data folder, the clock and the logger.
 */
import express from 'express';
import type { z } from 'zod';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { accessHandlers } from './access/handlers.js';
import { SignInThrottle } from './access/sign-in-throttle.js';
import { AccessStore } from './access/store.js';
import { apiHandlers } from './api/handlers.js';
import { apiRouter } from './api/http.js';
import { emptyOffice } from './config/empty-office.js';
import { databaseFile, repoRoot } from './config/env.js';
import { ConfigStore } from './config/store.js';
import { loadCatalogue } from './forms/catalogue.js';
import { formsFeature } from './forms/feature.js';
import { Forms } from './forms/forms.js';
import { FormVault, loadFormKey } from './forms/vault.js';
import { insightsFeature } from './insights/feature.js';
import { Insights } from './insights/insights.js';
import { kioskHandlers, ticketIssuer } from './kiosks/issuing.js';
import { KioskLimiter } from './kiosks/limiter.js';
import { notesFeature } from './notes/feature.js';
import { Notes } from './notes/notes.js';
import { PrinterConnections } from './printing/connections.js';
import { printingHandlers } from './printing/handlers.js';
import { virtualTicketImages } from './printing/http.js';
import { PrintService } from './printing/service.js';
import { OfficeConfig } from './protocol/index.js';
import { queueHandlers } from './queue/handlers.js';
import { Office, systemClock, type Clock } from './queue/office.js';
import { QueueStore } from './queue/store.js';
import { createScreens } from './realtime/hub.js';
import { MESSAGE_LIMIT, type MessageLimit } from './realtime/limits.js';
import { reservationHandlers } from './reservations/handlers.js';
import { Reservations } from './reservations/reservations.js';
import type { DemoInfo } from './screens/landing.js';
import { screenBuildDirs, screensRouter } from './screens/screens.js';
import { ChangeLog } from './setup/changes.js';
import { deviceHandlers, setupHandlers } from './setup/handlers.js';
import { Pairings } from './setup/pairing.js';
import { Presence } from './staff/presence.js';
import { openDatabase, openRecordsConnection, type Db } from './storage/database.js';
import { StatusLinks } from './visit-status/links.js';
import { attachStatusPages, visitStatusHandlers } from './visit-status/live.js';
import { answerUnreadableRequests, lastErrors, notFound } from './web/errors.js';
import { securityHeaders } from './web/headers.js';
import { sameOriginOnly } from './web/origin.js';

export { emptyOffice };

export interface OfficeServerOptions {
  dataDir: string;
  /** The configuration to start with when the database has none yet; defaults are filled in. */
  initialConfig?: z.input<typeof OfficeConfig>;
  clock?: Clock;
  logger?: Logger;
  demo?: DemoInfo;
  secureCookies?: boolean;
  /** Send Strict-Transport-Security: only for an office served over HTTPS (JUNBAN_HSTS). */
  hsts?: boolean;
  /** How often days are closed and screens refreshed; 0 turns the timer off (tests drive `office.tick()`). */
  tickMs?: number;
  newId?: () => string;
  /**
   * The address residents' phones reach the office at, for the QR code on tickets (e.g. http://192.168.1.10:3000).
   * Defaults to http://localhost:<port>, which only the server's own machine can open.
   */
  publicUrl?: string;
  /** How often idle printers are asked for their state; 0: only around jobs. */
  printerPollMs?: number;
  /** The key for forms at rest, base64 of 32 bytes (JUNBAN_FORM_KEY); without it, `<dataDir>/forms.key` (made if missing). */
  formKey?: string;
  /** The procedure catalogue's folder; server/catalogue by default. */
  catalogueDir?: string;
  /** Messages each socket may send (docs/security.md); MESSAGE_LIMIT by default. */
  socketMessageLimit?: MessageLimit;
}

export interface OfficeServer {
  db: Db;
  office: Office;
  access: AccessStore;
  reservations: Reservations;
  printing: PrintService;
  printers: PrinterConnections;
  forms: Forms;
  http: HttpServer;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}

export function createOfficeServer(options: OfficeServerOptions): OfficeServer {
  const log = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
  const now = () => clock.now();
  const db = openDatabase(databaseFile(options.dataDir));
  const configStore = new ConfigStore(db);
  let config = configStore.load();
  if (!config) {
    // Parsed like a stored one, so the defaults of fields added since (a counter's priority rule …) are filled in.
    config = OfficeConfig.parse(options.initialConfig ?? emptyOffice);
    configStore.save(config, clock.now());
  }
  const vault = new FormVault(loadFormKey(options.dataDir, options.formKey));
  // Staff's notes are personal data too: sealed with the forms' key, purged with them (notes/notes.ts). Notes an
  // earlier version kept in clear are sealed before the office loads its open visits.
  const notes = new Notes(db, vault, now);
  notes.sealClearNotes();
  const office = new Office(db, new QueueStore(db), configStore, clock, config, options.newId);
  const access = new AccessStore(db, now);

  const app = express();
  app.disable('x-powered-by');
  const http = createServer(app);
  answerUnreadableRequests(http);
  const links = new StatusLinks(db, () => options.publicUrl ?? `http://localhost:${(http.address() as AddressInfo | null)?.port ?? 3000}`);
  const records = openRecordsConnection(databaseFile(options.dataDir));

  // The port to the screens comes before the features that tell them things; the screens are served once the
  // features have made their handlers.
  const screens = createScreens(http, { office, access, log, publicUrl: options.publicUrl });
  const { port } = screens;
  const printers = new PrinterConnections((deviceId) => port.agent(deviceId));
  const printing = new PrintService({
    db: records, office, log, statusUrl: (visitId) => links.url(visitId), pollMs: options.printerPollMs ?? 10_000,
    openDriver: (printer) => printers.open(printer),
    events: { printersChanged: () => port.devicesChanged(), jobChanged: (kioskId, job) => port.printJobChanged(kioskId, job) },
  });
  const limiter = new KioskLimiter(() => port.devicesChanged());
  const devicesView = () => ({
    printers: printing.views(),
    limitedKiosks: limiter.limited(clock.now()).map((k) => ({ deviceId: k.deviceId, name: access.deviceById(k.deviceId).name, limitedUntil: k.until })),
  });
  const issueWithTicket = ticketIssuer({ office, access, limiter, printing, links });
  const forms = formsFeature({ forms: new Forms(db, vault, loadCatalogue(options.catalogueDir), now), office, access, issueWithTicket, log });
  const notesWired = notesFeature({ notes, office, log });
  const reservations = new Reservations(db, office, notes);
  const insights = insightsFeature({ insights: new Insights(db, office), office, access, db, log });
  const presence = new Presence();
  const changes = new ChangeLog(db, now);
  const handlers = apiHandlers(
    { db, office, changes, log },
    queueHandlers({ office, devicesView, issueWithTicket }),
    visitStatusHandlers(office, links),
    forms.handlers,
    notesWired.handlers,
    reservationHandlers({ reservations, issueWithTicket }),
    printingHandlers({ office, printing, printers }),
    kioskHandlers({ access, limiter }),
    insights.handlers,
    setupHandlers({ office, access, changes, screens: port }),
    deviceHandlers({ office, access, pairings: new Pairings(now), screens: port }),
    accessHandlers({ access, signInThrottle: new SignInThrottle(now), presence, screens: port }),
  );
  const messageLimit = options.socketMessageLimit ?? MESSAGE_LIMIT;
  screens.serve({ handlers, presence, devices: devicesView, messageLimit });
  const io = screens.io;
  attachStatusPages(io, office, links, log, messageLimit);

  app.use(securityHeaders({ buildDirs: screenBuildDirs(repoRoot), hsts: options.hsts ?? false }));
  app.use(sameOriginOnly(options.publicUrl));
  app.use('/api/v1', virtualTicketImages(access, () => office.config, printers, log));
  app.use('/api/v1', forms.routes);
  app.use('/api/v1', insights.routes);
  app.use('/api/v1', apiRouter(handlers, access, log, options.secureCookies ?? false));
  app.use(screensRouter(repoRoot, () => office.config.settings, options.demo));
  app.use(notFound);
  app.use(lastErrors(log));

  // The first tick, at start: closes ended days, purges, and lets the manager's figures catch up.
  office.tick();
  const timer = options.tickMs === 0 ? undefined : setInterval(() => office.tick(), options.tickMs ?? 30_000);
  timer?.unref();

  return {
    db, office, access, reservations, printing, printers, forms: forms.forms, http,
    listen: (listenPort, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(listenPort, host, () => resolve((http.address() as AddressInfo).port));
      }),
    async close() {
      clearInterval(timer);
      await printing.close();
      records.close();
      // io.close() also closes the HTTP server, which waits for every request in flight. One a client never
      // finished (a tablet gone from the Wi-Fi) would hold it for Node's minute-long header timeout: cut it.
      const cut = setTimeout(() => http.closeAllConnections(), 2_000);
      await io.close();
      clearTimeout(cut);
      if (http.listening) await new Promise<void>((resolve) => http.close(() => resolve()));
      db.close();
    },
  };
}
