import { parse } from 'csv-parse/sync';
import { randomInt, randomUUID } from 'node:crypto';
import {
  isReservationCode,
  JunbanError,
  RESERVATION_CODE_ALPHABET,
  RESERVATION_CODE_RULE,
  type IssuedVisit,
  type Language,
  type OfficeConfig,
  type Reservation,
} from '@junban/protocol';
import { calendarDay, closedReason } from '../calendar/calendar.js';
import { businessDateOf, instantOf } from '../queue/business-day.js';
import { issue } from '../queue/commands.js';
import type { Office, OfficeReader } from '../queue/office.js';

/** What bookings read of the office, and the one way they change it: a check-in issues a visit. */
export type ReservationsOffice = OfficeReader & Pick<Office, 'run'>;
import type { Notes } from '../notes/notes.js';
import type { Db } from '../storage/database.js';

/** A note is personal data: only the roles that may read it back (form:write) write one. */
export const noteForbidden = () =>
  new JunbanError('auth/forbidden', 'Notes may hold personal data: only counter and guide staff may write them. Leave the note empty.');

const newCode = () => Array.from({ length: 8 }, () => RESERVATION_CODE_ALPHABET[randomInt(RESERVATION_CODE_ALPHABET.length)]).join('');

// The `note` column is no longer written: notes are sealed in the notes table (notes/notes.ts).
interface Row {
  id: string;
  code: string;
  service_id: string;
  business_date: string;
  slot_start: number;
  slot_end: number;
  status: Reservation['status'];
  visit_id: string | null;
  source: 'staff' | 'phone';
  confirmed_at: number | null;
}

export interface NewReservation {
  serviceId: string;
  slotStart: number;
  slotMinutes: number;
  code?: string | undefined;
  note?: string | undefined;
}

/** Booked slots and their check-in: a reservation becomes a visit that goes ahead from its slot start. */
export class Reservations {
  constructor(
    private readonly db: Db,
    private readonly office: ReservationsOffice,
    private readonly notes: Notes,
  ) {}

  /** A booking as anyone with reservation:read sees it: whether it has a note, never the note. */
  private toReservation(r: Row): Reservation {
    const out: Reservation = { id: r.id, code: r.code, serviceId: r.service_id, slotStart: r.slot_start, slotEnd: r.slot_end, status: r.status };
    if (r.visit_id) out.visitId = r.visit_id;
    if (this.notes.has('reservation', r.id)) out.hasNote = true;
    if (r.source === 'phone') out.fromPhone = true;
    if (r.confirmed_at !== null) out.confirmedAt = r.confirmed_at;
    return out;
  }

  /** The booking's note in clear (the handler checks form:read), or null; a note shown is audited as read. */
  note(id: string, actor: string): { note: string | null } {
    this.row(id);
    return { note: this.notes.read('reservation', id, actor) };
  }

  /** Who wrote, erased, read or purged the booking's note. */
  noteAudit(id: string) {
    this.row(id);
    return this.notes.auditOf('reservation', id);
  }

  private check(config: OfficeConfig, r: NewReservation): void {
    const service = config.services.find((s) => s.id === r.serviceId);
    if (!service) throw new JunbanError('office/unknown_service', `Unknown procedure "${r.serviceId}".`);
    if (!service.active) throw new JunbanError('office/service_closed', `The procedure "${r.serviceId}" is closed.`);
    const day = calendarDay(businessDateOf(r.slotStart, config.settings), config.settings);
    if (day.closedBecause) {
      throw new JunbanError('reservation/closed_day', `The office is closed on ${day.date}: ${closedReason(day.closedBecause)}. Choose another day.`);
    }
  }

