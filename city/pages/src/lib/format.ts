import type { LinkState } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

/**
 * How the city pages write times and figures. Times are the browser's own clock: the city's staff and its offices
 * are in the same zone, and the city's views carry no zone of their own.
 */

/** "14:05" */
export function clockTime(at: number): string {
  return new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);
}

/** "2026-12-06 14:05" */
export function dateTime(at: number): string {
  const date = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
  return `${date} ${clockTime(at)}`;
}

/** How long ago, Japanese then English: "3分前 / 3 min ago". */
export function ago(at: number, now: number): { ja: string; en: string } {
  const seconds = Math.max(0, Math.floor((now - at) / 1000));
  const t = say.city.ago;
  if (seconds < 60) return { ja: t.justNow.ja(), en: t.justNow.en() };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { ja: t.minutes.ja({ minutes }), en: t.minutes.en({ minutes }) };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { ja: t.hours.ja({ hours }), en: t.hours.en({ hours }) };
  const days = Math.floor(hours / 24);
  return { ja: t.days.ja({ days }), en: t.days.en({ days }) };
}

/** A wait in whole minutes ("12"), or null when nobody waits. */
export function waitMinutes(seconds: number | null): number | null {
  return seconds === null ? null : Math.floor(seconds / 60);
}

/** A duration in minutes to a tenth ("12.5"), as the history's tables write waits; "—" when nothing was measured. */
export function minutesTenths(seconds: number | null): string {
  return seconds === null ? '—' : (seconds / 60).toFixed(1);
}

/** "87%", or null before the first call of the day. */
export function percent(share: number | null): string | null {
  return share === null ? null : `${Math.round(share * 100)}%`;
}

export const linkLabel: Record<LinkState, { ja: string; en: string }> = {
  never: { ja: say.city.link.never.ja(), en: say.city.link.never.en() },
  connected: { ja: say.city.link.connected.ja(), en: say.city.link.connected.en() },
  disconnected: { ja: say.city.link.disconnected.ja(), en: say.city.link.disconnected.en() },
  revoked: { ja: say.city.link.revoked.ja(), en: say.city.link.revoked.en() },
};
