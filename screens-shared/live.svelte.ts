import { io, type Socket } from 'socket.io-client';
// The zod-free entry: the kiosk and the display load this, and their bundles must not carry zod.
import {
  followLiveView,
  type ApiInput,
  type ApiOutput,
  type ClientToServerEvents,
  type Device,
  type EndpointName,
  type LogEvent,
  type OtherScreen,
  type PresenceReport,
  type PrintJobView,
  type PublicView,
  type ScreenNotice,
  type ServerToClientEvents,
} from '@junban/protocol/screens';

export interface LiveViewOptions<V> {
  /** A device token; staff connect with their session cookie instead. */
  token?: string;
  /** Called with every view received, after it is stored. */
  onView?: (view: V) => void;
  /** A kiosk: each change of a ticket it asked the server to print (printed, or failed). */
  onPrintJob?: (job: PrintJobView) => void;
  /**
   * A device: the server stopped accepting its token (an admin revoked it, or the server does not know it). Retrying
   * cannot help, only pairing again; without this the screen would show the problem and wait forever.
   */
  onRefused?: () => void;
  /** The events of each live update as it arrives (a counter tablet waits for its counter's finish); none are replayed. */
  onEvents?: (events: LogEvent[]) => void;
}

/** The office's live view as Svelte state; the syncing and catching up is `followLiveView`, shared by every screen. */
export class LiveView<V extends PublicView = PublicView> {
  /** Replaced whole on every change, so it need not be deeply reactive. */
  view = $state.raw<V | null>(null);
  /** A kiosk or display: itself and its settings, kept current when an admin changes them; null for staff. */
  device = $state.raw<Device | null>(null);
  connected = $state(false);
  /** Since when we have been without a connection (page load counts); null while connected. */
  disconnectedAt = $state<number | null>(Date.now());
  /** A problem retrying will not fix: the server refused us, revoked this device or failed the sync. */
  error = $state<string | null>(null);
  /** Staff screens: other screens already at the counter this one reported (the server's answer); empty when none. */
  alsoHere = $state.raw<OtherScreen[]>([]);
  /** Notices managers posted to this screen (issue 20), newest first: asked for on every connect, then pushed. */
  notices = $state.raw<ScreenNotice[]>([]);

  readonly #socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  #presence: PresenceReport | null = null;

  constructor(options: LiveViewOptions<V> = {}) {
    this.#socket = io(options.token ? { auth: { token: options.token } } : {});
    if (options.onPrintJob) this.#socket.on('printJob', options.onPrintJob);
    const { onEvents } = options;
    if (onEvents) this.#socket.on('update', (update) => onEvents(update.events));
    // The server keeps presence in memory only: say it again after every reconnect (a server restart included).
    this.#socket.on('connect', () => this.#sendPresence());
    // Notices posted while this screen was away arrive with the connect; later ones are pushed as they change.
    this.#socket.on('connect', () => {
      this.command('currentScreenNotices', {}).then(
        (notices) => (this.notices = notices),
        () => undefined,
      );
    });
    this.#socket.on('screenNotices', (notices) => (this.notices = notices));
    const { onRefused } = options;
    if (onRefused) {
      this.#socket.on('revoked', onRefused);
      // An inactive socket means the server refused the handshake itself; auth/required is its word for a bad token.
      this.#socket.on('connect_error', (err) => {
        if (!this.#socket.active && err.message === 'auth/required') onRefused();
      });
    }
    followLiveView<V>(this.#socket, {
      view: (view) => {
        this.view = view;
        options.onView?.(view);
      },
      connection: (connected) => {
        this.connected = connected;
        this.disconnectedAt = connected ? null : Date.now();
      },
      problem: (message) => {
        this.error = message;
      },
      device: (device) => {
        this.device = device;
      },
    });
  }

  /** Staff screens: the counter this screen works at, for the admin's list of who is where; null for none. */
  reportPresence(counterId: string | null): void {
    this.#presence = { counterId };
    this.alsoHere = [];
    if (this.#socket.connected) this.#sendPresence();
  }

  #sendPresence(): void {
    const report = this.#presence;
    if (!report) return;
    this.#socket.emit('presence', report, (answer) => {
      // An answer to a report since replaced says nothing about the counter chosen now.
      if (this.#presence === report) this.alsoHere = answer.ok ? (answer.data.alsoHere ?? []) : [];
    });
  }

  /** Any API command over this connection, with this screen's rights; rejects with the server's message. */
  command<N extends EndpointName>(name: N, input: ApiInput<N>): Promise<ApiOutput<N>> {
    return new Promise((resolve, reject) => {
      this.#socket.emit('command', { name, input }, (result) => (result.ok ? resolve(result.data as ApiOutput<N>) : reject(new Error(result.error.message))));
    });
  }

  close(): void {
    this.#socket.disconnect();
  }
}
