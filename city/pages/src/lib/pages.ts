import type { CityRole } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

const p = say.city.pages;

/**
 * The city's pages: the header's tabs and the landing page's list read this one table. Both roles open every page;
 * what differs is inside (only the city admin enrols and revokes offices), and the server's permissions protect it.
 */
export const pages = [
  {
    path: '/floor',
    ja: p.floor.title.ja(),
    en: p.floor.title.en(),
    about: p.floor.about(),
  },
  {
    path: '/offices',
    ja: p.offices.title.ja(),
    en: p.offices.title.en(),
    about: p.offices.about(),
  },
  {
    path: '/history',
    ja: p.history.title.ja(),
    en: p.history.title.en(),
    about: p.history.about(),
  },
  {
    path: '/report',
    ja: p.report.title.ja(),
    en: p.report.title.en(),
    about: p.report.about(),
  },
  {
    path: '/notices',
    ja: p.notices.title.ja(),
    en: p.notices.title.en(),
    about: p.notices.about(),
  },
  {
    path: '/pickups',
    ja: p.pickups.title.ja(),
    en: p.pickups.title.en(),
    about: p.pickups.about(),
  },
  {
    path: '/catalogue',
    ja: p.catalogue.title.ja(),
    en: p.catalogue.title.en(),
    about: p.catalogue.about(),
  },
] as const satisfies readonly { path: string; ja: string; en: string; about: string }[];

export const roleLabel: Record<CityRole, string> = {
  'city-manager': say.city.roles.cityManager(),
  'city-admin': say.city.roles.cityAdmin(),
};
