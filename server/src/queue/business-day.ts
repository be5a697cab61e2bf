import { DateTime } from 'luxon';
import type { OfficeSettings } from '@junban/protocol';

/**
 * The business day an instant belongs to. A day ends at the office's closing time, not at midnight: a ticket
 * taken after closing belongs to the next day, so numbering restarts at closing and never collides.
 */
export function businessDateOf(at: number, settings: Pick<OfficeSettings, 'timeZone' | 'hours'>): string {
  const local = DateTime.fromMillis(at, { zone: settings.timeZone });
  const [h, m] = settings.hours.close.split(':').map(Number) as [number, number];
  const afterClose = local.hour > h || (local.hour === h && local.minute >= m);
  return (afterClose ? local.plus({ days: 1 }) : local).toISODate()!;
}

/** The instant a business day's local clock shows `time` ("HH:MM"). */
export function instantOf(date: string, time: string, timeZone: string): number {
  const dt = DateTime.fromISO(`${date}T${time}`, { zone: timeZone });
  if (!dt.isValid) throw new RangeError(`invalid date or time: ${date} ${time}`);
  return dt.toMillis();
}
