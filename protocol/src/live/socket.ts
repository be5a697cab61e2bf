/**
 * The realtime contract. A client emits `sync` when it connects and after every reconnect; the acknowledgement
 * carries the whole current view and, when the client says which version it already has, the events it missed.
 * After that the server pushes an `update` for each batch of committed changes, carrying only what changed;
 * `applyUpdate` merges it into the view. Versions are event-log sequence numbers.
 */
import type { Device, PresenceAnswer, PresenceReport } from '../access/model.js';
import type { ApiOutput, EndpointName } from '../api.js';
import type { OpeningNow } from '../calendar/model.js';
import type { Ack } from '../errors.js';
import type { KioskView, PrinterState, PrinterView, PrintJobView } from '../printing/model.js';
import type { Call, CounterView, LineMove, LogEvent, QueueSummary, VisitStatus } from '../queue/model.js';
import type { OfficeConfig } from '../setup/model.js';
import type { ScreenNotice } from '../marks/model.js';
import type { PublicView, StaffQueueSummary, StaffView, SyncRequest } from './model.js';

/** How many calls a view keeps. */
export const RECENT_CALLS = 20;

// This module and follow.ts are what screens load at run time, so they import no zod (see `@junban/protocol/screens`).

export interface SyncResult<V extends PublicView = PublicView | StaffView> {
  view: V;
  /** Events after `since`, oldest first; absent when `since` was not given or is too old to replay. */
  missed?: LogEvent[];
  /** For a kiosk or display: the device and its settings. */
  device?: Device;
}

export interface Update {
  /** The version this update applies to; a client holding another version must sync again. */
  previous: number;
  version: number;
  businessDate: string;
  at: number;
  /** The events committed since `previous`, oldest first. Public screens receive them without the actor. */
  events: LogEvent[];
  /** Only the queues and counters that changed; staff receive queues with their entries. */
  queues: (QueueSummary | StaffQueueSummary)[];
  counters: CounterView[];
  /** New calls and recalls, newest first. */
  calls: Call[];
  /** Present when the configuration changed. */
  config?: OfficeConfig;
  /** Present when a printer's state or its failed tickets changed. */
  printers?: PrinterView[];
  /** Present when a kiosk was slowed down or its limit lifted. */
  limitedKiosks?: KioskView[];
  /** Whether the office is open now; every update carries it, so opening and closing time reach the screens. */
  opening: OpeningNow;
}

function mergeById<T extends Record<K, string>, K extends keyof T>(list: T[], changed: T[], key: K): T[] {
  if (changed.length === 0) return list;
  const byId = new Map(changed.map((x) => [x[key], x]));
  const merged = list.map((x) => byId.get(x[key]) ?? x);
  for (const x of changed) if (!list.some((y) => y[key] === x[key])) merged.push(x);
  return merged;
}

/**
 * The view after an update. An update the view already contains (it was synced in between) leaves it as it is;
 * null means an update was missed and the client must sync again.
 */
export function applyUpdate<V extends PublicView>(view: V, update: Update): V | null {
  if (update.previous !== view.version) return update.version <= view.version ? view : null;
  return {
    ...view,
    version: update.version,
    businessDate: update.businessDate,
    at: update.at,
    config: update.config ?? view.config,
    queues: mergeById(view.queues as QueueSummary[], update.queues, 'serviceId'),
    counters: mergeById(view.counters, update.counters, 'id'),
    recentCalls: [...update.calls, ...view.recentCalls].slice(0, RECENT_CALLS),
    printers: update.printers ?? view.printers,
    limitedKiosks: update.limitedKiosks ?? view.limitedKiosks,
    opening: update.opening,
  };
}

export interface ServerToClientEvents {
  update: (update: Update) => void;
  /** Sent to a device just before the server disconnects it for good. */
  revoked: () => void;
  /**
   * Sent to a staff member's screens just before the server closes them because an admin changed the account
   * (new role, disabled, new password). Connect again: the new role applies, and a disabled account is refused.
   */
  accountChanged: () => void;
  /** Sent to a device when an admin changed its settings. */
  device: (device: Device) => void;
  /** To a display or kiosk (and staff screens): the notices it shows now, whenever a manager posts or withdraws one. */
  screenNotices: (notices: ScreenNotice[]) => void;
  /** To a kiosk: what became of the ticket it asked for (printed, or failed and the resident must ask staff). */
  printJob: (job: PrintJobView) => void;
  /** To a print agent: print these bytes on your printer, then say how it went. */
  print: (job: AgentJob, ack: (result: AgentResult) => void) => void;
  /** To a print agent: read your printer's state (DLE EOT) and answer. */
  printerStatus: (ack: (state: PrinterState) => void) => void;
}

export interface AgentJob {
  jobId: string;
  bytes: Uint8Array;
}

export interface AgentResult {
  /** The printer's state after the job (or when it refused it). */
  state: PrinterState;
  printed: boolean;
  /** Why it did not print, for the server's log. */
  message?: string;
}

/** The visit status page's own socket namespace (`/status`), joined with the ticket's token: no account, no device. */
export interface StatusServerToClientEvents {
  status: (status: VisitStatus) => void;
  /**
   * The token is not (or no longer) valid; or, with `{ reason: 'offline' }`, no office answered for it while one of
   * them cannot be reached (the city's public face): it may be valid, and its status comes once its office is back.
   */
  unknown: (why?: { reason: 'offline' }) => void;
  /** At the city's public face: a line of the page's office moved (`moveAlong` applies it to the page's status). */
  line: (move: LineMove) => void;
}

export interface ClientToServerEvents {
  sync: (request: SyncRequest, ack: (result: Ack<SyncResult>) => void) => void;
  /**
   * Any command of the HTTP API, with the same input, permission and errors. `idempotencyKey` is the socket's
   * Idempotency-Key header, for the endpoints that take one.
   */
  command: <N extends EndpointName>(request: { name: N; input: unknown; idempotencyKey?: string }, ack: (result: Ack<ApiOutput<N>>) => void) => void;
  /**
   * Staff screens: the counter this screen works at (null when none, e.g. after leaving the counter). Sent after
   * each connect and whenever it changes; admins see it in `GET /staff/presence`. Kept in memory only.
   * The answer names the other screens already at that counter, so the console can warn.
   */
  presence: (report: PresenceReport, ack?: (result: Ack<PresenceAnswer>) => void) => void;
}
