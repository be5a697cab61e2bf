import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { limitMessages, type MessageLimit } from '../realtime/limits.js';
import { JunbanError, type StatusServerToClientEvents, type VisitStatus } from '@junban/protocol';
import type { Office } from '../queue/office.js';
import type { StatusLinks } from './links.js';
import { visitStatus } from './status.js';
import type { HandlerSlice } from '../web/calls.js';

/** The resident's status page for a token, or an error that says only that the link is not valid. */
export function statusForToken(office: Office, links: StatusLinks, token: string): VisitStatus {
  const visitId = links.visitOf(token);
  const visit = visitId ? office.visit(visitId) : undefined;
  if (!visit) throw new JunbanError('visit/not_found', 'This link is not valid (or the visit is from another day).');
  return visitStatus(office, visit);
}

/**
 * The `/status` namespace: a phone joins with its ticket's token and is sent its visit's status whenever it
 * changes. It is a namespace of its own so a status page never joins the rooms that carry the office's updates.
 */
export function attachStatusPages(io: Server, office: Office, links: StatusLinks, log: Logger, messageLimit: MessageLimit): void {
  const pages = io.of('/status') as unknown as import('socket.io').Namespace<Record<string, never>, StatusServerToClientEvents>;
  /** The status each watched visit was last sent, so an unchanged one is not sent again. */
  const sent = new Map<string, string>();
  const room = (visitId: string) => `visit:${visitId}`;

  pages.on('connection', (socket) => {
    // A status page only listens; whatever it sends counts against the same limit as any socket.
    limitMessages(socket as never, messageLimit, log, () => 'status page');
    const token = (socket.handshake.auth as { token?: unknown }).token;
    const visitId = typeof token === 'string' ? links.visitOf(token) : null;
    const visit = visitId ? office.visit(visitId) : undefined;
    if (!visitId || !visit) {
      socket.emit('unknown');
      socket.disconnect(true);
      return;
    }
    void socket.join(room(visitId));
    socket.emit('status', visitStatus(office, visit));
  });

  let scheduled = false;
  office.onCommit(() => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      for (const [name, members] of pages.adapter.rooms) {
        if (!name.startsWith('visit:') || members.size === 0) continue;
        const visitId = name.slice('visit:'.length);
        const visit = office.visit(visitId);
        if (!visit) continue;
        // The clock moves every status's `at`; compare without it.
        const status = visitStatus(office, visit);
        const key = JSON.stringify({ ...status, at: 0 });
        if (sent.get(visitId) === key) continue;
        sent.set(visitId, key);
        pages.to(name).emit('status', status);
      }
      for (const visitId of sent.keys()) if (!pages.adapter.rooms.has(room(visitId))) sent.delete(visitId);
    });
  });
}

/** The status page's slice of the API table: a resident's visit, by the token in their ticket's QR code. */
export function visitStatusHandlers(office: Office, links: StatusLinks) {
  return {
    visitStatus: ({ token }) => statusForToken(office, links, token),
  } satisfies HandlerSlice;
}
