/**
 * The city's sign-in (OpenID Connect) on a staff sign-in page, the office's and the city's alike: its callback sends
 * the browser back to the page with the error's code (never a name or a message), which the page shows in words.
 */
import { say } from './staff-words';

const reasons: Record<string, () => string> = {
  'auth/forbidden': () => say.signIn.directoryForbidden(),
  'auth/bad_credentials': () => say.signIn.directoryCancelled(),
  'auth/directory_unavailable': () => say.signIn.directoryDown(),
};

/** Why the city's sign-in sent the browser back to `href`, or null when it did not. */
export function returnedSignInError(href: string): string | null {
  const code = new URL(href).searchParams.get('signInError');
  return code ? (reasons[code]?.() ?? say.signIn.failed()) : null;
}
