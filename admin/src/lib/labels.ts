import type { CounterStatus, Language, Need, Reservation, Role, StepState } from '@junban/protocol/screens';
import { bilingual, say } from '$shared/staff-words';
import { wordsIn } from '$shared/words';

/** Staff screens are labelled in both languages at once: "日本語 / English" (see staff-words.ts). */
export const roleLabel: Record<Role, string> = {
  counter: say.roles.counter(),
  guide: say.roles.guide(),
  manager: say.roles.manager(),
  admin: say.roles.admin(),
};

/**
 * The languages a resident can choose, for staff: Japanese first, then the language's own name, which the
 * resident recognises when the guide shows the list.
 */
const japaneseName: Record<Language, string> = {
  ja: say.languages.ja.ja(),
  'ja-x-easy': say.languages.jaEasy.ja(),
  en: say.languages.en.ja(),
  zh: say.languages.zh.ja(),
  ko: say.languages.ko.ja(),
  vi: say.languages.vi.ja(),
  pt: say.languages.pt.ja(),
  tl: say.languages.tl.ja(),
  ne: say.languages.ne.ja(),
  id: say.languages.id.ja(),
  th: say.languages.th.ja(),
};
export const languageLabel = Object.fromEntries(
  Object.entries(japaneseName).map(([language, name]) => [language, bilingual(name, wordsIn(language as Language).languageName())]),
) as Record<Language, string>;

/** A resident's needs (issue 20), for staff: each with its mark, so a tag reads at a glance without colour. */
export const needLabel: Record<Need, string> = {
  hearing: say.needs.hearing(),
  sight: say.needs.sight(),
  wheelchair: say.needs.wheelchair(),
  sign_language: say.needs.signLanguage(),
  interpreter: say.needs.interpreter(),
};
export const needMark: Record<Need, string> = {
  hearing: '👂',
  sight: '👁',
  wheelchair: '♿',
  sign_language: '🤟',
  interpreter: '🗣',
};

export const counterStatusLabel: Record<CounterStatus, string> = {
  open: say.counterStatus.open(),
  paused: say.counterStatus.paused(),
  closed: say.counterStatus.closed(),
};

export const stepStateLabel: Record<StepState, string> = {
  pending: say.stepState.pending(),
  waiting: say.stepState.waiting(),
  called: say.stepState.called(),
  serving: say.stepState.serving(),
  held: say.stepState.held(),
  done: say.stepState.done(),
  no_show: say.stepState.noShow(),
  cancelled: say.stepState.cancelled(),
  expired: say.stepState.expired(),
};

export const reservationStatusLabel: Record<Reservation['status'], string> = {
  booked: say.reservationStatus.booked(),
  checked_in: say.reservationStatus.checkedIn(),
  cancelled: say.reservationStatus.cancelled(),
};

/** 0 Sunday … 6 Saturday, as the server counts weekdays. */
export const weekdays = (['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const).map((day) => ({ ja: say.weekdays[day].ja(), en: say.weekdays[day].en() }));
