/**
 * How many messages one socket may send. A screen sends a handful: `sync` and `presence` on each connect, a
 * display's status report now and then, a clerk's command per button press. A socket sending far more is broken
 * or hostile, and every message costs the one thread that serves the whole office; so each socket has a token
 * bucket: a burst of MESSAGE_LIMIT.burst, refilled at MESSAGE_LIMIT.perSecond. A message over the limit is answered
 * `socket/too_many_messages` and not handled; a socket that keeps sending anyway is disconnected.
 */
import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { Ack } from '@junban/protocol';

/** A burst of messages a socket may send, and how many a second refill it. */
export interface MessageLimit {
  burst: number;
  perSecond: number;
}

/** Far above a reconnect (two messages) or a clerk pressing buttons as fast as they can (a few a second). */
export const MESSAGE_LIMIT: MessageLimit = { burst: 50, perSecond: 20 };
/** Messages refused in a row (the sender was told each time) before the socket is disconnected. */
export const REFUSED_BEFORE_DISCONNECT = 50;

export type Verdict = 'handle' | 'refuse' | 'disconnect';

/** One socket's bucket; `now` in milliseconds. Pure, so a unit test can drive it. */
export class MessageBucket {
  private tokens: number;
  private refusedInARow = 0;

  constructor(
    private readonly limit: MessageLimit,
    private last: number,
  ) {
    this.tokens = limit.burst;
  }

  take(now: number): Verdict {
    this.tokens = Math.min(this.limit.burst, this.tokens + ((now - this.last) / 1000) * this.limit.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.refusedInARow = 0;
      return 'handle';
    }
    return ++this.refusedInARow > REFUSED_BEFORE_DISCONNECT ? 'disconnect' : 'refuse';
  }
}

/**
 * A connection with no socket in a namespace yet sends a packet or two to join one. Its packets never meet a
 * socket's bucket (each join without credentials is refused, but costs a credentials check), so they have their own.
 */
export const BEFORE_JOINING_LIMIT: MessageLimit = { burst: 20, perSecond: 5 };

/** Connections that have a socket, whose messages `limitMessages` already counts. */
const joined = new WeakSet<object>();

/** Every packet of a connection that has not joined a namespace, read before socket.io: too many, and it is closed. */
export function limitConnections(io: Server, log: Logger): void {
  io.engine.on('connection', (conn: { remoteAddress: string; on(event: 'data', listener: () => void): void; close(): void }) => {
    const bucket = new MessageBucket(BEFORE_JOINING_LIMIT, performance.now());
    let closed = false;
    conn.on('data', () => {
      if (closed || joined.has(conn) || bucket.take(performance.now()) === 'handle') return;
      closed = true;
      log.warn({ address: conn.remoteAddress }, 'connection closed: it kept sending packets without joining');
      conn.close();
    });
  });
}

/** Puts a socket's incoming events through its own bucket (before any handler sees them). */
export function limitMessages(socket: Socket, limit: MessageLimit, log: Logger, who: () => string): void {
  const bucket = new MessageBucket(limit, performance.now());
  joined.add(socket.conn);
  socket.use((packet, next) => {
    const verdict = bucket.take(performance.now());
    if (verdict === 'handle') return next();
    if (verdict === 'disconnect') {
      log.warn({ who: who(), address: socket.handshake.address }, 'socket disconnected: it kept sending messages over its limit');
      socket.disconnect(true);
      return;
    }
    const ack = packet[packet.length - 1];
    const refusal: Ack<never> = {
      ok: false,
      error: {
        code: 'socket/too_many_messages',
        message: `Too many messages (more than ${limit.perSecond} a second); this one was not handled. Slow down or the connection is closed.`,
      },
    };
    if (typeof ack === 'function') (ack as (a: Ack<never>) => void)(refusal);
  });
}
