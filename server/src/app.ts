/**
 * The composition root: builds the office from its parts and wires them to express and socket.io.
 * Entry points (main, tests, benchmarks) only choose the data folder, the clock and the logger.
 */
import express from 'express';
import type { z } from 'zod';
import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { SignInThrottle } from './access/sign-in-throttle.js';
import { AccessStore } from './access/store.js';
import { createHandlers } from './api/handlers.js';
import { apiRouter } from './api/http.js';
import { IdempotencyKeys, KEEP_ANSWERS_MS, rememberingAnswers } from './api/idempotency.js';
import { databaseFile, repoRoot } from './config/env.js';
import { ConfigStore } from './config/store.js';
import { OfficeConfig } from './protocol/index.js';
import { Office, systemClock, type Clock } from './queue/office.js';
import { QueueStore } from './queue/store.js';
import { createScreens } from './realtime/hub.js';
import { MESSAGE_LIMIT, type MessageLimit } from './realtime/limits.js';
import { Reservations } from './reservations/reservations.js';
import { loadCatalogue } from './forms/catalogue.js';
import { Forms } from './forms/forms.js';
import { formPdfRoute } from './forms/http.js';
import { FormVault, loadFormKey } from './forms/vault.js';
import { Notes } from './notes/notes.js';
import { insightsExports } from './insights/http.js';
import { Insights } from './insights/insights.js';
import { KioskLimiter } from './kiosks/limiter.js';
import { PrinterConnections } from './printing/connections.js';
import { virtualTicketImages } from './printing/http.js';
import { PrintService } from './printing/service.js';
import { screenBuildDirs, screensRouter } from './screens/screens.js';
import { ChangeLog, recordingChanges } from './setup/changes.js';
import { Pairings } from './setup/pairing.js';
import { Presence } from './staff/presence.js';
import type { DemoInfo } from './screens/landing.js';
import { openDatabase, openRecordsConnection, type Db } from './storage/database.js';
import { StorageHealth, watchingStorage } from './storage/faults.js';
import { StatusLinks } from './visit-status/links.js';
import { lastErrors, notFound } from './web/errors.js';
import { securityHeaders } from './web/headers.js';
import { sameOriginOnly } from './web/origin.js';
import { attachStatusPages } from './visit-status/live.js';

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

/** An office with no procedures yet; an admin sets it up (or imports the demo). */
export const emptyOffice: OfficeConfig = {
  settings: {
    name: { ja: '窓口', en: 'Service counters' }, timeZone: 'Asia/Tokyo', hours: { open: '08:30', close: '17:15' },
    reservationGraceMinutes: 5, defaultServiceMinutes: 5, closedWeekdays: [], closedOnHolidays: false, closedForNewYear: false, closures: [],
    openForTrying: false,
    formRetentionDays: 0,
  },
  services: [],
  counters: [],
  groups: [],
  printers: [],
};

