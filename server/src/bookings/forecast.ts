/**
 * The staffing forecast counts the visits already booked (issue 19). The forecast learns arrivals from history, in
 * which past bookings arrived like everyone else; a day with more booked than the forecast expects gets at least its
 * bookings: per date, hour and procedure, arrivals are the larger of the forecast and the bookings.
 */
import { DateTime } from 'luxon';
import type { ForecastRow } from '../insights/forecast.js';
import type { Db } from '../storage/database.js';

export interface BookedHour {
  date: string;
  serviceId: string;
  hour: number;
  booked: number;
}

/** The forecast with the bookings as a floor; rows for bookings the forecast had no arrivals for are added. */
export function withBookings(rows: readonly ForecastRow[], booked: readonly BookedHour[]): (ForecastRow & { booked: number })[] {
  const key = (r: { date: string; serviceId: string; hour: number }) => `${r.date}\n${r.serviceId}\n${r.hour}`;
  const bookings = new Map(booked.map((b) => [key(b), b.booked]));
  const out = rows.map((r) => {
    const n = bookings.get(key(r)) ?? 0;
    bookings.delete(key(r));
    return { ...r, arrivals: Math.max(r.arrivals, n), booked: n };
  });
  for (const b of booked) if (bookings.has(key(b))) out.push({ date: b.date, serviceId: b.serviceId, hour: b.hour, arrivals: b.booked, booked: b.booked });
  return out;
}

/** The reservations not cancelled (by phone or by staff) of these business days, per local hour of their slot. */
export function bookedHours(db: Db, from: string, to: string, timeZone: string): BookedHour[] {
  const rows = db
    .prepare(
      "SELECT business_date AS date, service_id AS serviceId, slot_start AS start FROM reservations WHERE business_date BETWEEN ? AND ? AND status != 'cancelled'",
    )
    .all(from, to) as { date: string; serviceId: string; start: number }[];
  const counts = new Map<string, BookedHour>();
  for (const r of rows) {
    const hour = DateTime.fromMillis(r.start, { zone: timeZone }).hour;
    const k = `${r.date}\n${r.serviceId}\n${hour}`;
    const row = counts.get(k) ?? { date: r.date, serviceId: r.serviceId, hour, booked: 0 };
    row.booked += 1;
    counts.set(k, row);
  }
  return [...counts.values()];
}
