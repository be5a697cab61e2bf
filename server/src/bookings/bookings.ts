/**
 * Bookings residents make from their phone, at the office that owns them (issue 19). The city asks over its link;
 * the office answers from its own database. A booking is an ordinary reservation (source `phone`): the
 * reservations page lists it, the kiosk checks it in with its code, its priority and grace follow the office's rules.
 * Each booking and each move is checked against the slot's places and written in one SQLite transaction, so however
 * many phones race for the last place, the slot never goes over.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import {
  JunbanError,
  RESERVATION_CODE_ALPHABET,
  type BookingAnswer,
  type BookingRequest,
  type BookingView,
  type Language,
  type OfficeConfig,
} from '@junban/protocol';
import { businessDateOf } from '../queue/business-day.js';
import type { Db } from '../storage/database.js';
import { offeredSlot, openSlots, placesLeft } from './slots.js';

const CODE_LENGTH = 8;
const newCode = () => Array.from({ length: CODE_LENGTH }, () => RESERVATION_CODE_ALPHABET[randomInt(RESERVATION_CODE_ALPHABET.length)]).join('');

interface Row {
  id: string;
  code: string;
  service_id: string;
  slot_start: number;
  slot_end: number;
  status: BookingView['status'];
  confirmed_at: number | null;
}

const view = (r: Row): BookingView => ({
  code: r.code,
  serviceId: r.service_id,
  slotStart: r.slot_start,
  slotEnd: r.slot_end,
  status: r.status,
  confirmedAt: r.confirmed_at,
});

export interface BookingsOffice {
  readonly config: OfficeConfig;
  now(): number;
}

export class PhoneBookings {
  private readonly takenStmt;
  private readonly byCodeStmt;

  constructor(
    private readonly db: Db,
    private readonly office: BookingsOffice,
    private readonly log?: Logger,
  ) {
    // Places are taken by every reservation of the slot not cancelled, booked by phone or by staff.
    this.takenStmt = db.prepare(
      `SELECT service_id AS serviceId, count(*) AS n FROM reservations
        WHERE slot_start >= ? AND slot_start < ? AND status != 'cancelled' AND id != ? GROUP BY service_id`,
    );
    this.byCodeStmt = db.prepare(
      "SELECT id, code, service_id, slot_start, slot_end, status, confirmed_at FROM reservations WHERE code = ? AND source = 'phone'",
    );
  }

  private taken(start: number, end: number, except = ''): Map<string, number> {
    const rows = this.takenStmt.all(start, end, except) as { serviceId: string; n: number }[];
    return new Map(rows.map((r) => [r.serviceId, r.n]));
  }

  private row(code: string): Row {
    const row = this.byCodeStmt.get(code) as Row | undefined;
    if (!row) throw new JunbanError('booking/not_found', 'No booking with this code here.');
    return row;
  }

  /** A booking that may still change: booked, and its slot not begun. */
  private changeable(code: string): Row {
    const row = this.row(code);
    if (row.status !== 'booked') throw new JunbanError('booking/closed', `This booking is ${row.status.replace('_', ' ')}: it can no longer be changed.`);
    if (this.office.now() >= row.slot_start) throw new JunbanError('booking/closed', 'This booking’s time has begun: it can no longer be changed.');
    return row;
  }

  /** Throws booking/full unless the slot has a place for one more of the procedure (not counting `except`). */
  private assertPlace(config: OfficeConfig, serviceId: string, slot: { start: number; end: number }, except?: string): void {
    if (placesLeft(config, serviceId, this.taken(slot.start, slot.end, except)) < 1) {
      throw new JunbanError('booking/full', 'Every place of this slot is taken. Choose another time.');
    }
  }

  slots(serviceId: string, from: string, days: number) {
    return openSlots(this.office.config, serviceId, from, days, this.office.now(), (start, end) => this.taken(start, end));
  }

  book(serviceId: string, slotStart: number, language: Language): BookingView {
    const config = this.office.config;
    const slot = offeredSlot(config, serviceId, slotStart, this.office.now());
    // IMMEDIATE: the count and the insert hold the database's write lock together, whoever else writes to it.
    return this.db
      .transaction(() => {
        this.assertPlace(config, serviceId, slot);
        for (let attempt = 0; ; attempt++) {
          const code = newCode();
          try {
            this.db
              .prepare(
                `INSERT INTO reservations (id, code, service_id, business_date, slot_start, slot_end, status, source, language)
                 VALUES (?, ?, ?, ?, ?, ?, 'booked', 'phone', ?)`,
              )
              .run(randomUUID(), code, serviceId, businessDateOf(slot.start, config.settings), slot.start, slot.end, language);
            return view(this.row(code));
          } catch (e) {
            if (!String(e).includes('UNIQUE') || attempt > 5) throw e;
          }
        }
      })
      .immediate();
  }

  reschedule(code: string, slotStart: number): BookingView {
    const config = this.office.config;
    return this.db
      .transaction(() => {
        const row = this.changeable(code);
        const slot = offeredSlot(config, row.service_id, slotStart, this.office.now());
        this.assertPlace(config, row.service_id, slot, row.id);
        this.db
          .prepare('UPDATE reservations SET business_date = ?, slot_start = ?, slot_end = ? WHERE id = ?')
          .run(businessDateOf(slot.start, config.settings), slot.start, slot.end, row.id);
        return view(this.row(code));
      })
      .immediate();
  }

  cancel(code: string): BookingView {
    return this.db
      .transaction(() => {
        const row = this.changeable(code);
        this.db.prepare("UPDATE reservations SET status = 'cancelled' WHERE id = ?").run(row.id);
        return view(this.row(code));
      })
      .immediate();
  }

  /** The resident is coming: kept once (a second tap changes nothing), while the booking may still change. */
  confirm(code: string): BookingView {
    const row = this.changeable(code);
    if (row.confirmed_at === null) this.db.prepare('UPDATE reservations SET confirmed_at = ? WHERE id = ?').run(this.office.now(), row.id);
    return view(this.row(code));
  }

  get(code: string): BookingView {
    return view(this.row(code));
  }

  /** What the city asked over the link, answered (a refusal in the office's words, never a throw). */
  answer(request: BookingRequest): BookingAnswer {
    try {
      switch (request.action) {
        case 'slots':
          return { ok: true, slots: this.slots(request.serviceId, request.from, request.days) };
        case 'book':
          return { ok: true, booking: this.book(request.serviceId, request.slotStart, request.language) };
        case 'reschedule':
          return { ok: true, booking: this.reschedule(request.code, request.slotStart) };
        case 'cancel':
          return { ok: true, booking: this.cancel(request.code) };
        case 'confirm':
          return { ok: true, booking: this.confirm(request.code) };
        case 'get':
          return { ok: true, booking: this.get(request.code) };
      }
    } catch (err) {
      if (err instanceof JunbanError) return { ok: false, code: err.code, message: err.message };
      this.log?.error({ err: err instanceof Error ? err.message : String(err) }, 'a booking over the city link failed');
      return { ok: false, code: 'server/internal', message: 'The office could not do this just now.' };
    }
  }
}
