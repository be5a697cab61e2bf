import type { Role } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';
import { allow } from './roles';

/**
 * The staff screens, and who may open each: the header's tabs, the landing page's list and each route's guard
 * (`export const load = allowScreen('/counter')`) all read this one table, so nobody is shown a tab that would
 * only answer "not allowed". The server's permissions still protect the data behind each screen.
 */
export const screens = [
  // Only counter staff call and serve (queue:serve); other roles would get 403 on every button.
  {
    path: '/counter',
    ja: say.screens.counter.name.ja(),
    en: say.screens.counter.name.en(),
    about: say.screens.counter.about(),
    roles: ['counter'],
  },
  // Floor guides fill in residents' forms: personal data, which the server gives to guides and counter staff only.
  { path: '/guide', ja: say.screens.guide.name.ja(), en: say.screens.guide.name.en(), about: say.screens.guide.about(), roles: ['guide'] },
  // Waits, service levels and staffing; the server answers stats:read to no one else.
  {
    path: '/manager',
    ja: say.screens.manager.name.ja(),
    en: say.screens.manager.name.en(),
    about: say.screens.manager.about(),
    roles: ['manager', 'admin'],
  },
  // Counter staff book and move reservations at the counter; managers plan the day with them.
  {
    path: '/reservations',
    ja: say.screens.reservations.name.ja(),
    en: say.screens.reservations.name.en(),
    about: say.screens.reservations.about(),
    roles: ['counter', 'manager'],
  },
  // Everyone passes the kiosk and may change the roll; what each may do there follows the server's permissions.
  {
    path: '/printers',
    ja: say.screens.printers.name.ja(),
    en: say.screens.printers.name.en(),
    about: say.screens.printers.about(),
    roles: ['counter', 'guide', 'manager', 'admin'],
  },
  // The office's configuration: config:write and access:write are the admin's alone.
  { path: '/setup', ja: say.screens.setup.name.ja(), en: say.screens.setup.name.en(), about: say.screens.setup.about(), roles: ['admin'] },
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
