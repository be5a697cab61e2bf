import type { Socket } from 'socket.io-client';
import type { Device } from '../access/model.js';
import type { PublicView } from './model.js';
import { applyUpdate, type ClientToServerEvents, type ServerToClientEvents } from './socket.js';

export interface LiveListener<V> {
  view(view: V): void;
  connection(connected: boolean): void;
  /** A problem that retrying will not fix (refused, revoked, a failed sync), or null once it is gone. */
  problem(message: string | null): void;
  /** A kiosk or display: its device and settings, on every sync and whenever an admin changes them. */
  device?(device: Device): void;
}

/**
 * Keep a live view of the office over a socket.io connection: a full `sync` on every (re)connect, then each pushed
 * update merged in; an update that does not follow the view's version means one was missed, so sync again.
 * Every screen uses this, so a kiosk, a display and a counter console recover from a lost connection alike.
 */
export function followLiveView<V extends PublicView>(socket: Socket<ServerToClientEvents, ClientToServerEvents>, listener: LiveListener<V>): void {
  let view: V | null = null;
  let syncing = false;

  const store = (next: V) => {
    view = next;
    listener.view(next);
  };

  const sync = () => {
    syncing = true;
    socket.emit('sync', view ? { since: view.version } : {}, (result) => {
      syncing = false;
      if (!result.ok) return listener.problem(result.error.message);
      listener.problem(null);
      if (result.data.device) listener.device?.(result.data.device);
      // The answer is authoritative, even when its version went down (a server restored from a backup).
      store(result.data.view as V);
    });
  };

  socket.on('connect', () => {
    listener.connection(true);
    sync();
  });
  socket.on('update', (update) => {
    // While a sync is on its way, its answer already holds these changes (socket.io keeps the order).
    if (!view || syncing) return;
    const next = applyUpdate(view, update);
    if (next) store(next);
    else sync();
  });
  let accountChanged = false;
  socket.on('accountChanged', () => {
    accountChanged = true;
  });
  socket.on('disconnect', (reason) => {
    listener.connection(false);
    // socket.io does not reconnect a socket the server closed; after an account change this screen should, with the
    // account as it is now (a disabled one is then refused, and the screen shows why).
    if (accountChanged && reason === 'io server disconnect') {
      accountChanged = false;
      socket.connect();
    }
  });
  socket.on('connect_error', (err) => {
    // socket.io stops retrying only when the server itself refused the handshake.
    if (!socket.active) listener.problem(err.message);
  });
  socket.on('device', (device) => listener.device?.(device));
  socket.on('revoked', () => {
    listener.problem('This device was revoked by an administrator.');
    socket.disconnect();
  });
}
