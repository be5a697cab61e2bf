/**
 * What the city's IT department watches: `/metrics` in Prometheus's text format. Queue figures are read from the
 * office at each scrape (they are what the congestion page already shows anyone: counts, never a person), commit
 * times and calls reaching the displays are measured as they happen, and Node's own figures (event-loop delay,
 * memory) come from prom-client's defaults.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PrinterState, type PrinterView } from '@junban/protocol';
import type { Office } from '../queue/office.js';

/** Who is connected, by kind: kiosks, displays and print agents by device, staff screens by role, phones' status pages. */
export type ScreenCount = Record<string, number>;

export interface OfficeMetricsDeps {
  office: Pick<Office, 'congestion' | 'onCommit' | 'recentCalls' | 'now'>;
  printers: () => PrinterView[];
  screens: () => ScreenCount;
  /** Log events the city has not yet stored (null: not linked), and whether the link is up. */
  cityLink: () => { city: string; backlog: number; connected: boolean } | null;
  /** The backup folder and when its newest backup was taken (null: none yet); undefined when backups are not scheduled. */
  lastBackup: () => { dir: string; at: number | null } | undefined;
}

export class OfficeMetrics {
  readonly registry = new Registry();
  private readonly commit: Histogram;
  private readonly callShown: Histogram;
  /** Each display's last seqs observed, so a display that reports a call twice (a reconnect) counts it once. */
  private readonly seen = new Map<string, number[]>();

  constructor(private readonly deps: OfficeMetricsDeps) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    const issued = new Counter({
      name: 'junban_visits_issued_total',
      help: 'Visits issued since the server started, by procedure (a visit for two procedures counts for each).',
      labelNames: ['service'],
      registers,
    });
    const events = new Counter({ name: 'junban_queue_events_total', help: 'Queue events committed, by type.', labelNames: ['type'], registers });
    this.commit = new Histogram({
      name: 'junban_commit_seconds',
      help: 'Time to write one queue change to SQLite, the wait every kiosk and counter action includes.',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.callShown = new Histogram({
      name: 'junban_call_to_display_seconds',
      help: "From a counter's call to a display showing it, as each display reports.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
      registers,
    });
    deps.office.onCommit(({ events: committed, writeSeconds }) => {
      if (writeSeconds !== undefined) this.commit.observe(writeSeconds);
      for (const e of committed) {
        events.inc({ type: e.type });
        if (e.type === 'issued') for (const service of e.data.services) issued.inc({ service });
      }
    });
    new Gauge({
      name: 'junban_visits_waiting',
      help: 'Residents waiting now, by procedure.',
      labelNames: ['service'],
      registers,
      collect() {
        this.reset();
        for (const s of deps.office.congestion().services) this.set({ service: s.serviceId }, s.waiting);
      },
    });
    new Gauge({
      name: 'junban_screens_connected',
      help: 'Screens connected now, by kind (kiosk, display, agent, staff roles, status pages).',
      labelNames: ['kind'],
      registers,
      collect() {
        this.reset();
        for (const [kind, n] of Object.entries(deps.screens())) this.set({ kind }, n);
      },
    });
    new Gauge({
      name: 'junban_printer_state',
      help: 'Each printer\'s state: 1 on the state it is in, 0 on the others ("paper_out" and "offline" want someone).',
      labelNames: ['printer', 'state'],
      registers,
      collect() {
        this.reset();
        for (const p of deps.printers()) for (const state of PrinterState.options) this.set({ printer: p.id, state }, p.state === state ? 1 : 0);
      },
    });
    new Gauge({
      name: 'junban_print_jobs_failed',
      help: 'Tickets waiting to be reprinted, by printer.',
      labelNames: ['printer'],
      registers,
      collect() {
        this.reset();
        for (const p of deps.printers()) this.set({ printer: p.id }, p.failed.length);
      },
    });
    new Gauge({
      name: 'junban_backup_last_timestamp_seconds',
      help: 'When the newest scheduled backup was taken, by folder (0: none yet; absent when backups are not scheduled). Alert when it is older than two intervals.',
      labelNames: ['dir'],
      registers,
      collect() {
        this.reset();
        const last = deps.lastBackup();
        if (last) this.set({ dir: last.dir }, (last.at ?? 0) / 1000);
      },
    });
    new Gauge({
      name: 'junban_city_link_backlog_events',
      help: 'Log events the city has not stored yet, by city address (absent when the office is not linked).',
      labelNames: ['city'],
      registers,
      collect() {
        this.reset();
        const link = deps.cityLink();
        if (link) this.set({ city: link.city }, link.backlog);
      },
    });
    new Gauge({
      name: 'junban_city_link_up',
      help: '1 while the office is connected to its city, by city address (absent when not linked).',
      labelNames: ['city'],
      registers,
      collect() {
        this.reset();
        const link = deps.cityLink();
        if (link) this.set({ city: link.city }, link.connected ? 1 : 0);
      },
    });
  }

  /** A display showed these calls: each one counts once per display, measured from the call. */
  callsShown(displayId: string, seqs: number[]): void {
    const seen = this.seen.get(displayId) ?? [];
    const now = this.deps.office.now();
    for (const seq of seqs) {
      if (seen.includes(seq)) continue;
      const call = this.deps.office.recentCalls().find((c) => c.seq === seq);
      if (!call) continue;
      seen.push(seq);
      this.callShown.observe(Math.max(0, now - call.at) / 1000);
    }
    this.seen.set(displayId, seen.slice(-50));
  }
}
