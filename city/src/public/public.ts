/**
 * The city's public face for residents' phones: the status page of a visit at any linked office, reached from
 * anywhere while the offices stay closed to the internet. It is the office's own status page (the kiosk build's
 * `/kiosk/status/<token>`), its endpoint (`GET /api/v1/status/:token`) and its socket namespace (`/status`), answered
 * from what the offices send over their links. Nothing here needs a sign-in, and nothing here shows a name.
 *
 * A page no office has sent yet is asked of every linked office (`watch`): the one that made the token answers with
 * its status within about a second, and follows it from then on.
 */
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Namespace, Server } from 'socket.io';
import { JunbanError, type Language, type NoticeTarget, type StatusBatch, type StatusServerToClientEvents, type VisitStatus } from '@junban/protocol';
import type { HandlerSlice } from '../web/calls.js';
import { statusKey, type PublicStatuses } from './statuses.js';

type StatusNamespace = Namespace<Record<string, never>, StatusServerToClientEvents>;

/** How long a page no office has sent waits for one to answer before it says the link is not valid. */
const ASK_WAIT_MS = 5_000;
const TOKEN = /^[A-Za-z0-9._-]{1,200}$/;

const room = (key: string) => `status:${key}`;
/** Every page of an office's visits: its lines' moves (each page keeps the move of its own line). */
const linesRoom = (officeId: string) => `lines:${officeId}`;
/** How often a page no office answered while one was cut off looks again. */
const OFFLINE_LOOK_MS = 5_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PublicDeps {
  statuses: PublicStatuses;
  /** Residents who asked to be told (notices/follow.ts); absent where the city sends no notices. */
  follow?: {
    channels: () => readonly string[];
    subscribe: (input: { key: string; token: string; target: NoticeTarget; ahead: number; language: Language }) => Promise<void>;
  };
  /** Ask every linked office for these pages (link/link.ts). */
  askOffices: (keys: string[]) => void;
  /** Some enrolled office's link is down now: a page none answered for may be one of its. */
  someOfficeOffline: () => Promise<boolean>;
  log: Logger;
}

/** The page's status now, or after asking the offices for it (up to ASK_WAIT_MS); undefined if none answered. */
export async function statusOf(deps: PublicDeps, key: string): Promise<VisitStatus | undefined> {
  return (await pageOf(deps, key))?.status;
}

/** The page's status and its office, now or after asking the offices for it. */
async function pageOf(deps: PublicDeps, key: string): Promise<{ officeId: string; status: VisitStatus } | undefined> {
  const known = await deps.statuses.read(key);
  if (known) return known;
  await deps.statuses.watch(key);
  deps.askOffices([key]);
  for (const deadline = Date.now() + ASK_WAIT_MS; Date.now() < deadline;) {
    await sleep(200);
    const page = await deps.statuses.read(key);
    if (page) return page;
  }
  return undefined;
}

/** Why no office answered for a page: it is not valid, or its office may be the one cut off just now. */
async function notAnswered(deps: PublicDeps): Promise<JunbanError> {
  return (await deps.someOfficeOffline())
    ? new JunbanError(
        'remote/office_offline',
        'An office cannot be reached from here just now: if this ticket is from today it is still valid. Try again in a few minutes.',
      )
    : new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
}

export function publicHandlers(deps: PublicDeps) {
  return {
    visitStatus: async ({ token }) => {
      const status = await statusOf(deps, statusKey(token));
      if (!status) throw await notAnswered(deps);
      return status;
    },
    followVisit: async ({ token, target, ahead, language }) => {
      const key = statusKey(token);
      if (!(await statusOf(deps, key))) throw await notAnswered(deps);
      if (!deps.follow?.channels().includes(target.channel))
        throw new JunbanError('input/invalid', `This city does not send notices by ${target.channel}.`, [
          { path: 'target.channel', message: 'not offered here' },
        ]);
      await deps.follow.subscribe({ key, token, target, ahead, language });
      return { ok: true as const };
    },
  } satisfies HandlerSlice;
}

/**
 * `/status`: a phone joins with its ticket's token and is sent its status, then every change its office sends (on
 * whichever city process holds the office's link: socket.io's adapter carries it to this one).
 */
export function attachStatusPages(io: Server, deps: PublicDeps) {
  const pages = io.of('/status') as StatusNamespace;
  pages.on('connection', (socket) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    // A phone only listens: anything it sends closes it.
    socket.onAny(() => socket.disconnect(true));
    if (typeof token !== 'string' || !TOKEN.test(token)) {
      socket.emit('unknown');
      socket.disconnect(true);
      return;
    }
    const key = statusKey(token);
    // In the room first: an office's answer to the question below reaches this phone however it arrives.
    void socket.join(room(key));
    /** Found: the page follows its office's lines, and gets its status read after it joined (no move in between lost). */
    const found = async (officeId: string) => {
      await socket.join(linesRoom(officeId));
      const page = await deps.statuses.read(key);
      if (page && socket.connected) socket.emit('status', page.status);
    };
    pageOf(deps, key)
      .then(async (page) => {
        if (!socket.connected) return;
        if (page) return found(page.officeId);
        if (!(await deps.someOfficeOffline())) {
          socket.emit('unknown');
          socket.disconnect(true);
          return;
        }
        // Perhaps its office's page: the phone stays, and the status comes when the office is back (a reconnecting
        // office is asked again for the pages opened today).
        socket.emit('unknown', { reason: 'offline' });
        while (socket.connected) {
          await sleep(OFFLINE_LOOK_MS);
          const later = await deps.statuses.read(key);
          if (later) return found(later.officeId);
        }
      })
      .then(undefined, (err: unknown) => {
        deps.log.warn({ err }, 'could not read a status page');
        socket.disconnect(true);
      });
  });
  return {
    /** An office's statuses were stored: the phones watching them get them now, then its lines' moves. */
    changed(officeId: string, batch: StatusBatch): void {
      for (const { key, status } of batch.statuses) pages.to(room(key)).emit('status', status);
      for (const move of batch.lines ?? []) pages.to(linesRoom(officeId)).emit('line', move);
    },
  };
}

/**
 * The kiosk's build, for residents' phones only: `/kiosk/status/<token>` (a visit's page) and `/kiosk/join` (taking a
 * number from a phone) answer the page, `/kiosk/_app/…` its scripts and styles. The kiosk's own screen (`/kiosk/`)
 * stays in the offices.
 */
export function statusPageRouter(kioskDir: string) {
  const router = express.Router();
  // The page's service worker, for Web Push notices: served from /kiosk/ so that its scope covers the page.
  router.get('/kiosk/push-sw.js', (_req, res, next) => {
    const worker = join(kioskDir, 'push-sw.js');
    if (existsSync(worker)) res.type('text/javascript').sendFile(worker);
    else next();
  });
  router.use('/kiosk/_app', express.static(join(kioskDir, '_app'), { index: false, immutable: true, maxAge: '1y' }));
  // The kiosk build's single page answers its routes: a visit's status, and taking a number from a phone.
  const page: express.RequestHandler = (_req, res, next) => {
    const index = join(kioskDir, 'index.html');
    if (existsSync(index)) res.sendFile(index);
    else next();
  };
  router.get('/kiosk/status/:token', page);
  router.get('/kiosk/join', page);
  // Forms filled in at home (issue 19): the same page, sealing forms to the chosen office's key.
  router.get('/kiosk/forms', page);
  return router;
}
