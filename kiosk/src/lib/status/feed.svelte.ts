import { io, type Socket } from 'socket.io-client';
import { JunbanError, moveAlong, type StatusServerToClientEvents, type VisitStatus } from '@junban/protocol/screens';
import { visitStatus } from '$lib/api';

/**
 * One resident's visit, live: the status page's own socket namespace pushes every change; an HTTP read first shows
 * something while the socket is still connecting (a phone on a slow network).
 */
export class StatusFeed {
  status = $state.raw<VisitStatus | null>(null);
  /** The token is unknown or no longer valid (an old ticket, a mistyped link). */
  unknown = $state(false);
  /** Not answered yet because an office cannot be reached from the city just now: it may come once it is back. */
  officeOffline = $state(false);
  connected = $state(false);
  /** Since when we have been without a connection (page load counts); null while connected. */
  disconnectedAt = $state<number | null>(Date.now());

  readonly #socket: Socket<StatusServerToClientEvents>;
  readonly #token: string;

  constructor(token: string) {
    this.#token = token;
    this.#socket = io('/status', { auth: { token } });
    this.#socket.on('status', (status) => this.#take(status));
    // At the city, a call that moves the whole line comes as one move of it, for every page to apply to its place.
    this.#socket.on('line', (move) => {
      if (!this.status) return;
      const moved = moveAlong(this.status, move);
      if (moved === 'gap') this.#read();
      else this.status = moved;
    });
    this.#socket.on('unknown', (why) => {
      if (why?.reason === 'offline') {
        // The city keeps this page in its room: the status arrives here once the office answers.
        this.officeOffline = true;
        return;
      }
      this.unknown = true;
      this.#socket.disconnect();
    });
    this.#socket.on('connect', () => {
      this.connected = true;
      this.disconnectedAt = null;
    });
    this.#socket.on('disconnect', () => {
      this.connected = false;
      this.disconnectedAt = Date.now();
    });
    // socket.io gives up only when the server refused the handshake: for this page, a token it does not know.
    this.#socket.on('connect_error', () => {
      if (!this.#socket.active) this.unknown = true;
    });

    this.#read();
  }

  /** Read the status over HTTP: at first, and when a move of the line was missed. */
  #read(): void {
    visitStatus(this.#token).then(
      (status) => this.#take(status),
      (err) => {
        if (err instanceof JunbanError && err.code === 'visit/not_found') this.unknown = true;
        if (err instanceof JunbanError && err.code === 'remote/office_offline') this.officeOffline = true;
      },
    );
  }

  /** The HTTP answer and the socket race; the newer of the two wins. */
  #take(status: VisitStatus): void {
    if (!this.status || status.at >= this.status.at) this.status = status;
    this.officeOffline = false;
  }

  close(): void {
    this.#socket.disconnect();
  }
}
