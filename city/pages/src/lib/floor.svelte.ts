import { JunbanError, STAFF_NAMESPACE, type FloorOffice, type StaffServerToClientEvents } from '@junban/protocol/screens';
import { io, type Socket } from 'socket.io-client';
import { call, messageOf } from './api';

/** How often the floor is asked for over HTTP while the socket is not connected. */
export const POLL_MS = 10_000;

/**
 * Every office's floor as the city sees it now. The city pushes the whole floor on the `/staff` socket whenever an
 * office changes; while that socket is not connected (the city has none, a proxy drops WebSockets, a restart) the
 * page asks for `floor` every 10 s instead, so the wall screen never freezes on old figures without saying so. The
 * socket is WebSocket only, as the city asks (protocol/src/city/socket.ts): several city processes behind a load
 * balancer then need no sticky sessions, and a network that blocks WebSockets gets the polling.
 */
class CityFloor {
  offices = $state.raw<FloorOffice[] | null>(null);
  /** When the figures last arrived, by either way. */
  receivedAt = $state<number | null>(null);
  /** True while the socket pushes updates; false while we poll. */
  live = $state(false);
  error = $state<string | null>(null);

  /** Start following the floor; the returned function stops. `onSignedOut` runs when the city no longer knows us. */
  open(onSignedOut: () => void): () => void {
    let closed = false;
    const socket: Socket<StaffServerToClientEvents> = io(STAFF_NAMESPACE, { transports: ['websocket'] });

    const receive = (offices: FloorOffice[]) => {
      if (closed) return;
      this.offices = offices;
      this.receivedAt = Date.now();
      this.error = null;
    };
    const poll = async () => {
      try {
        receive(await call('floor', {}));
      } catch (err) {
        if (closed) return;
        if (err instanceof JunbanError && err.code === 'auth/required') onSignedOut();
        this.error = messageOf(err);
      }
    };

    socket.on('floor', receive);
    socket.on('connect', () => {
      this.live = true;
      // Whatever changed while we were away: the socket only says what changes from now on.
      void poll();
    });
    socket.on('disconnect', () => (this.live = false));
    socket.on('connect_error', (err) => {
      this.live = false;
      if (!socket.active && err.message === 'auth/required') onSignedOut();
    });

    void poll();
    const timer = setInterval(() => {
      if (!socket.connected) void poll();
    }, POLL_MS);

    return () => {
      closed = true;
      clearInterval(timer);
      socket.close();
      this.live = false;
    };
  }
}

export const floor = new CityFloor();
