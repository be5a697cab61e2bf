/**
 * Forms filled in at home: the calls to the city's public face (they exist only there), the sealing (the protocol's
 * own code, run in this browser: the form leaves the phone encrypted to the chosen office's key), and the guide's
 * checks (the protocol's, the very code the office runs). Nothing typed is kept in the browser's storage.
 */
import { createCityClient, JunbanError, type CatalogueEntry, type FormIssue, type FormValues, type HomeFormOffice } from '@junban/protocol/screens';
import { checkForm, sealHomeForm } from '@junban/protocol/form-check';
import type { HomeFormProblem } from '$lib/language/languages';

const city = createCityClient({ fetch: (input, init) => fetch(input, { ...init, cache: 'no-store' }) });

export const homeFormOptions = (): Promise<HomeFormOffice[]> => city('homeFormOptions', {});

/** Seal the answers to the office's key on this phone, then send only the sealed form. */
export async function sendHomeForm(office: HomeFormOffice, serviceId: string, values: FormValues, attachTo?: string) {
  const envelope = await sealHomeForm(office.key, office.officeId, serviceId, { values });
  return city('submitHomeForm', { officeId: office.officeId, serviceId, envelope, ...(attachTo ? { attachTo } : {}) });
}

/** A code as residents type it: full-width letters and lower case made the kiosk's; '' for none. */
export const normalizeCode = (code: string) => code.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');

/** The phone's day, YYYY-MM-DD (for the 14-day rule and "not in the future"). */
export function today(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/**
 * The guide's check of the answers. Documents are ticked at the counter once seen, not at home: their "not checked"
 * errors are left out here (the page lists them as what to bring).
 */
export function checkAtHome(entry: CatalogueEntry, values: FormValues): FormIssue[] {
  return checkForm(entry, values, [], today()).filter((i) => !i.field.startsWith('documents.'));
}

/** Drops answers left blank, so that the office keeps only what was answered. */
export function answered(values: FormValues): FormValues {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)));
}

export function homeFormProblem(err: unknown): HomeFormProblem {
  const code = err instanceof JunbanError ? err.code : undefined;
  if (code === 'remote/closed' || code === 'form/not_found' || code === 'city/unknown_office') return 'closed';
  if (code === 'remote/too_many') return 'too_many';
  return 'failed';
}
