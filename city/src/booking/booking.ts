/**
 * Booking a visit from a phone, at the city's public face (issue 19). The office owns its bookings: the city asks it
 * over its link for a procedure's slots, to book, move or cancel (socket.io acknowledgements, as for joining), and
 * the office checks the slot's places in its own transaction, so no slot goes over however many phones race for it.
 * The city keeps what only it may hold: the booking's link (its SHA-256), and the contact to remind, sealed, until
 * the slot begins; it sends the reminders (the day before, an hour before) through its notice channels.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { bookableServices, bookingRules } from '@junban/server/bookings';
import {
  JunbanError,
  type BookingAnswer,
  type BookingOffice,
  type BookingRequest,
  type BookingSlot,
  type BookingView,
  type CityBooking,
  type ErrorCode,
  type Language,
  type LocalizedText,
  type NoticeTarget,
  type OfficeConfig,
} from '@junban/protocol';
import type { Db } from '../db/engine.js';
import type { Outbox } from '../notices/outbox.js';
import type { Sealer } from '../notices/seal.js';
import { linkStateAt } from '../offices/offices.js';
import type { PhoneLimits } from '../remote/limits.js';
import type { HandlerSlice } from '../web/calls.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** How long a procedure's slots are reused for other phones (the office's answer decides at booking anyway). */
const SLOTS_FRESH_MS = 2_000;

export interface BookingDeps {
  db: Db;
  sealer: Sealer;
  limits: PhoneLimits;
  /** Bookings one network address may make in a day (CITY_BOOKINGS_PER_ADDRESS). */
  bookingsPerAddress: number;
  /** Ask the office over its link; undefined when it is not linked now or did not answer in time. */
  ask: (officeId: string, request: BookingRequest) => Promise<BookingAnswer | undefined>;
  outbox: Pick<Outbox, 'enqueue' | 'eraseVisit' | 'channels'>;
  /** The city's public address, for the booking's link in reminders. */
  publicUrl: () => string | undefined;
  now: () => number;
  log: Logger;
}

interface Row {
  id: string;
  office_id: string;
  code: string;
  service_id: string;
  slot_start: string | number;
  slot_end: string | number;
  language: string;
  status: BookingView['status'];
  remind_channel: NoticeTarget['channel'] | null;
  sealed: Uint8Array | null;
  created_at: string | number;
  confirmed_at: string | number | null;
}

interface OfficeRow {
  id: string;
  name: LocalizedText;
  link_state: 'never' | 'connected' | 'disconnected' | 'revoked';
  last_contact_at: string | null;
  config: OfficeConfig | null;
}

/** What is sealed for the reminders: the contact, and the booking's link they carry. Erased together. */
interface Sealed {
  target: NoticeTarget;
  token: string;
}

export const bookingKey = (token: string) => createHash('sha256').update(token).digest('base64url');
/** The outbox's key of a booking's reminders: erased with the booking. */
const reminderKey = (id: string) => `booking:${id}`;

