import { RECENT_CALLS, type Call, type LogEvent, type OfficeConfig, type Visit } from '@junban/protocol';
import type { ConfigStore } from '../config/store.js';
import type { Db } from '../storage/database.js';
import { closeEndedDays, Draft } from './commands.js';
import { SERVICE_TIME_WINDOW } from './estimate.js';
import { QueueState, RECENTLY_CLOSED_STEPS, type Change } from './state.js';
import { toCall, type QueueStore } from './store.js';
import { congestion, publicView, staffView } from './views.js';

export interface Clock {
  now(): number;
}
export const systemClock: Clock = { now: () => Date.now() };

/**
 * What most features read of the office, and all they are given of it: the time, the business day and the
 * configuration as it is now. Features that change the queue also get `run`; none gets the whole office.
 */
export type OfficeReader = Pick<Office, 'now' | 'businessDate' | 'config'>;

/** What a commit changed, for the realtime hub to tell the screens. */
export interface Committed {
  events: LogEvent[];
  services: ReadonlySet<string>;
  counters: ReadonlySet<string>;
  calls: Call[];
  configChanged: boolean;
  /** How long the SQLite transaction took (absent for a change that wrote nothing: configuration, a tick). */
  writeSeconds?: number;
}

/**
 * The office: the one place where the queue changes. A command runs on a draft; its change is committed to
 * SQLite in one transaction and only then applied in memory, acknowledged and announced.
 */
export class Office {
  readonly state: QueueState;
  private calls: Call[];
  private version: number;
  private readonly listeners = new Set<(c: Committed) => void>();
  private readonly tickListeners = new Set<() => void>();

  constructor(
    private readonly db: Db,
    private readonly store: QueueStore,
    private readonly configStore: ConfigStore,
    private readonly clock: Clock,
    config: OfficeConfig,
    private readonly newId?: () => string,
  ) {
    this.state = new QueueState(config);
    const today = this.state.businessDate(clock.now());
    for (const v of store.openVisits()) this.state.putVisit(v);
    for (const v of store.closedVisits(today, RECENTLY_CLOSED_STEPS)) this.state.rememberClosed(v);
    for (const s of store.sequences(today)) this.state.setSequence(s.business_date, s.prefix, s.last);
    for (const c of store.counterStatuses()) this.state.counterStatus.set(c.counter_id, c.status);
    this.state.apply({
      visits: [],
      events: store.recentFinished(
        config.services.map((s) => s.id),
        SERVICE_TIME_WINDOW,
      ),
    });
    this.state.apply({ visits: [], events: store.callsOn(today) });
    this.state.apply({ visits: [], events: store.issuedOn(today) });
    this.calls = store.recentCalls(today, RECENT_CALLS);
    this.version = store.lastSeq();
  }

  get config(): OfficeConfig {
    return this.state.config;
  }

  now(): number {
    return this.clock.now();
  }

  /** The business day of the instant `at` (now by default): a day ends at the office's closing, not at midnight. */
  businessDate(at: number = this.clock.now()): string {
    return this.state.businessDate(at);
  }

  /** The sequence number of the last committed event. */
  get currentVersion(): number {
    return this.version;
  }

  /** The log's last seq, counting events written without a commit (the demo's generated history): what the city may still need. */
  loggedSeq(): number {
    return this.store.lastSeq();
  }

  onCommit(listener: (c: Committed) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Run a command. If it throws, nothing was written. `alsoWrite` joins the same transaction, for records of
   * other modules that must commit together with the queue (a reservation marked as checked in).
   */
  run<T>(actor: string, command: (d: Draft) => T, alsoWrite?: (result: T) => void): T {
    const draft = new Draft(this.state, this.clock.now(), actor, this.newId);
    const result = command(draft);
    const change = draft.change();
    if (!change.visits.length && !change.events.length && !change.sequence && !change.counterStatus) return result;
    const started = performance.now();
    const events = this.db.transaction(() => {
      const written = this.store.write(change);
      alsoWrite?.(result);
      return written;
    })();
    const writeSeconds = (performance.now() - started) / 1000;
    this.state.apply(change);
    this.announce(change, events, false, false, writeSeconds);
    return result;
  }

  /** Replace the configuration after `edit` has checked it. */
  configure(edit: (config: OfficeConfig) => OfficeConfig): OfficeConfig {
    const next = edit(this.state.config);
    this.configStore.save(next, this.clock.now());
    this.state.config = next;
    this.announce({ visits: [], events: [] }, [], true);
    return next;
  }

  /** Run after each tick, once ended days are closed: other modules' end-of-day work (purging the day's forms). */
  onTick(listener: () => void): () => void {
    this.tickListeners.add(listener);
    return () => this.tickListeners.delete(listener);
  }

  /** Close ended business days and refresh every screen (estimates, priorities that started, the date). */
  tick(actor = 'system'): void {
    this.run(actor, closeEndedDays);
    this.announce({ visits: [], events: [] }, [], false, true);
    for (const l of this.tickListeners) l();
  }

  visit(id: string): Visit | undefined {
    return this.state.visits.get(id) ?? this.store.visit(id);
  }

  publicView() {
    return publicView(this.state, this.version, this.clock.now(), this.calls);
  }

  staffView() {
    return staffView(this.state, this.version, this.clock.now(), this.calls);
  }

  congestion() {
    return congestion(this.state, this.clock.now(), this.calls);
  }

  recentCalls(): readonly Call[] {
    return this.calls;
  }

  eventsAfter(seq: number, limit: number, range?: { from?: string; to?: string }): LogEvent[] {
    return this.store.eventsAfter(seq, limit, range);
  }

  private announce(change: Change, events: LogEvent[], configChanged: boolean, everything = false, writeSeconds?: number): void {
    if (!events.length && !configChanged && !everything && !change.counterStatus) return;
    if (events.length) this.version = events[events.length - 1]!.seq;
    const newCalls = events
      .filter((e) => e.type === 'called' || e.type === 'recalled')
      .map((e) =>
        toCall(
          e,
          change.visits.find((v) => v.id === e.visitId),
        ),
      )
      .reverse();
    if (newCalls.length) this.calls = [...newCalls, ...this.calls].slice(0, RECENT_CALLS);
    const all = configChanged || everything || change.counterStatus !== undefined;
    const services = new Set(all ? this.state.config.services.map((s) => s.id) : events.flatMap((e) => (e.serviceId ? [e.serviceId] : [])));
    const counters = new Set(all ? this.state.config.counters.map((c) => c.id) : events.flatMap((e) => (e.counterId ? [e.counterId] : [])));
    const committed: Committed = { events, services, counters, calls: newCalls, configChanged, ...(writeSeconds === undefined ? {} : { writeSeconds }) };
    for (const l of this.listeners) l(committed);
  }
}
