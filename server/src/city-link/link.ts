/**
 * The office's link to the city while it runs: one socket.io connection the office opens to the city's `/link`
 * namespace, reconnecting for ever with backoff, until the city refuses the credential.
 *
 * On each connection: `hello` (answered with where the city's stored log ends and its catalogue), then the setup
 * and the live view, then the event log after what the city stored, in batches, one in flight, each waiting for its
 * acknowledgement; then new commits as they come. The city stores exactly once, so a batch whose answer was lost is
 * simply sent again.
 *
 * It never slows the office: a commit only notes that there is more (the batch is read on a later turn of the event
 * loop, or after the previous batch's answer); between two batches the link pauses, and for as long as the office's
 * event loop is busy with residents and staff it waits longer (see `pace`); through a WAN outage the backlog is just
 * the log itself, in SQLite, sent once the city answers again.
 */
import {
  BatchAck,
  BookingRequest,
  Catalogue,
  JoinRequest,
  JunbanError,
  LinkWelcome,
  RemoteAction,
  StatusWatch,
  type BookingAnswer,
  type CityLinkView,
  type JoinAnswer,
  type RemoteActionAnswer,
  type EventBatch,
  type LinkHello,
  type LiveSnapshot,
  type PublicView,
  type SetupSnapshot,
  type StatusBatch,
  type HomeFormAnswer,
} from '@junban/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import type { Committed, Office } from '../queue/office.js';
import type { StatusesForCity } from './statuses.js';
import type { CityLinkStore, LinkRecord } from './store.js';

/** How the link paces itself; tests make it quick. */
export interface LinkTiming {
  /** How long to wait for the city's answer to a message before sending it again (or reconnecting). */
  ackTimeoutMs: number;
  /** The first wait before connecting again; it doubles up to `retryMaxMs`. */
  retryMs: number;
  retryMaxMs: number;
  /** The least time between two live views sent (2 a second by default). */
  liveEveryMs: number;
  /** The least time between two batches of residents' statuses (once a second by default). */
  statusEveryMs: number;
  /** The most events in one batch. */
  batchSize: number;
  /** The least pause between two batches: commits made meanwhile travel together rather than one message each. */
  pauseMs: number;
  /** Above this share of its time busy (0–1) during the pause, the office is left to its work and the batch waits… */
  busyShare: number;
  /** …but at most this long, so a backlog still moves (a batch a second) on the busiest day. */
  yieldMaxMs: number;
}

/**
 * The wait between attempts is capped at 15 s: once the WAN is back, an office is linked again (and on the city's
 * floor) within about 20 s, not a minute and a half; a city of a few hundred offices gets a few attempts a second.
 */
export const DEFAULT_TIMING: LinkTiming = {
  ackTimeoutMs: 30_000,
  retryMs: 1_000,
  retryMaxMs: 15_000,
  liveEveryMs: 500,
  statusEveryMs: 1_000,
  batchSize: 1000,
  pauseMs: 50,
  busyShare: 0.5,
  yieldMaxMs: 1_000,
};

/** Statuses in one message: a day's visits of a large office fit in one or two. */
const STATUSES_PER_MESSAGE = 2_000;

/** How often, at most, how far the city has stored is written to the database (the city's answer decides anyway). */
const PERSIST_EVERY_MS = 1_000;

/** What the city may answer a connection with when it no longer accepts this office's credential. */
const REFUSED = new Set(['city/revoked', 'city/unknown_office', 'auth/required', 'auth/bad_credentials', 'auth/revoked']);

export type LinkOffice = Pick<Office, 'onCommit' | 'loggedSeq' | 'eventsAfter' | 'publicView' | 'config' | 'now'>;