export function createOfficeServer(options: OfficeServerOptions): OfficeServer {
  const log = options.logger ?? pino({ level: 'silent' });
  const clock = options.clock ?? systemClock;
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
  const notes = new Notes(db, vault, () => clock.now());
  notes.sealClearNotes();
  const office = new Office(db, new QueueStore(db), configStore, clock, config, options.newId);
  const access = new AccessStore(db, () => clock.now());
  const forms = new Forms(db, vault, loadCatalogue(options.catalogueDir), () => clock.now());
  const reservations = new Reservations(db, office, notes);
  // Forms go when their day (plus the retention days) is over: checked on every tick, the first one at start.
  // A resident still at a counter past closing keeps theirs until the visit ends.
  office.onTick(() => {
    try {
      const purged = forms.purge(office.state.businessDate(clock.now()), office.config.settings.formRetentionDays, (id) => office.state.visits.has(id));
      if (purged) log.info({ purged }, 'forms purged');
    } catch (err) {
      log.error({ err }, 'purging forms failed');
    }
    try {
      const purged = notes.purge(office.state.businessDate(clock.now()), office.config.settings.formRetentionDays, (id) => office.state.visits.has(id));
      if (purged) log.info({ purged }, 'notes purged');
    } catch (err) {
      log.error({ err }, 'purging notes failed');
    }
  });

  const app = express();
  app.disable('x-powered-by');
  const http = createServer(app);
  // Requests Node refuses before express sees them (headers over 16 kB, a broken request line) still get the API's
  // JSON error, not a bare status line.
  http.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (!socket.writable || (err as { bytesParsed?: number }).bytesParsed === undefined) return socket.destroy();
    const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
    const body = JSON.stringify({ error: { code: tooLarge ? 'input/too_large' : 'input/invalid', message: tooLarge ? 'The request line or headers are too long.' : 'The request could not be read.' } });
    socket.end(`HTTP/1.1 ${tooLarge ? '431 Request Header Fields Too Large' : '400 Bad Request'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
  });
  const baseUrl = () => options.publicUrl ?? `http://localhost:${(http.address() as AddressInfo | null)?.port ?? 3000}`;
  const links = new StatusLinks(db, baseUrl);
  const records = openRecordsConnection(databaseFile(options.dataDir));

  // The screens' port comes first: printing, kiosk limits and the handlers tell the screens through it, and the
  // screens are served with the handlers once those are made.
  const screens = createScreens(http, { office, access, log, publicUrl: options.publicUrl });
  const { port } = screens;
  const printers = new PrinterConnections((deviceId) => port.agent(deviceId));
  const printing = new PrintService({
    db: records, office, log, statusUrl: (visitId) => links.url(visitId), pollMs: options.printerPollMs ?? 10_000,
    openDriver: (printer) => printers.open(printer),
    events: {
      printersChanged: () => port.devicesChanged(),
      jobChanged: (kioskId, job) => port.printJobChanged(kioskId, job),
    },
  });
  const limiter = new KioskLimiter(() => port.devicesChanged());
  const devicesView = () => ({
    printers: printing.views(),
    limitedKiosks: limiter.limited(clock.now()).map((k) => ({ deviceId: k.deviceId, name: access.deviceById(k.deviceId).name, limitedUntil: k.until })),
  });
  const presence = new Presence();
  const changes = new ChangeLog(db, () => clock.now());
  const insights = new Insights(db, office);
  const keys = new IdempotencyKeys(db);
  office.onTick(() => {
    try {
      keys.purge(clock.now() - KEEP_ANSWERS_MS);
    } catch (err) {
      log.error({ err }, 'forgetting old idempotency keys failed');
    }
  });
  // Every setup change is recorded here, around the handlers, whichever way (HTTP or socket) it arrives; and a
  // repeated action with its idempotency key is answered as the first time.
  const storage = new StorageHealth();
  const handlers = watchingStorage(rememberingAnswers(recordingChanges(
    createHandlers({
      office, access, reservations, printing, printers, limiter, links, devicesView, presence,
      pairings: new Pairings(() => clock.now()),
      changes,
      disconnectDevice: (id) => port.disconnectDevice(id),
      deviceChanged: (device) => port.deviceChanged(device),
      disconnectStaff: (id) => port.disconnectStaff(id),
      recheckStaff: (id) => port.recheckStaff(id),
      signInThrottle: new SignInThrottle(() => clock.now()),
      forms,
      notes,
      insights,
    }),
    changes,
  ), keys, () => clock.now()), storage);
  const messageLimit = options.socketMessageLimit ?? MESSAGE_LIMIT;
  screens.serve({ handlers, presence, devices: devicesView, messageLimit });
  const io = screens.io;
  attachStatusPages(io, office, links, log, messageLimit);

  app.use(securityHeaders({ buildDirs: screenBuildDirs(repoRoot), hsts: options.hsts ?? false }));
  app.use(sameOriginOnly(options.publicUrl));
  app.use('/api/v1', virtualTicketImages(access, () => office.config, printers, log));
  app.use('/api/v1', formPdfRoute({ access, forms, config: () => office.config, visit: (id) => office.visit(id), log }));
  app.use('/api/v1', insightsExports({ access, insights, db, log }));
  app.use('/api/v1', apiRouter(handlers, access, log, options.secureCookies ?? false));
  app.use(screensRouter(repoRoot, () => office.config.settings, options.demo));
  app.use(notFound);
  app.use(lastErrors(log));

  office.tick();
  // The manager's figures catch up with the log and the forecast learns from the closed days: at start, and
  // whenever a business day closes.
  let learntOn = '';
  const prepareInsights = () => {
    const today = office.state.businessDate(clock.now());
    if (today === learntOn) return;
    learntOn = today;
    insights.prepare().catch((err: unknown) => log.error({ err }, 'summing up the event log failed'));
  };
  office.onTick(prepareInsights);
  prepareInsights();
  const timer = options.tickMs === 0 ? undefined : setInterval(() => office.tick(), options.tickMs ?? 30_000);
  timer?.unref();

  return {
    db, office, access, reservations, printing, printers, forms, http,
    listen: (port, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        http.once('error', reject);
        http.listen(port, host, () => resolve((http.address() as AddressInfo).port));
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
