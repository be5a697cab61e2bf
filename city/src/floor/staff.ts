/**
 * The `/staff` namespace: the city's pages, signed in by their session cookie, receive `floor` (every office's
 * line) at connect and whenever a live view or a link's state changes, so the live floor updates without polling.
 * Changes are gathered for a moment and sent once; through socket.io's adapter the screens connected to every city
 * process receive them.
 */
import type { Logger } from 'pino';
import type { Namespace, Server } from 'socket.io';
import { JunbanError, STAFF_NAMESPACE, type StaffServerToClientEvents } from '@junban/protocol';
import { assertAllowed, authenticate } from '../access/authenticate.js';
import type { CityAccess } from '../access/store.js';
import { isCrossOrigin } from '../web/headers.js';
import type { Floor } from './floor.js';

/** How long changes are gathered before the floor is sent. */
export const FLOOR_GATHER_MS = 150;

export function attachStaff(io: Server, deps: { access: CityAccess; floor: Floor; log: Logger }) {
  const { access, floor, log } = deps;
  const nsp = io.of(STAFF_NAMESPACE) as Namespace<Record<string, never>, StaffServerToClientEvents>;

  nsp.use((socket, next) => {
    const refuse = (err: JunbanError) => next(Object.assign(new Error(err.code), { data: err.toBody() }));
    if (isCrossOrigin(socket.handshake.headers)) return refuse(new JunbanError('auth/cross_origin', 'This connection came from another site’s page.'));
    authenticate(access, socket.handshake.headers.cookie).then(
      (principal) => {
        try {
          assertAllowed(principal, 'city:read');
          next();
        } catch (err) {
          refuse(err as JunbanError);
        }
      },
      (err: unknown) => {
        log.error({ err }, 'staff handshake failed');
        next(new Error('server/internal'));
      },
    );
  });

  nsp.on('connection', (socket) => {
    floor.list().then(
      (offices) => socket.emit('floor', offices),
      (err: unknown) => log.warn({ err }, 'could not read the floor'),
    );
  });

  let pending: NodeJS.Timeout | undefined;
  return {
    /** Something on the floor changed: send it to every staff screen, once for changes close together. */
    floorChanged(): void {
      pending ??= setTimeout(() => {
        pending = undefined;
        floor.list().then(
          (offices) => nsp.emit('floor', offices),
          (err: unknown) => log.warn({ err }, 'could not read the floor'),
        );
      }, FLOOR_GATHER_MS);
    },
    close(): void {
      clearTimeout(pending);
    },
  };
}
