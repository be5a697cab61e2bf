/**
 * The city's public face for residents' phones: the status page of a visit at any linked office, reached from
 * anywhere while the offices stay closed to the internet. It is the office's own status page (the kiosk build's
 * `/kiosk/status/<token>`), its endpoint (`GET /api/v1/status/:token`) and its socket namespace (`/status`), answered
 * from what the offices send over their links. Nothing here needs a sign-in, and nothing here shows a name.
 */
import express from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Namespace, Server } from 'socket.io';
import { JunbanError, type StatusBatch, type StatusServerToClientEvents } from '@junban/protocol';
import type { HandlerSlice } from '../web/calls.js';
import { statusKey, type PublicStatuses } from './statuses.js';

type StatusNamespace = Namespace<Record<string, never>, StatusServerToClientEvents>;

const room = (key: string) => `status:${key}`;

export function publicHandlers(statuses: PublicStatuses) {
  return {
    visitStatus: async ({ token }) => {
      const status = await statuses.byToken(token);
      if (!status) throw new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
      return status;
    },
  } satisfies HandlerSlice;
}

/**
 * `/status`: a phone joins with its ticket's token and is sent its status, then every change an office sends (on
 * whichever city process holds the office's link: socket.io's adapter carries it to this one).
 */
export function attachStatusPages(io: Server, statuses: PublicStatuses, log: Logger) {
  const pages = io.of('/status') as StatusNamespace;
  pages.on('connection', (socket) => {
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const key = typeof token === 'string' && /^[A-Za-z0-9._-]{1,200}$/.test(token) ? statusKey(token) : null;
    // Listen before anything asynchronous; a phone only listens, so anything it sends closes it.
    socket.onAny(() => socket.disconnect(true));
    if (!key) {
      socket.emit('unknown');
      socket.disconnect(true);
      return;
    }
    statuses.byKey(key).then(
      (status) => {
        if (!status) {
          socket.emit('unknown');
          socket.disconnect(true);
          return;
        }
        void socket.join(room(key));
        socket.emit('status', status);
      },
      (err: unknown) => {
        log.warn({ err }, 'could not read a status page');
        socket.disconnect(true);
      },
    );
  });
  return {
    /** An office's statuses were stored: the phones watching them get them now. */
    changed(batch: StatusBatch): void {
      for (const { key, status } of batch.statuses) pages.to(room(key)).emit('status', status);
    },
  };
}

/**
 * The kiosk's build, for its status page only: `/kiosk/status/<token>` answers the page, `/kiosk/_app/…` its
 * scripts and styles. The kiosk's own screen (`/kiosk/`) stays in the offices.
 */
export function statusPageRouter(kioskDir: string) {
  const router = express.Router();
  router.use('/kiosk/_app', express.static(join(kioskDir, '_app'), { index: false, immutable: true, maxAge: '1y' }));
  router.get('/kiosk/status/:token', (_req, res, next) => {
    const index = join(kioskDir, 'index.html');
    if (existsSync(index)) res.sendFile(index);
    else next();
  });
  return router;
}