/** A date (YYYY-MM-DD) and a short time ("4/2 10:00") on the office's clock. */
const localDate = (at: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
function localTime(at: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(at)
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.month)}/${Number(parts.day)} ${parts.hour}:${parts.minute}`;
}

const offline = () =>
  new JunbanError('remote/office_offline', 'The office cannot be reached from here just now. Try again in a few minutes, or call the office.');

function refused(answer: { code: string; message: string }): JunbanError {
  const known = ['booking/not_offered', 'booking/full', 'booking/not_found', 'booking/closed'];
  return new JunbanError(known.includes(answer.code) ? (answer.code as ErrorCode) : 'server/internal', answer.message);
}

export function bookingFeature(deps: BookingDeps) {
  const { db, sealer } = deps;
  const slotsCache = new Map<string, { at: number; slots: BookingSlot[] }>();

  async function officesWithSetup(officeId?: string): Promise<OfficeRow[]> {
    return db.query<OfficeRow>(
      `SELECT o.id, o.name, o.link_state, o.last_contact_at,
              (SELECT s.config FROM office_setups s WHERE s.office_id = o.id ORDER BY s.id DESC LIMIT 1) AS config
         FROM offices o
        WHERE o.revoked_at IS NULL AND o.enrolled_at IS NOT NULL AND ($1::text IS NULL OR o.id = $1)
        ORDER BY o.id`,
      [officeId ?? null],
    );
  }

  async function office(officeId: string): Promise<OfficeRow & { config: OfficeConfig }> {
    const [row] = await officesWithSetup(officeId);
    if (!row?.config) throw new JunbanError('city/unknown_office', 'No such office.');
    return row as OfficeRow & { config: OfficeConfig };
  }

  async function ask(officeId: string, request: BookingRequest): Promise<Extract<BookingAnswer, { ok: true }>> {
    const answer = await deps.ask(officeId, request);
    if (!answer) throw offline();
    if (!answer.ok) throw refused(answer);
    return answer;
  }

  function shown(row: Row, token: string, o: OfficeRow & { config: OfficeConfig }): CityBooking {
    const service = o.config.services.find((s) => s.id === row.service_id);
    return {
      token,
      officeId: row.office_id,
      office: o.name,
      serviceId: row.service_id,
      service: service?.name ?? { ja: row.service_id, en: row.service_id },
      timeZone: o.config.settings.timeZone,
      daysAhead: bookingRules(o.config.settings).daysAhead,
      code: row.code,
      slotStart: Number(row.slot_start),
      slotEnd: Number(row.slot_end),
      status: row.status,
      confirmedAt: row.confirmed_at === null ? null : Number(row.confirmed_at),
      remindBy: row.sealed ? row.remind_channel : null,
    };
  }

  async function byToken(token: string): Promise<Row> {
    const [row] = await db.query<Row>('SELECT * FROM bookings WHERE token_hash = $1', [bookingKey(token)]);
    if (!row) throw new JunbanError('booking/not_found', 'This booking link is not valid.');
    return row;
  }

  /** What the office now says of a booking, kept at the city (its status, its slot); the contact goes once it is over. */
  async function record(row: Row, booking: BookingView): Promise<Row> {
    const over = booking.status !== 'booked';
    const moved = booking.slotStart !== Number(row.slot_start);
    const [updated] = await db.query<Row>(
      `UPDATE bookings SET status = $2, slot_start = $3, slot_end = $4, confirmed_at = $7,
              sealed = CASE WHEN $5 THEN NULL ELSE sealed END,
              told_tomorrow_at = CASE WHEN $6 THEN NULL ELSE told_tomorrow_at END,
              told_soon_at = CASE WHEN $6 THEN NULL ELSE told_soon_at END
        WHERE id = $1 RETURNING *`,
      [row.id, booking.status, booking.slotStart, booking.slotEnd, over, moved, booking.confirmedAt ?? null],
    );
    if (over) await deps.outbox.eraseVisit(row.office_id, reminderKey(row.id));
    return updated!;
  }

  const forgetSlots = (officeId: string, serviceId: string) => {
    for (const key of slotsCache.keys()) if (key.startsWith(`${officeId}\n${serviceId}\n`)) slotsCache.delete(key);
  };

  /** The reminders now due, queued in the outbox: a row is claimed by one city process at a time. */
  async function remindDue(): Promise<number> {
    const now = deps.now();
    const publicUrl = deps.publicUrl();
    if (!publicUrl) return 0;
    const claimed = await db.query<Row & { kind: 'booking_tomorrow' | 'booking_soon' }>(
      `UPDATE bookings b SET
              told_tomorrow_at = CASE WHEN d.kind = 'booking_tomorrow' THEN $1 ELSE b.told_tomorrow_at END,
              told_soon_at = CASE WHEN d.kind = 'booking_soon' THEN $1 ELSE b.told_soon_at END
         FROM (SELECT id, CASE WHEN slot_start - $3 <= $1 THEN 'booking_soon' ELSE 'booking_tomorrow' END AS kind
                 FROM bookings
                WHERE status = 'booked' AND sealed IS NOT NULL AND slot_start > $1
                  AND ((told_soon_at IS NULL AND slot_start - $3 <= $1 AND created_at < slot_start - $3)
                    OR (told_tomorrow_at IS NULL AND slot_start - $2 <= $1 AND slot_start - $3 > $1 AND created_at < slot_start - $2))
                ORDER BY slot_start LIMIT 200 FOR UPDATE SKIP LOCKED) d
        WHERE b.id = d.id
        RETURNING b.*, d.kind`,
      [now, DAY, HOUR],
    );
    for (const row of claimed) {
      try {
        const o = await office(row.office_id);
        const { target, token } = JSON.parse(sealer.open(row.sealed!, row.id)) as Sealed;
        const service = o.config.services.find((s) => s.id === row.service_id);
        const time = localTime(Number(row.slot_start), o.config.settings.timeZone);
        await deps.outbox.enqueue(row.office_id, reminderKey(row.id), target, {
          kind: row.kind,
          language: row.language as Language,
          office: o.name,
          number: row.code,
          ...(service ? { service: service.name } : {}),
          time,
          statusUrl: `${publicUrl}/kiosk/book/${token}`,
        });
      } catch (err) {
        deps.log.warn({ err: err instanceof Error ? err.message : String(err), office: row.office_id }, 'could not queue a booking’s reminder');
      }
    }
    return claimed.length;
  }

  /** Contacts of bookings whose slot has begun are erased; rows go a week after their slot. */
  async function purge(): Promise<void> {
    const now = deps.now();
    await db.query('UPDATE bookings SET sealed = NULL WHERE sealed IS NOT NULL AND slot_start <= $1', [now]);
    await db.query('DELETE FROM bookings WHERE slot_end < $1', [now - 7 * DAY]);
  }

  const handlers = {
    async bookingOptions() {
      const now = deps.now();
      return (await officesWithSetup()).flatMap((o): BookingOffice[] => {
        if (!o.config) return [];
        const ids = bookableServices(o.config);
        if (!ids.length) return [];
        const rules = bookingRules(o.config.settings);
        const lastContactAt = o.last_contact_at === null ? null : Number(o.last_contact_at);
        return [
          {
            officeId: o.id,
            name: o.name,
            online: linkStateAt(o.link_state, lastContactAt, now) === 'connected',
            services: ids.map((id) => ({ id, name: o.config!.services.find((s) => s.id === id)!.name })),
            slotMinutes: rules.slotMinutes,
            daysAhead: rules.daysAhead,
            timeZone: o.config!.settings.timeZone,
          },
        ];
      });
    },

    async bookingSlots({ officeId, serviceId, from, days }) {
      const o = await office(officeId);
      const start = from ?? localDate(deps.now(), o.config.settings.timeZone);
      const key = `${officeId}\n${serviceId}\n${start}\n${days}`;
      const cached = slotsCache.get(key);
      if (cached && deps.now() - cached.at < SLOTS_FRESH_MS) return { slots: cached.slots };
      const { slots = [] } = await ask(officeId, { action: 'slots', serviceId, from: start, days });
      slotsCache.set(key, { at: deps.now(), slots });
      return { slots };
    },

    async bookVisit({ officeId, serviceId, slotStart, language, remind }, ctx) {
      const o = await office(officeId);
      if (remind && (remind.channel === 'line' || !deps.outbox.channels.includes(remind.channel))) {
        throw new JunbanError('input/invalid', `This city does not send booking reminders by ${remind.channel}.`, [
          { path: 'remind.channel', message: 'not offered here' },
        ]);
      }
      if (!(await deps.limits.take('book-address', ctx.address, deps.bookingsPerAddress))) {
        throw new JunbanError('booking/too_many', 'This connection has booked as many visits as it may today. Call the office, or come in person.');
      }
      let booking: BookingView | undefined;
      try {
        booking = (await ask(officeId, { action: 'book', serviceId, slotStart, language })).booking;
      } finally {
        if (!booking) await deps.limits.giveBack('book-address', ctx.address);
      }
      if (!booking) throw new JunbanError('server/internal', 'The office did not say what it booked.');
      forgetSlots(officeId, serviceId);
      const id = randomUUID();
      const token = randomBytes(32).toString('base64url');
      // The office holds the place now; if the city cannot keep the link to it, the place goes back at once.
      const kept = db.query<Row>(
        `INSERT INTO bookings (id, token_hash, office_id, code, service_id, slot_start, slot_end, language, status, remind_channel, sealed, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING *`,
        [
          id,
          bookingKey(token),
          officeId,
          booking.code,
          serviceId,
          booking.slotStart,
          booking.slotEnd,
          language,
          booking.status,
          remind?.channel ?? null,
          remind ? sealer.seal(JSON.stringify({ target: remind, token } satisfies Sealed), id) : null,
          deps.now(),
        ],
      );
      const [row] = await kept.catch(async (err: unknown) => {
        await deps.ask(officeId, { action: 'cancel', code: booking.code });
        throw err;
      });
      return shown(row!, token, o);
    },

    async getBooking({ token }) {
      let row = await byToken(token);
      const o = await office(row.office_id);
      // The office's word when it answers (checked in at the kiosk, say); the city's last one while it cannot.
      const answer = await deps.ask(row.office_id, { action: 'get', code: row.code });
      if (answer?.ok && answer.booking) row = await record(row, answer.booking);
      return shown(row, token, o);
    },

    async rescheduleBooking({ token, slotStart }) {
      const row = await byToken(token);
      const o = await office(row.office_id);
      const { booking } = await ask(row.office_id, { action: 'reschedule', code: row.code, slotStart });
      forgetSlots(row.office_id, row.service_id);
      return shown(await record(row, booking!), token, o);
    },

    async confirmBooking({ token }) {
      const row = await byToken(token);
      const o = await office(row.office_id);
      const { booking } = await ask(row.office_id, { action: 'confirm', code: row.code });
      return shown(await record(row, booking!), token, o);
    },

    async cancelBooking({ token }) {
      const row = await byToken(token);
      const o = await office(row.office_id);
      const { booking } = await ask(row.office_id, { action: 'cancel', code: row.code });
      forgetSlots(row.office_id, row.service_id);
      return shown(await record(row, booking!), token, o);
    },
  } satisfies HandlerSlice;

  return { handlers, remindDue, purge };
}
export type BookingFeature = ReturnType<typeof bookingFeature>;
