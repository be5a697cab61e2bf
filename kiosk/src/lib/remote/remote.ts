/**
 * A number taken from a phone: the calls to the city's public face (they exist only there, like the "notify me"
 * panel's). Paths come from the protocol's zod-free city routes.
 */
import { createCityClient, JunbanError, type JoinOffice, type Language, type Need } from '@junban/protocol/screens';
import type { JoinProblem } from '$lib/language/languages';

const city = createCityClient({ fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }) });

export const joinOptions = (): Promise<JoinOffice[]> => city('joinOptions', {});
export const joinQueue = (officeId: string, serviceId: string, language: Language, needs: Need[] = []) =>
  city('joinQueue', { officeId, serviceId, language, needs });
export const postpone = (token: string) => city('postponeVisit', { token });
export const cancel = (token: string) => city('cancelFromPhone', { token });

/** What to tell the resident when a number could not be taken. */
export function joinProblem(err: unknown): JoinProblem {
  const code = err instanceof JunbanError ? err.code : undefined;
  if (code === 'remote/closed' || code === 'office/service_closed' || code === 'office/closed_now' || code === 'office/closed_today') return 'closed';
  if (code === 'queue/cut_off') return 'cut_off';
  if (code === 'remote/full') return 'full';
  if (code === 'remote/too_many') return 'too_many';
  if (code === 'remote/office_offline') return 'offline';
  return 'failed';
}

/** Arrive-by on the resident's phone, as a clock time in their language. */
export const clockTime = (at: number, locale: string) => new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(at);
