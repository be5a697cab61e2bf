import type { Role } from '@junban/protocol/screens';
import { allow } from './roles';

/**
 * The staff screens, and who may open each: the header's tabs, the landing page's list and each route's guard
 * (`export const load = allowScreen('/counter')`) all read this one table, so nobody is shown a tab that would
 * only answer "not allowed". The server's permissions still protect the data behind each screen.
 */
export const screens = [
  // Only counter staff call and serve (queue:serve); other roles would get 403 on every button.
  { path: '/counter', ja: '窓口', en: 'Counter', about: '呼び出しと対応 / Call and serve residents', roles: ['counter'] },
  // Floor guides fill in residents' forms: personal data, which the server gives to guides and counter staff only.
  { path: '/guide', ja: '案内', en: 'Guide', about: 'フロア案内と事前入力 / Floor guide and pre-filled forms', roles: ['guide'] },
  // Waits, service levels and staffing; the server answers stats:read to no one else.
  { path: '/manager', ja: '管理', en: 'Manager', about: 'フロア状況と分析 / Live floor and analytics', roles: ['manager', 'admin'] },
  // Counter staff book and move reservations at the counter; managers plan the day with them.
  { path: '/reservations', ja: '予約', en: 'Reservations', about: "本日の予約と取込 / Today's reservations and import", roles: ['counter', 'manager'] },
  // Everyone passes the kiosk and may change the roll; what each may do there follows the server's permissions.
  {
    path: '/printers',
    ja: 'プリンター',
    en: 'Printers',
    about: '状態・再印刷・最近の整理券 / State, reprints and latest tickets',
    roles: ['counter', 'guide', 'manager', 'admin'],
  },
  // The office's configuration: config:write and access:write are the admin's alone.
  { path: '/setup', ja: '設定', en: 'Setup', about: '手続き・窓口・端末・職員 / Procedures, counters, devices, staff', roles: ['admin'] },
] as const satisfies readonly { path: string; ja: string; en: string; about: string; roles: readonly Role[] }[];

export type ScreenPath = (typeof screens)[number]['path'];

/** A route's guard: only the roles the table gives this screen may open it. */
export function allowScreen(path: ScreenPath) {
  return allow(...screens.find((s) => s.path === path)!.roles);
}

/** The screens this role may open, in the header's order. */
export function screensFor(role: Role) {
  return screens.filter((s) => (s.roles as readonly Role[]).includes(role));
}
