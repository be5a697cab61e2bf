import type { BackupSchedule } from '../storage/backups.js';
/** What an entry point (main, tests, benchmarks) chooses when it builds an office, and what it gets back. */
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { DirectorySettings } from '../access/directory/settings.js';
import type { AccessStore } from '../access/store.js';
import type { LinkTiming } from '../city-link/link.js';
import type { Forms } from '../forms/forms.js';
import type { PrinterConnections } from '../printing/connections.js';
import type { PrintService } from '../printing/service.js';
import type { OfficeConfig, Role } from '@junban/protocol';
import type { Clock, Office } from '../queue/office.js';
import type { MessageLimit } from '../realtime/limits.js';
import type { Reservations } from '../reservations/reservations.js';
import type { DemoInfo } from '../screens/landing.js';
import type { Db } from '../storage/database.js';

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
  /** Scheduled online backups (JUNBAN_BACKUP_DIR, _EVERY_MIN, _KEEP), checked on each tick. */
  backups?: BackupSchedule;
  /** The bearer token `/metrics` asks for (JUNBAN_METRICS_TOKEN); without it the metrics are open. */
  metricsToken?: string;
  /** How often idle printers are asked for their state; 0: only around jobs. */
  printerPollMs?: number;
  /** The key for forms at rest, base64 of 32 bytes (JUNBAN_FORM_KEY); without it, `<dataDir>/forms.key` (made if missing). */
  formKey?: string;
  /** The procedure catalogue's folder; server/catalogue by default. */
  catalogueDir?: string;
  /** Messages each socket may send (docs/security.md); MESSAGE_LIMIT by default. */
  socketMessageLimit?: MessageLimit;
  /** Staff sign-in with the city's directory (LDAP/AD, OpenID Connect); without it only local accounts sign in. */
  directory?: DirectorySettings<Role>;
  /** How the link to the city paces itself (city-link/link.ts); tests make it quick. */
  cityLink?: Partial<LinkTiming>;
}

export interface OfficeServer {
  db: Db;
  office: Office;
  access: AccessStore;
  reservations: Reservations;
  printing: PrintService;
  printers: PrinterConnections;
  forms: Forms;
  cityLink: {
    /** Link to the city with a one-time code, unless already linked (JUNBAN_CITY_URL and JUNBAN_CITY_CODE at start). */
    enrolAtStart(cityUrl: string, code: string): Promise<void>;
    /** Events were written to the log without a commit (the demo's history): the link sends them now. */
    logAppended(): void;
  };
  http: HttpServer;
  listen(port: number, host?: string): Promise<number>;
  close(): Promise<void>;
}