export interface LinkDeps {
  office: LinkOffice;
  store: Pick<CityLinkStore, 'progress' | 'revoked' | 'publicUrl'>;
  /** Residents' status pages, for the city's public face. */
  statuses: Pick<StatusesForCity, 'changes' | 'watch' | 'touched'>;
  /** Phones taking, postponing or cancelling a number through the city (remote/feature.ts). */
  phones: { join(request: JoinRequest): JoinAnswer; act(action: RemoteAction): RemoteActionAnswer; booking(request: BookingRequest): BookingAnswer };
  /** Printers and slowed-down kiosks, as the screens see them. */
  devices: () => Pick<PublicView, 'printers' | 'limitedKiosks'>;
  /** Apply a catalogue the city sent (it lands in the change history); throws if it does not fit. */
  applyCatalogue: (catalogue: Catalogue, previous: Catalogue | null) => void;
  log: Logger;
  softwareVersion: string;
  /** Where this office's screens are reached (JUNBAN_PUBLIC_URL), told to the city for its links; never a token. */
  publicUrl: () => string | undefined;
  /** The office's public key for forms residents fill in at home (forms/home-key.ts), told to the city in the hello. */
  formKey?: string;
  timing: LinkTiming;
}

type LinkState = Exclude<CityLinkView['state'], 'unlinked'>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());
const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class CityLink {
  private readonly socket: Socket;
  private state: LinkState;
  private ackedSeq: number;
  private lastContactAt: number | null;
  private catalogue: Catalogue | null;
  /** One per connection, once the city has welcomed it; 0 while not welcomed. Work of an old connection stops. */
  private session = 0;
  private sessions = 0;
  private sending = false;
  private pumpScheduled = false;
  private setupDirty = true;
  private setupSending = false;
  private liveTimer: NodeJS.Timeout | undefined;
  private lastLiveAt = 0;
  private statusTimer: NodeJS.Timeout | undefined;
  private lastStatusAt = 0;
  private statusSending = false;
  /** The next statuses batch replaces all the city holds (after a connect, or a batch it did not acknowledge). */
  private statusFull = true;
  /** Something was committed since the last statuses batch. */
  private statusesDirty = false;
  /** Where residents' phones reach the city, as its welcome said; null: the city has no public face. */
  private cityPublicUrl: string | null;
  private persistTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retries = 0;
  private stopped = false;
  private readonly unsubscribe: () => void;

  constructor(
    record: LinkRecord,
    private readonly deps: LinkDeps,
  ) {
    const { timing } = deps;
    this.ackedSeq = record.ackedSeq;
    this.lastContactAt = record.lastContactAt;
    this.catalogue = record.catalogue;
    this.cityPublicUrl = record.cityPublicUrl;
    this.state = 'connecting';
    this.socket = io(`${record.cityUrl}/link`, {
      auth: { token: record.token },
      transports: ['websocket'],
      // A connection of its own: a link made again to the same city (unlinked and linked, a restart in the same
      // process) must not share socket.io's cached one.
      forceNew: true,
      autoConnect: false,
      reconnection: true,
      reconnectionAttempts: Infinity,
      reconnectionDelay: timing.retryMs,
      reconnectionDelayMax: timing.retryMaxMs,
      randomizationFactor: 0.5,
    });
    this.socket.on('connect', () => void this.greet());
    this.socket.on('disconnect', (reason) => this.disconnected(reason));
    this.socket.on('connect_error', (err) => this.refusedOrDown(err));
    this.socket.on('catalogue', (payload: unknown, ack: unknown) => this.catalogueReceived(payload, ack));
    this.socket.on('watch', (payload: unknown) => this.watchReceived(payload));
    this.socket.on('join', (payload: unknown, ack: unknown) => this.fromPhone(JoinRequest, payload, ack, (r) => this.deps.phones.join(r)));
    this.socket.on('remote', (payload: unknown, ack: unknown) => this.fromPhone(RemoteAction, payload, ack, (a) => this.deps.phones.act(a)));
    this.socket.on('booking', (payload: unknown, ack: unknown) => this.fromPhone(BookingRequest, payload, ack, (b) => this.deps.phones.booking(b)));
    this.unsubscribe = deps.office.onCommit((c) => this.committed(c));
    this.socket.connect();
  }

  /** The city's public address for residents' status pages, once a city has told it (kept across restarts). */
  publicUrl(): string | null {
    return this.state === 'revoked' ? null : this.cityPublicUrl;
  }

  view(): Pick<CityLinkView, 'state' | 'ackedSeq' | 'lastContactAt' | 'catalogueVersion'> {
    return { state: this.state, ackedSeq: this.ackedSeq, lastContactAt: this.lastContactAt, catalogueVersion: this.catalogue?.version ?? null };
  }

  /** Stop for good (unlinked, or the office closes). `persist` keeps how far the city has stored for the next start. */
  stop(persist = true): void {
    if (this.stopped) return;
    this.stopped = true;
    this.session = 0;
    this.unsubscribe();
    for (const t of [this.liveTimer, this.statusTimer, this.persistTimer, this.retryTimer]) clearTimeout(t);
    this.socket.removeAllListeners();
    this.socket.disconnect();
    if (persist) this.persist();
  }

  /** Printers or kiosk limits changed: the city's live view follows. */
  liveChanged(): void {
    if (!this.session || this.liveTimer) return;
    const wait = Math.max(0, this.lastLiveAt + this.deps.timing.liveEveryMs - Date.now());
    this.liveTimer = setTimeout(() => {
      this.liveTimer = undefined;
      this.sendLive();
    }, wait);
    this.liveTimer.unref();
  }

  /**
   * The sealed form a resident filled in at home, by its check-in code (forms/home-forms.ts); undefined when the
   * link is not up or the city did not answer in time (a resident waits at the kiosk meanwhile).
   */
  async homeForm(code: string, timeoutMs = 8_000): Promise<HomeFormAnswer | undefined> {
    if (!this.session) return undefined;
    try {
      const answer = (await this.socket.timeout(timeoutMs).emitWithAck('homeForm', { code })) as HomeFormAnswer | { ok: false; error: unknown };
      return 'error' in answer ? undefined : answer;
    } catch {
      return undefined;
    }
  }

  /** The form joined a visit: the city may delete it (if this is lost, it expires there; the office refuses the code again anyway). */
  homeFormTaken(codes: string[]): void {
    if (!this.session) return;
    this.socket.timeout(this.deps.timing.ackTimeoutMs).emit('homeFormTaken', { codes }, (err: unknown) => {
      if (err) this.deps.log.warn('the city did not confirm it deleted a form filled in at home; it deletes it when it expires');
    });
  }

  // --- the connection -------------------------------------------------------------------------------------------

  private async greet(): Promise<void> {
    const { office, timing, log } = this.deps;
    const connection = ++this.sessions;
    const publicUrl = this.deps.publicUrl();
    const hello: LinkHello = {
      softwareVersion: this.deps.softwareVersion,
      catalogueVersion: this.catalogue?.version ?? null,
      lastSeq: office.loggedSeq(),
      ...(publicUrl ? { publicUrl } : {}),
      ...(this.deps.formKey ? { formKey: this.deps.formKey } : {}),
    };
    let welcome: LinkWelcome;
    try {
      welcome = LinkWelcome.parse(await this.socket.timeout(timing.ackTimeoutMs).emitWithAck('hello', hello));
    } catch (err) {
      if (this.stopped || connection !== this.sessions || !this.socket.connected) return;
      log.warn({ err: messageOf(err) }, 'the city did not welcome this office; connecting again later');
      this.socket.disconnect();
      this.retryLater();
      return;
    }
    if (this.stopped || connection !== this.sessions || !this.socket.connected) return;
    this.contact();
    this.retries = 0;
    this.ackedSeq = welcome.storedSeq;
    if (welcome.storedSeq > office.loggedSeq())
      log.warn({ storedSeq: welcome.storedSeq, lastSeq: office.loggedSeq() }, 'the city holds more of this office’s log than the office has');
    if (welcome.catalogue) {
      try {
        this.receiveCatalogue(welcome.catalogue);
      } catch (err) {
        // The office works on with its own setup; the city sees the old catalogue version in the next hello.
        log.warn({ err: messageOf(err), version: welcome.catalogue.version }, 'the city’s catalogue could not be applied');
      }
    }
    const cityPublicUrl = welcome.publicUrl ?? null;
    if (cityPublicUrl !== this.cityPublicUrl) {
      this.cityPublicUrl = cityPublicUrl;
      try {
        this.deps.store.publicUrl(cityPublicUrl);
      } catch (err) {
        log.warn({ err: messageOf(err) }, 'could not note the city’s public address');
      }
    }
    this.state = 'connected';
    this.session = connection;
    this.setupDirty = true;
    this.statusFull = true;
    void this.sendSetup();
    this.sendLive();
    this.statusesChanged();
    this.pump();
  }

  private disconnected(reason: Socket.DisconnectReason): void {
    this.session = 0;
    this.sending = false;
    this.setupSending = false;
    this.statusSending = false;
    if (this.state !== 'revoked') this.state = 'disconnected';
    // Nothing queued while away is sent on the next connection: it starts again with hello and reads the log afresh.
    this.socket.sendBuffer = [];
    // The city closed this connection (a restart, or a revoked credential): socket.io leaves it closed; try again.
    if (reason === 'io server disconnect') this.retryLater();
  }

  private refusedOrDown(err: Error & { data?: unknown }): void {
    const code = (err.data as { code?: unknown } | undefined)?.code;
    if (REFUSED.has(err.message) || (typeof code === 'string' && REFUSED.has(code))) {
      this.state = 'revoked';
      this.deps.log.warn({ reason: err.message }, 'the city refused this office’s credential; the link stops (enrol again with a new code)');
      try {
        this.deps.store.revoked(this.deps.office.now());
      } catch (err) {
        this.deps.log.warn({ err: messageOf(err) }, 'could not note that the city revoked the link');
      }
      this.stop();
      return;
    }
    this.state = 'disconnected';
    // A network failure is retried by socket.io itself; a refusal by the city's server (it is starting, a proxy…) is not.
    if (!this.socket.active) this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped || this.retryTimer) return;
    const { retryMs, retryMaxMs } = this.deps.timing;
    const wait = Math.min(retryMaxMs, retryMs * 2 ** Math.min(this.retries++, 20)) * (0.5 + Math.random());
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, wait);
    this.retryTimer.unref();
  }

  private contact(): void {
    this.lastContactAt = this.deps.office.now();
    this.persistSoon();
  }

  private persistSoon(): void {
    if (this.persistTimer || this.stopped) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.persist();
    }, PERSIST_EVERY_MS);
    this.persistTimer.unref();
  }

  private persist(): void {
    try {
      this.deps.store.progress(this.ackedSeq, this.lastContactAt);
    } catch (err) {
      // A full disk: the city's welcome says where to resume anyway.
      this.deps.log.warn({ err: messageOf(err) }, 'could not note how far the city has stored');
    }
  }

  // --- what the office sends ------------------------------------------------------------------------------------

  /**
   * Events were written to the log without a commit of the office (the demo's generated history): send them too,
   * rather than at the next commit.
   */
  logAppended(): void {
    if (!this.session || this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  private committed(c: Committed): void {
    if (!this.session) return;
    this.deps.statuses.touched(
      c.events.map((e) => e.visitId),
      c.configChanged,
    );
    if (c.events.length) {
      this.logAppended();
      this.statusesDirty = true;
      this.statusesChanged();
    }
    if (c.configChanged) {
      this.setupDirty = true;
      setImmediate(() => void this.sendSetup());
    }
    this.liveChanged();
  }

  /** Send the log after what the city stored, one batch at a time, until none is left. */
  private pump(): void {
    if (!this.session || this.sending || this.stopped) return;
    this.sending = true;
    const session = this.session;
    this.sendBatches(session).catch((err: unknown) => {
      // The log could not be read (the disk): the office goes on; try again a little later.
      this.deps.log.error({ err: messageOf(err) }, 'reading the log for the city failed; trying again later');
      if (session !== this.session) return;
      setTimeout(() => {
        if (session !== this.session) return;
        this.sending = false;
        this.pump();
      }, this.deps.timing.retryMaxMs).unref();
    });
  }

  private async sendBatches(session: number): Promise<void> {
    const { office, timing, log } = this.deps;
    let stalls = 0;
    let first = true;
    while (session === this.session) {
      if (!first) await this.pace();
      first = false;
      if (session !== this.session) return;
      const events = office.eventsAfter(this.ackedSeq, timing.batchSize);
      if (!events.length) break;
      const last = events[events.length - 1]!.seq;
      const batch: EventBatch = { events, backlog: Math.max(0, office.loggedSeq() - last) };
      let ack: BatchAck;
      try {
        ack = BatchAck.parse(await this.socket.timeout(timing.ackTimeoutMs).emitWithAck('events', batch));
      } catch (err) {
        if (session !== this.session) return;
        // No answer in time (or an answer we cannot read): the city stores exactly once, so send it again.
        log.warn({ err: messageOf(err), from: events[0]!.seq, to: last }, 'the city did not acknowledge a batch; sending it again');
        await sleep(Math.min(timing.retryMaxMs, timing.retryMs * 2 ** Math.min(stalls++, 10)));
        continue;
      }
      if (session !== this.session) return;
      this.contact();
      const progressed = ack.storedSeq > this.ackedSeq;
      this.ackedSeq = ack.storedSeq;
      if (progressed) stalls = 0;
      else {
        // The city stored nothing of it (it says where to resume): do not spin.
        log.warn({ storedSeq: ack.storedSeq, from: events[0]!.seq }, 'the city stored nothing of a batch; resuming from where it says');
        await sleep(Math.min(timing.retryMaxMs, timing.retryMs * 2 ** Math.min(stalls++, 10)));
      }
    }
    if (session === this.session) this.sending = false;
  }

  /**
   * The wait before the next batch. Reading a batch of 1000 events and sending it costs the office's one thread tens
   * of milliseconds, taken from the kiosks and counters it serves. So the link looks at how busy the event loop was
   * while it paused (Node's event-loop utilisation, which does not count the pause itself), and pauses again while
   * the office is busier than `busyShare`, up to `yieldMaxMs`. An office at rest sends a backlog at full speed; a
   * saturated one still sends a batch a second, its new events reaching the city a second late at most (the live
   * view, which the city's floor shows, goes on twice a second regardless).
   */
  private async pace(): Promise<void> {
    const { pauseMs, busyShare, yieldMaxMs } = this.deps.timing;
    const started = performance.now();
    for (;;) {
      const before = performance.eventLoopUtilization();
      await sleep(pauseMs);
      const busy = performance.eventLoopUtilization(before).utilization;
      if (busy <= busyShare || performance.now() - started >= yieldMaxMs) return;
    }
  }

  private async sendSetup(): Promise<void> {
    const session = this.session;
    if (!session || this.setupSending || !this.setupDirty) return;
    this.setupSending = true;
    this.setupDirty = false;
    const { office, timing, log } = this.deps;
    const snapshot: SetupSnapshot = { config: office.config, at: office.now() };
    try {
      await this.socket.timeout(timing.ackTimeoutMs).emitWithAck('setup', snapshot);
      if (session === this.session) this.contact();
    } catch (err) {
      if (session !== this.session) return;
      log.warn({ err: messageOf(err) }, 'the city did not acknowledge the setup; sending it again');
      this.setupDirty = true;
      await sleep(timing.retryMs);
    }
    if (session !== this.session) return;
    this.setupSending = false;
    if (this.setupDirty) void this.sendSetup();
  }

  private sendLive(): void {
    if (!this.session) return;
    this.lastLiveAt = Date.now();
    try {
      const { config: _config, ...view } = { ...this.deps.office.publicView(), ...this.deps.devices() };
      const snapshot: LiveSnapshot = { view };
      // The next one replaces it: dropped rather than queued when the connection cannot take it now.
      this.socket.volatile.emit('live', snapshot);
    } catch (err) {
      this.deps.log.error({ err: messageOf(err) }, 'the live view for the city could not be made');
    }
  }

  /** Residents' statuses changed (or the city needs them all): the next batch goes within `statusEveryMs`. */
  private statusesChanged(): void {
    if (!this.session || this.statusTimer || this.statusSending) return;
    const wait = Math.max(0, this.lastStatusAt + this.deps.timing.statusEveryMs - Date.now());
    this.statusTimer = setTimeout(() => {
      this.statusTimer = undefined;
      void this.sendStatuses();
    }, wait);
    this.statusTimer.unref();
  }

  /** The statuses that changed, one message in flight; one the city did not acknowledge makes the next a full one. */
  private async sendStatuses(): Promise<void> {
    const session = this.session;
    if (!session || this.statusSending) return;
    this.statusSending = true;
    this.lastStatusAt = Date.now();
    const { timing, log } = this.deps;
    this.statusesDirty = false;
    let batch: StatusBatch;
    try {
      batch = this.deps.statuses.changes(this.statusFull);
    } catch (err) {
      log.error({ err: messageOf(err) }, 'residents’ statuses for the city could not be made');
      this.statusSending = false;
      return;
    }
    this.statusFull = false;
    try {
      // A batch bigger than one message goes in parts: the first replaces what the city held (when full), the rest
      // add, and the lines' moves come with the last, after every page sent on its own.
      const parts = Math.max(1, Math.ceil(batch.statuses.length / STATUSES_PER_MESSAGE));
      for (let p = 0; p < parts; p++) {
        const statuses = batch.statuses.slice(p * STATUSES_PER_MESSAGE, (p + 1) * STATUSES_PER_MESSAGE);
        const lines = p === parts - 1 ? batch.lines : undefined;
        const part: StatusBatch = { full: batch.full && p === 0, businessDate: batch.businessDate, statuses, ...(lines ? { lines } : {}) };
        if (!part.full && !part.statuses.length && !part.lines) break;
        await this.socket.timeout(timing.ackTimeoutMs).emitWithAck('statuses', part);
        if (session !== this.session) return;
      }
    } catch (err) {
      if (session !== this.session) return;
      log.warn({ err: messageOf(err) }, 'the city did not acknowledge residents’ statuses; sending them all again');
      this.statusFull = true;
    }
    if (session !== this.session) return;
    this.statusSending = false;
    if (this.statusFull || this.statusesDirty) this.statusesChanged();
  }

  // --- what the city sends --------------------------------------------------------------------------------------

  /** Phones opened these status pages at the city: follow this office's visits among them. */
  private watchReceived(payload: unknown): void {
    const parsed = StatusWatch.safeParse(payload);
    if (!parsed.success) return;
    try {
      if (this.deps.statuses.watch(parsed.data.keys)) {
        this.statusesDirty = true;
        this.statusesChanged();
      }
    } catch (err) {
      this.deps.log.error({ err: messageOf(err) }, 'the status pages the city asked for could not be looked up');
    }
  }

  /** A phone's request the city passed on: checked, done, and answered (the answer says why not). */
  private fromPhone<T>(schema: z.ZodType<T>, payload: unknown, ack: unknown, run: (input: T) => unknown): void {
    if (typeof ack !== 'function') return;
    const parsed = schema.safeParse(payload);
    (ack as (a: unknown) => void)(parsed.success ? run(parsed.data) : { ok: false, code: 'input/invalid', message: 'Not a request the office knows.' });
  }

  private catalogueReceived(payload: unknown, ack: unknown): void {
    const answer = typeof ack === 'function' ? (ack as (a: unknown) => void) : () => {};
    const parsed = Catalogue.safeParse(payload);
    if (!parsed.success) return answer({ ok: false, error: { code: 'input/invalid', message: 'Not a catalogue.' } });
    try {
      this.contact();
      this.receiveCatalogue(parsed.data);
      answer({ ok: true });
    } catch (err) {
      this.deps.log.warn({ err: messageOf(err), version: parsed.data.version }, 'the city’s catalogue could not be applied');
      answer({
        ok: false,
        error: err instanceof JunbanError ? err.toBody() : { code: 'server/internal', message: 'The office could not apply the catalogue.' },
      });
    }
  }

  /** Apply a catalogue unless it is the version this office already runs. */
  private receiveCatalogue(catalogue: Catalogue): void {
    if (this.catalogue?.version === catalogue.version) return;
    this.deps.applyCatalogue(catalogue, this.catalogue);
    this.catalogue = catalogue;
  }
}
