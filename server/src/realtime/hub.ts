import type { Logger } from 'pino';
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { actorOf, authenticate, type Credentials } from '../access/authenticate.js';
import type { AccessStore } from '../access/store.js';
import { dispatch, isEndpoint, type Handlers } from '../web/calls.js';
import { checkReport, type Presence } from '../staff/presence.js';
import {
  can,
  JunbanError,
  SyncRequest,
  type Ack,
  type ClientToServerEvents,
  type Device,
  type LogEvent,
  type PresenceAnswer,
  type Principal,
  type PublicView,
  type ServerToClientEvents,
} from '@junban/protocol';
import type { Committed, Office } from '../queue/office.js';
import type { AgentLink, ScreensPort } from './port.js';
import { openingNow, queueView } from '../queue/views.js';
import { storageError } from '../storage/faults.js';
import { isCrossOrigin } from '../web/origin.js';
import { limitConnections, limitMessages, type MessageLimit } from './limits.js';

/** The largest message a client may send over its socket. */
export const MAX_MESSAGE_BYTES = 100_000;
/** The most events a reconnecting client is sent to catch up; further behind, the fresh view is enough. */
const MAX_REPLAY = 1000;

/** Each socket keeps how it signed in, so it can be asked again whether that still holds. */
type SocketData = { principal: Principal; credentials: Credentials };
type JunbanServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type JunbanSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

const KNOWN_EVENTS = new Set(['sync', 'command', 'presence']);
const room = { public: 'public', staff: 'staff', device: (id: string) => `device:${id}`, account: (id: string) => `staff:${id}` };

function toAck<T>(err: unknown, log: Logger): Ack<T> {
  err = storageError(err) ?? err;
  if (err instanceof JunbanError) return { ok: false, error: err.toBody() };
  log.error({ err }, 'socket call failed');
  return { ok: false, error: { code: 'server/internal', message: 'Something went wrong on the server; nothing was changed.' } };
}

const withoutActor = (events: LogEvent[]): LogEvent[] => events.map(({ actor: _actor, ...e }) => ({ ...e, actor: '' }));

/** What the hub reads of the office: its views, its log, its clock and its ticks. */
export type HubOffice = Pick<
  Office,
  'config' | 'state' | 'now' | 'currentVersion' | 'onTick' | 'onCommit' | 'publicView' | 'staffView' | 'eventsAfter' | 'recentCalls'
>;

export interface ServeDeps {
  handlers: Handlers;
  /** Who is signed in, from their open screens. */
  presence: Presence;
  /** Printers and slowed-down kiosks, for every screen (they change without a commit). */
  devices: () => Pick<PublicView, 'printers' | 'limitedKiosks'>;
  /** Each socket's message limit. */
  messageLimit: MessageLimit;
}

/**
 * Live updates. Staff sockets join the staff room (queues with their entries); kiosks and displays join the public
 * room (numbers and counts only). Commits that land in the same turn of the event loop go out as one update.
 *
 * Made in two steps so that nothing is bound late: `createScreens` opens socket.io and gives the features their
 * port to the screens; `serve` then answers the screens with the handlers the features made.
 */
