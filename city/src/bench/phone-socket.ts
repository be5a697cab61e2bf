/**
 * A resident's status page as the bench's phone processes hold it: socket.io's wire protocol (Engine.IO 4,
 * Socket.IO 5) over a plain WebSocket, for the `/status` namespace only. What the city sends and the phone decodes is
 * byte for byte what the page's socket.io client gets; but socket.io-client's layers cost a phone process about as
 * much per message as the city spends sending it, and four such processes on the bench's two cores measured their own
 * queue more than the city's delivery. `--phone-client=socket.io` runs the real client instead, for comparison.
 */
import { EventEmitter } from 'node:events';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import type { StatusServerToClientEvents } from '@junban/protocol';

type Events = StatusServerToClientEvents & { connect_error: (err: Error) => void; disconnect: () => void };

/** What the phone worker needs of a socket: the page's events, and closing it. */
export interface PhoneSocket {
  readonly connected: boolean;
  on<E extends keyof Events>(event: E, listener: Events[E]): unknown;
  once<E extends keyof Events>(event: E, listener: Events[E]): unknown;
  disconnect(): void;
}

const NSP = '/status';

class WirePhone extends EventEmitter implements PhoneSocket {
  connected = false;
  private readonly ws: WebSocket;

  constructor(url: string, token: string, timeoutMs: number) {
    super();
    const address = `${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`;
    this.ws = new WebSocket(address, { handshakeTimeout: timeoutMs });
    this.ws.on('message', (data: Buffer) => this.packet(data.toString()));
    this.ws.on('error', (err) => (this.connected ? this.closed() : this.emit('connect_error', err)));
    this.ws.on('close', () => this.closed());
    this.once('open', () => this.ws.send(`40${NSP},${JSON.stringify({ token })}`));
  }

  /** An Engine.IO packet: open (0), ping (2), or a Socket.IO message (4). */
  private packet(text: string): void {
    const kind = text[0];
    if (kind === '0') this.emit('open');
    else if (kind === '2') this.ws.send('3');
    else if (kind === '4') this.message(text.slice(1));
  }

  /** A Socket.IO packet of the namespace: connected (0), disconnected (1), an event (2) or refused (4). */
  private message(text: string): void {
    const type = text[0];
    const body = text.slice(1 + NSP.length + 1);
    if (type === '0') this.connected = true;
    else if (type === '1') this.disconnect();
    else if (type === '4') this.emit('connect_error', new Error(`refused: ${body}`));
    else if (type === '2') {
      const [event, ...args] = JSON.parse(body) as [string, ...unknown[]];
      this.emit(event, ...args);
    }
  }

  private closed(): void {
    if (!this.connected) return;
    this.connected = false;
    this.emit('disconnect');
  }

  disconnect(): void {
    this.ws.close();
    this.closed();
  }
}

export type PhoneClient = 'wire' | 'socket.io';

export function openPhone(client: PhoneClient, url: string, token: string, timeoutMs: number): PhoneSocket {
  if (client === 'wire') return new WirePhone(url, token, timeoutMs);
  // forceNew: each phone its own connection, as on a real phone (else socket.io-client shares one per address).
  const socket: Socket<StatusServerToClientEvents> = io(`${url}/status`, {
    auth: { token },
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    timeout: timeoutMs,
  });
  return socket as unknown as PhoneSocket;
}
