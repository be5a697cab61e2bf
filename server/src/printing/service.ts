/**
 * Tickets to printers. Issuing never waits for paper: the visit is committed first and the resident sees the
 * number on screen; the ticket then prints in the background, one job at a time per printer. A ticket that cannot
 * print is kept on staff's list until someone reprints it, so a printer fault loses no number and issues none twice.
 */
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { JunbanError, type Language, type Printer, type PrinterState, type PrinterView, type PrintJobView, type Visit } from '@junban/protocol';
import type { Office, OfficeReader } from '../queue/office.js';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../storage/database.js';
import type { PrintResult, PrinterDriver } from './driver.js';
import { ticketBytes, type TicketContent } from './ticket.js';
import { residentLine } from './words.js';

/** What printing reads of the office: the time, the day, the configuration, a visit and its place in line. */
export type PrintingOffice = OfficeReader & Pick<Office, 'visit'> & { state: Pick<Office['state'], 'placeOf'> };

export interface PrintRequest {
  visit: Visit;
  printerId: string;
  /** The kiosk that asked, told when its ticket printed or failed. */
  kioskId: string | null;
  language: Language;
  reprint: boolean;
}

export interface PrintEvents {
  /** A printer's state or its failed tickets changed. */
  printersChanged(): void;
  jobChanged(kioskId: string, job: PrintJobView): void;
}

interface JobRow {
  id: string;
  visit_id: string;
  number: string;
  business_date: string;
  printer_id: string;
  kiosk_id: string | null;
  language: Language;
  reprint: number;
  state: PrintJobView['state'];
  problem: PrinterState | null;
  created_at: number;
}

const toView = (r: JobRow): PrintJobView => ({
  id: r.id,
  visitId: r.visit_id,
  number: r.number,
  printerId: r.printer_id,
  state: r.state,
  at: r.created_at,
  reprint: r.reprint === 1,
  ...(r.problem ? { problem: r.problem } : {}),
});

export class PrintService {
  private readonly states = new Map<string, { state: PrinterState; checkedAt: number | null }>();
  /** Each printer's jobs run one after another. */
  private readonly lines = new Map<string, Promise<void>>();
  private readonly drivers = new Map<string, { key: string; driver: PrinterDriver }>();
  private readonly busy = new Set<string>();
  private readonly poller?: NodeJS.Timeout;

  private readonly db: Db;
  private readonly office: PrintingOffice;
  private readonly openDriver: (printer: Printer) => PrinterDriver;
  private readonly events: PrintEvents;
  private readonly log: Logger;
  /** The visit status page, for the ticket's QR code. */
  private readonly statusUrl: (visitId: string) => string;
  /** Whether the status page is at a linked city that may send notices. */
  private readonly notices: () => boolean;
  private readonly insertJob: Statement;
  private readonly finishJob: Statement;

  constructor(deps: {
    db: Db;
    office: PrintingOffice;
    openDriver: (printer: Printer) => PrinterDriver;
    events: PrintEvents;
    log: Logger;
    statusUrl: (visitId: string) => string;
    /** Whether the status page is at a linked city that may send notices (the ticket says so); default: no. */
    notices?: () => boolean;
    /** How often idle printers are asked for their state; 0: only around jobs. */
    pollMs: number;
  }) {
    this.db = deps.db;
    this.office = deps.office;
    this.openDriver = deps.openDriver;
    this.events = deps.events;
    this.log = deps.log;
    this.statusUrl = deps.statusUrl;
    this.notices = deps.notices ?? (() => false);
    const { db, pollMs } = deps;
    // Every ticket writes these two: prepared once.
    this.insertJob = db.prepare(`INSERT INTO print_jobs (id, visit_id, number, business_date, printer_id, kiosk_id, language, reprint, state, created_at)
                                 VALUES (@id, @visit_id, @number, @business_date, @printer_id, @kiosk_id, @language, @reprint, @state, @created_at)`);
    this.finishJob = db.prepare('UPDATE print_jobs SET state = ?, problem = ?, done_at = ? WHERE id = ?');
    // Tickets that were on their way when the server stopped may not have printed: staff decide.
    db.prepare("UPDATE print_jobs SET state = 'failed', problem = 'unknown' WHERE state = 'queued'").run();
    if (pollMs > 0) {
      this.poller = setInterval(() => void this.pollAll(), pollMs);
      this.poller.unref();
    }
  }