export function createScreens(
  http: HttpServer,
  deps: {
    office: HubOffice;
    access: AccessStore;
    log: Logger;
    /** The office's public address: its pages may open sockets too (besides the Host they came to). */
    publicUrl?: string | undefined;
  },
) {
  const { office, access, log } = deps;
  const io: JunbanServer = new Server(http, {
    serveClient: false,
    // Screens send small messages (sync, presence, a clerk's command, a display's status); large API calls (an
    // office import, a form) go over HTTP. A bigger message closes the connection before it is read into memory.
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // Another site's page must not open a socket with the staff's cookie (it would read queues and run commands):
    // a browser's handshake from another origin is refused before any namespace, the status pages' too.
    allowRequest: (req, callback) => {
      const refused = isCrossOrigin(req.headers, deps.publicUrl);
      callback(refused ? 'auth/cross_origin' : null, !refused);
    },
  });

  // Before any account is known: a connection sending packets far too fast is closed (the status pages' too).
  limitConnections(io, log);

  io.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const credentials = { cookie: socket.handshake.headers.cookie, token: typeof token === 'string' ? token : undefined };
    const principal = authenticate(access, credentials);
    if (!principal) return next(new Error('auth/required'));
    socket.data.principal = principal;
    socket.data.credentials = credentials;
    next();
  });

  /**
   * A staff socket lives only as long as the session it connected with: signed out, expired, disabled or given a new
   * password, its socket is closed; given a new role, it is closed and told to connect again as the account now is.
   * Asked before every call the socket makes, and for every socket when the session may have ended.
   */
  function stillSignedIn(socket: JunbanSocket, ack?: unknown): boolean {
    const before = socket.data.principal;
    if (before.kind !== 'staff') return true;
    const now = authenticate(access, socket.data.credentials);
    if (now?.kind === 'staff' && now.id === before.id && now.role === before.role) return true;
    // The call that found out is answered first, so the screen can say why it was closed.
    if (typeof ack === 'function')
      (ack as (a: Ack<never>) => void)({ ok: false, error: { code: 'auth/required', message: 'The session has ended; sign in again.' } });
    if (now) socket.emit('accountChanged');
    socket.disconnect(true);
    return false;
  }
  // Sessions expire with time: the office's regular tick closes the sockets of the expired ones.
  office.onTick(() => {
    for (const socket of io.sockets.sockets.values()) stillSignedIn(socket);
  });

  // Coalesce: one update per turn of the event loop, however many commits it held.
  let pending: Committed[] = [];
  let devicesChanged = false;
  let scheduled = false;
  let previous = office.currentVersion;
  // Until `serve` says how, there are no printers or kiosk limits to show (and no screen to show them to).
  let devices: () => Partial<ReturnType<ServeDeps['devices']>> = () => ({});
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };
  office.onCommit((c) => {
    pending.push(c);
    schedule();
  });

  function flush(): void {
    scheduled = false;
    // Scheduled just before the office closed (a printer closing says so): nobody is listening, and its database is shut.
    if (!http.listening) return;
    const batch = pending;
    pending = [];
    // A configuration change may rename or remove a printer.
    const devicesNow = devicesChanged || batch.some((c) => c.configChanged) ? devices() : {};
    devicesChanged = false;
    const now = office.now();
    const events = batch.flatMap((c) => c.events);
    const services = new Set(batch.flatMap((c) => [...c.services]));
    const counters = new Set(batch.flatMap((c) => [...c.counters]));
    const calls = batch.flatMap((c) => c.calls).reverse();
    const recent = office.recentCalls();
    const version = events.length ? events[events.length - 1]!.seq : previous;
    const base = {
      previous,
      version,
      businessDate: office.state.businessDate(now),
      at: now,
      calls,
      opening: openingNow(office.state, now),
      counters: [...counters].filter((id) => office.config.counters.some((c) => c.id === id)).map((id) => office.state.counterView(id)),
      ...(batch.some((c) => c.configChanged) ? { config: office.config } : {}),
      ...devicesNow,
    };
    previous = version;
    const known = [...services].filter((id) => office.config.services.some((s) => s.id === id));
    const listening = (name: string) => (io.sockets.adapter.rooms.get(name)?.size ?? 0) > 0;
    // Each summary is computed once; staff get it with the queue's entries, and nobody's update is built for an empty room.
    const summaries = known.map((id) => queueView(office.state, id, now, recent, false));
    if (listening(room.public)) io.to(room.public).emit('update', { ...base, events: withoutActor(events), queues: summaries });
    if (listening(room.staff)) {
      const queues = summaries.map((q) => ({ ...q, entries: office.state.queueEntries(q.serviceId, now) }));
      io.to(room.staff).emit('update', { ...base, events, queues });
    }
  }

  const port: ScreensPort = {
    devicesChanged(): void {
      devicesChanged = true;
      schedule();
    },
    printJobChanged(kioskId, job): void {
      io.to(room.device(kioskId)).emit('printJob', job);
    },
    agent(deviceId): AgentLink | undefined {
      const [id] = io.sockets.adapter.rooms.get(room.device(deviceId)) ?? [];
      const socket = id ? io.sockets.sockets.get(id) : undefined;
      if (!socket) return undefined;
      return {
        status: (timeoutMs) => socket.timeout(timeoutMs).emitWithAck('printerStatus'),
        print: (job, timeoutMs) => socket.timeout(timeoutMs).emitWithAck('print', job),
      };
    },
    screenNoticesChanged(noticesFor): void {
      for (const socket of io.sockets.sockets.values()) {
        const principal = socket.data.principal;
        if (principal.kind === 'device' && principal.device === 'agent') continue;
        socket.emit('screenNotices', noticesFor(principal));
      }
    },
    deviceChanged(device: Device): void {
      io.to(room.device(device.id)).emit('device', device);
    },
    disconnectStaff(staffId: string): void {
      io.to(room.account(staffId)).emit('accountChanged');
      io.in(room.account(staffId)).disconnectSockets(true);
    },
    recheckStaff(staffId: string): void {
      for (const id of io.sockets.adapter.rooms.get(room.account(staffId)) ?? []) {
        const socket = io.sockets.sockets.get(id);
        if (socket) stillSignedIn(socket);
      }
    },
    disconnectDevice(deviceId: string): void {
      io.to(room.device(deviceId)).emit('revoked');
      io.in(room.device(deviceId)).disconnectSockets(true);
    },
  };

  /** Answer the screens: their sync, their commands (through the handlers) and their presence. */
  function serve(serveDeps: ServeDeps): void {
    const { handlers } = serveDeps;
    devices = serveDeps.devices;
    const deps = serveDeps;
    io.on('connection', (socket: JunbanSocket) => {
      const principal = socket.data.principal;
      // First, before any handler: a socket over its message limit is told, then disconnected (realtime/limits.ts).
      limitMessages(socket, deps.messageLimit, log, () => `${principal.kind} ${principal.id}`);
      const staff = can(principal, 'queue:read');
      if (principal.kind === 'device') void socket.join(room.device(principal.id));
      if (principal.kind === 'staff') {
        void socket.join(room.account(principal.id));
        deps.presence.connected(socket.id, principal.id, office.now());
        socket.on('disconnect', () => deps.presence.disconnected(socket.id));
      }
      // A print agent only takes jobs: it follows no view and calls nothing, and is told so rather than left waiting.
      if (principal.kind === 'device' && principal.device === 'agent') {
        for (const event of ['sync', 'command'] as const) {
          socket.on(event, (_request: unknown, ack: unknown) => {
            if (typeof ack === 'function') ack(toAck(new JunbanError('auth/forbidden', 'A print agent only takes print jobs.'), log));
          });
        }
        return;
      }
      void socket.join(staff ? room.staff : room.public);

      socket.on('sync', (request, ack) => {
        if (typeof ack !== 'function') return;
        if (!stillSignedIn(socket, ack)) return;
        const parsed = SyncRequest.safeParse(request ?? {});
        if (!parsed.success) return ack(toAck(new JunbanError('input/invalid', 'sync takes { since?: version }.'), log));
        const view = { ...(staff ? office.staffView() : office.publicView()), ...deps.devices() };
        const device = principal.kind === 'device' ? { device: access.deviceById(principal.id) } : {};
        const since = parsed.data.since;
        if (since === undefined || since > view.version || view.version - since > MAX_REPLAY) return ack({ ok: true, data: { view, ...device } });
        const missed = office.eventsAfter(since, MAX_REPLAY);
        ack({ ok: true, data: { view, missed: staff ? missed : withoutActor(missed), ...device } });
      });

      socket.on('command', async (request, ack) => {
        if (typeof ack !== 'function') return;
        if (!stillSignedIn(socket, ack)) return;
        const name = (request as { name?: unknown } | null)?.name;
        try {
          if (!isEndpoint(name)) throw new JunbanError('api/not_found', `Unknown command ${JSON.stringify(name)}.`);
          const { input, idempotencyKey } = request as { input?: unknown; idempotencyKey?: unknown };
          const key = idempotencyKey === undefined ? {} : { idempotencyKey: typeof idempotencyKey === 'string' ? idempotencyKey : '' };
          ack({
            ok: true,
            data: await dispatch(handlers, name, input, { principal, actor: actorOf(principal), address: socket.handshake.address, ...key }),
          } as never);
        } catch (err) {
          ack(toAck(err, log) as never);
        }
      });

      socket.on('presence', (report, ack) => {
        let answer: Ack<PresenceAnswer>;
        if (!stillSignedIn(socket, ack)) return;
        try {
          deps.presence.report(socket.id, checkReport(principal, report, office.config));
          answer = { ok: true, data: { ok: true, alsoHere: deps.presence.alsoAt(socket.id, access.listStaff()) } };
        } catch (err) {
          answer = toAck(err, log);
        }
        if (typeof ack === 'function') ack(answer);
      });

      socket.onAny((event: string, ...args: unknown[]) => {
        const ack = args[args.length - 1];
        if (!KNOWN_EVENTS.has(event) && typeof ack === 'function') {
          (ack as (a: Ack<never>) => void)({ ok: false, error: { code: 'api/not_found', message: `Unknown event ${JSON.stringify(event)}.` } });
        }
      });
    });
  }

  return { io, port, serve };
}