  private insert(r: NewReservation, actor: string): Reservation {
    const settings = this.office.config.settings;
    const reservation: Reservation = {
      id: randomUUID(),
      code: r.code ?? newCode(),
      serviceId: r.serviceId,
      slotStart: r.slotStart,
      slotEnd: r.slotStart + r.slotMinutes * 60_000,
      status: 'booked',
    };
    const businessDate = businessDateOf(r.slotStart, settings);
    try {
      this.db.transaction(() => {
        this.db
          .prepare('INSERT INTO reservations (id, code, service_id, business_date, slot_start, slot_end, status) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(reservation.id, reservation.code, r.serviceId, businessDate, r.slotStart, reservation.slotEnd, 'booked');
        if (r.note && this.notes.set('reservation', reservation.id, businessDate, r.note, actor)) reservation.hasNote = true;
      })();
    } catch (e) {
      if (String(e).includes('UNIQUE')) throw new JunbanError('reservation/duplicate_code', `The code ${reservation.code} is already used.`);
      throw e;
    }
    return reservation;
  }

  create(r: NewReservation, actor: string): Reservation {
    this.check(this.office.config, r);
    return this.insert(r, actor);
  }

  list(date?: string): Reservation[] {
    const day = date ?? this.office.businessDate();
    return (this.db.prepare('SELECT * FROM reservations WHERE business_date = ? ORDER BY slot_start, code').all(day) as Row[]).map((r) =>
      this.toReservation(r),
    );
  }

  /** Whether a booking has this code (whatever its state or day). */
  hasCode(code: string): boolean {
    return this.byCode(code) !== undefined;
  }

  private byCode(code: string): Row | undefined {
    return this.db.prepare('SELECT * FROM reservations WHERE code = ?').get(code) as Row | undefined;
  }

  get(id: string): Reservation {
    return this.toReservation(this.row(id));
  }

  private row(id: string): Row {
    const row = this.db.prepare('SELECT * FROM reservations WHERE id = ?').get(id) as Row | undefined;
    if (!row) throw new JunbanError('reservation/not_found', 'No such reservation.');
    return row;
  }

  private booked(id: string): Row {
    const row = this.row(id);
    if (row.status !== 'booked') throw new JunbanError('reservation/used', `This reservation is already ${row.status.replace('_', ' ')}.`);
    return row;
  }

  /** Change a booking before check-in; what is not given stays as it was. */
  update(
    id: string,
    change: { serviceId?: string | undefined; slotStart?: number | undefined; slotMinutes?: number | undefined; note?: string | undefined },
    actor: string,
  ): Reservation {
    const row = this.booked(id);
    const serviceId = change.serviceId ?? row.service_id;
    const slotStart = change.slotStart ?? row.slot_start;
    const minutes = change.slotMinutes ?? Math.round((row.slot_end - row.slot_start) / 60_000);
    this.check(this.office.config, { serviceId, slotStart, slotMinutes: minutes });
    const businessDate = businessDateOf(slotStart, this.office.config.settings);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE reservations SET service_id = ?, business_date = ?, slot_start = ?, slot_end = ? WHERE id = ?')
        .run(serviceId, businessDate, slotStart, slotStart + minutes * 60_000, id);
      if (change.note !== undefined) this.notes.set('reservation', id, businessDate, change.note, actor);
      else this.notes.redate('reservation', id, businessDate);
    })();
    return this.get(id);
  }

  cancel(id: string): Reservation {
    this.booked(id);
    this.db.prepare("UPDATE reservations SET status = 'cancelled' WHERE id = ?").run(id);
    return this.get(id);
  }

  /**
   * Import a CSV (header: service,date,time[,minutes][,code][,note]; local office time). Every row is checked
   * first; one bad row rejects the file with the row numbers, and nothing is stored.
   */
  import(csv: string, actor: string, mayWriteNotes = true): Reservation[] {
    const config = this.office.config;
    let records: Record<string, string>[];
    try {
      records = parse(csv, { columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()), skip_empty_lines: true, trim: true, bom: true });
    } catch (e) {
      throw new JunbanError('input/invalid', `The CSV could not be read: ${(e as Error).message}`);
    }
    const issues: { path: string; message: string }[] = [];
    const rows: NewReservation[] = [];
    const codes = new Set<string>();
    records.forEach((rec, i) => {
      const line = `row ${i + 2}`;
      try {
        const minutes = rec.minutes ? Number(rec.minutes) : 30;
        if (!Number.isInteger(minutes) || minutes < 5 || minutes > 240) throw new Error('minutes must be a whole number from 5 to 240');
        if (!/^\d{4}-\d{2}-\d{2}$/.test(rec.date ?? '')) throw new Error('date must be YYYY-MM-DD');
        if (!/^\d{1,2}:\d{2}$/.test(rec.time ?? '')) throw new Error('time must be HH:MM');
        const code = rec.code?.toUpperCase() || undefined;
        if (code && !isReservationCode(code)) throw new Error(`code: ${RESERVATION_CODE_RULE}`);
        if (code && (codes.has(code) || this.byCode(code))) throw new Error(`code ${code} is already used`);
        if (code) codes.add(code);
        const r: NewReservation = {
          serviceId: rec.service ?? '',
          slotStart: instantOf(rec.date!, rec.time!.padStart(5, '0'), config.settings.timeZone),
          slotMinutes: minutes,
          code,
          note: rec.note || undefined,
        };
        this.check(config, r);
        rows.push(r);
      } catch (e) {
        issues.push({ path: line, message: (e as Error).message });
      }
    });
    if (records.length === 0) issues.push({ path: 'csv', message: 'no rows' });
    if (!mayWriteNotes && rows.some((r) => r.note)) throw noteForbidden();
    if (issues.length) throw new JunbanError('input/invalid', `${issues.length} row(s) of the CSV are not valid; nothing was imported.`, issues);
    return this.db.transaction(() => rows.map((r) => this.insert(r, actor)))();
  }

  /**
   * Check in on the reservation's day. On time (up to the grace period after the slot start) the visit goes
   * ahead of walk-ins from its slot start; later than that it queues like everyone else.
   */
  checkIn(code: string, actor: string, language?: Language): Omit<IssuedVisit, 'statusUrl' | 'print' | 'notices'> {
    const row = this.byCode(code);
    if (!row) throw new JunbanError('reservation/not_found', 'No reservation with this code.');
    if (row.status !== 'booked') throw new JunbanError('reservation/used', `This reservation is already ${row.status.replace('_', ' ')}.`);
    const now = this.office.now();
    const settings = this.office.config.settings;
    if (businessDateOf(row.slot_start, settings) !== this.office.businessDate(now)) {
      throw new JunbanError('reservation/not_today', 'This reservation is for another day.');
    }
    const onTime = now <= row.slot_start + settings.reservationGraceMinutes * 60_000;
    const reservation = onTime ? { id: row.id, priorityFrom: row.slot_start } : { id: row.id };
    return this.office.run(
      actor,
      (d) => issue(d, { services: [row.service_id], assistance: false, source: 'reservation', language, reservation }),
      (result) => this.db.prepare("UPDATE reservations SET status = 'checked_in', visit_id = ? WHERE id = ?").run(result.visit.id, row.id),
    );
  }
}