  private printer(printerId: string): Printer {
    const printer = this.office.config.printers.find((p) => p.id === printerId);
    if (!printer) throw new JunbanError('printer/not_found', `Unknown printer "${printerId}".`);
    return printer;
  }

  /** The driver for a printer, opened anew when an admin changed its connection. */
  driver(printer: Printer): PrinterDriver {
    const key = JSON.stringify(printer);
    const open = this.drivers.get(printer.id);
    if (open?.key === key) return open.driver;
    void open?.driver.close();
    const driver = this.openDriver(printer);
    this.drivers.set(printer.id, { key, driver });
    return driver;
  }

  /** Queue a ticket; answers at once with the job, which the kiosk then follows through `jobChanged`. */
  enqueue(request: PrintRequest): PrintJobView {
    const printer = this.printer(request.printerId);
    const row: JobRow = {
      id: randomUUID(),
      visit_id: request.visit.id,
      number: request.visit.number,
      business_date: request.visit.businessDate,
      printer_id: printer.id,
      kiosk_id: request.kioskId,
      language: request.language,
      reprint: request.reprint ? 1 : 0,
      state: 'queued',
      problem: null,
      created_at: this.office.now(),
    };
    this.insertJob.run(row);
    const content = this.content(request.visit, request.language, request.reprint);
    this.inLine(printer.id, () => this.run(row, printer, content));
    return toView(row);
  }

  /** Print a ticket again (after a fault, or a lost ticket), on the same printer or another. */
  reprint(jobId: string, printerId?: string): PrintJobView {
    const row = this.db.prepare('SELECT * FROM print_jobs WHERE id = ?').get(jobId) as JobRow | undefined;
    if (!row) throw new JunbanError('print/not_found', 'No such print job.');
    const visit = this.office.visit(row.visit_id);
    if (!visit) throw new JunbanError('visit/not_found', 'The visit of this ticket is gone.');
    this.db.prepare('UPDATE print_jobs SET resolved = 1 WHERE id = ?').run(jobId);
    const job = this.enqueue({ visit, printerId: printerId ?? row.printer_id, kioskId: null, language: row.language, reprint: true });
    this.events.printersChanged();
    return job;
  }

  /** Every configured printer with its last known state and today's tickets waiting to be reprinted. */
  views(): PrinterView[] {
    const today = this.office.businessDate();
    const failed = (
      this.db.prepare("SELECT * FROM print_jobs WHERE business_date = ? AND state = 'failed' AND resolved = 0 ORDER BY created_at").all(today) as JobRow[]
    ).map(toView);
    return this.office.config.printers.map((p) => ({
      id: p.id,
      name: p.name,
      ...(this.states.get(p.id) ?? { state: 'unknown', checkedAt: null }),
      failed: failed.filter((j) => j.printerId === p.id),
    }));
  }

  /** A test ticket an admin prints from setup; answers with the printer's state after it. */
  async testPrint(printerId: string): Promise<PrinterView> {
    const printer = this.printer(printerId);
    const content: TicketContent = {
      office: this.office.config.settings.name.ja,
      number: 'TEST',
      procedures: ['テスト印刷 / Test print'],
      issuedAt: this.localTime(this.office.now()),
      peopleAhead: 0,
      estimateMinutes: null,
      statusUrl: 'https://example.invalid/test',
      language: 'ja',
    };
    await new Promise<void>((resolve) =>
      this.inLine(printer.id, async () => {
        try {
          const result = await this.driver(printer).print(ticketBytes(content, printer));
          this.noteState(printer.id, result.state);
        } finally {
          // Even when the printer's state is unchanged, every open printers page looks again: the installer checking
          // a layout on the virtual printer sees the test ticket at once, in every browser, not at the next poll.
          this.events.printersChanged();
          resolve();
        }
      }),
    );
    return this.views().find((v) => v.id === printerId)!;
  }

