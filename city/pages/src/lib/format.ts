import type { LinkState } from '@junban/protocol/screens';

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
  if (seconds < 60) return { ja: 'たった今', en: 'just now' };
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return { ja: `${minutes}分前`, en: `${minutes} min ago` };
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return { ja: `${hours}時間前`, en: `${hours} h ago` };
  return { ja: `${Math.floor(hours / 24)}日前`, en: `${Math.floor(hours / 24)} days ago` };
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
  never: { ja: '未接続', en: 'Never linked' },
  connected: { ja: '接続中', en: 'Connected' },
  disconnected: { ja: '切断中', en: 'Disconnected' },
  revoked: { ja: '登録取消', en: 'Revoked' },
};