  /** Ask every idle printer for its state, so a fault shows before the next resident and a fixed one clears. */
  async pollAll(): Promise<void> {
    await Promise.all(
      this.office.config.printers
        .filter((p) => !this.busy.has(p.id))
        .map(async (p) => {
          try {
            this.noteState(p.id, await this.driver(p).status());
          } catch (err) {
            this.log.warn({ err, printer: p.id }, 'printer status failed');
          }
        }),
    );
  }

  async close(): Promise<void> {
    clearInterval(this.poller);
    await Promise.allSettled([...this.lines.values()]);
    await Promise.allSettled([...this.drivers.values()].map((d) => d.driver.close()));
  }

  private content(visit: Visit, language: Language, reprint: boolean): TicketContent {
    const names = this.office.config.services;
    const open = visit.steps.filter((s) => s.state !== 'done' && s.state !== 'cancelled' && s.state !== 'expired');
    const current = open.find((s) => s.state === 'waiting');
    const place = current ? this.office.state.placeOf({ visit, step: current }, this.office.now()) : { peopleAhead: 0, estimateSec: null };
    return {
      office: this.office.config.settings.name.ja,
      number: visit.number,
      procedures: open.map((s) => names.find((n) => n.id === s.serviceId)?.name.ja ?? s.serviceId),
      issuedAt: this.localTime(visit.issuedAt),
      peopleAhead: place.peopleAhead,
      estimateMinutes: place.estimateSec === null ? null : Math.max(1, Math.round(place.estimateSec / 60)),
      statusUrl: this.statusUrl(visit.id),
      notices: this.notices(),
      language,
      ...(language === 'ja' ? {} : { residentLine: residentLine[language](visit.number) }),
      ...(reprint ? { reprint: true } : {}),
    };
  }

  private localTime(at: number): string {
    return DateTime.fromMillis(at, { zone: this.office.config.settings.timeZone }).toFormat('yyyy/MM/dd HH:mm');
  }

  private inLine(printerId: string, job: () => Promise<void>): void {
    const next = (this.lines.get(printerId) ?? Promise.resolve()).then(async () => {
      this.busy.add(printerId);
      try {
        await job();
      } catch (err) {
        this.log.error({ err, printer: printerId }, 'print job failed unexpectedly');
      } finally {
        this.busy.delete(printerId);
      }
    });
    this.lines.set(printerId, next);
  }

  private async run(row: JobRow, printer: Printer, content: TicketContent): Promise<void> {
    let result: PrintResult;
    try {
      result = await this.driver(printer).print(ticketBytes(content, printer));
    } catch (err) {
      // A fault of ours, not the printer's: the ticket still goes on staff's list rather than staying "queued".
      this.log.error({ err, printer: printer.id, job: row.id }, 'print job failed unexpectedly');
      result = { printed: false, state: 'unknown', message: 'internal error' };
    }
    const state = result.printed ? 'printed' : 'failed';
    this.finishJob.run(state, result.printed ? null : result.state, this.office.now(), row.id);
    if (!result.printed)
      this.log.warn({ printer: printer.id, job: row.id, number: row.number, state: result.state, message: result.message }, 'ticket not printed');
    const job = toView({ ...row, state, problem: result.printed ? null : result.state });
    this.noteState(printer.id, result.state, row.id, !result.printed);
    if (row.kiosk_id) this.events.jobChanged(row.kiosk_id, job);
  }

  private noteState(printerId: string, state: PrinterState, jobId?: string, listChanged = false): void {
    const before = this.states.get(printerId)?.state;
    this.states.set(printerId, { state, checkedAt: this.office.now() });
    if (before !== state) {
      this.db.prepare('INSERT INTO printer_log (at, printer_id, state, job_id) VALUES (?, ?, ?, ?)').run(this.office.now(), printerId, state, jobId ?? null);
      this.log.info({ printer: printerId, state, was: before ?? 'unknown' }, 'printer state changed');
    }
    if (before !== state || listChanged) this.events.printersChanged();
  }
}
