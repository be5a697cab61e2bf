import { createCityClient, JunbanError, type ErrorCode } from '@junban/protocol/screens';
import { say } from '$shared/staff-words';

/** City staff calls carry the session cookie set by `cityLogin`; there is no token to pass. */
export const call = createCityClient();

const t = say.city.errors;

/**
 * What each refusal a city page can meet means, in Japanese: the server words its messages in English (they go to
 * logs and the API too), and staff pages say everything in Japanese first. The server's sentence follows.
 */
const japanese: Partial<Record<ErrorCode, string>> = {
  'input/invalid': t.inputInvalid.ja(),
  'input/too_large': t.inputTooLarge.ja(),
  'auth/required': t.authRequired.ja(),
  'auth/bad_credentials': t.authBadCredentials.ja(),
  'auth/forbidden': t.authForbidden.ja(),
  'auth/directory_unavailable': t.authDirectoryUnavailable.ja(),
  'auth/too_many_attempts': t.authTooManyAttempts.ja(),
  'auth/cross_origin': t.authCrossOrigin.ja(),
  'city/unknown_office': t.cityUnknownOffice.ja(),
  'city/stale_catalogue': t.cityStaleCatalogue.ja(),
  'notice/not_found': t.noticeNotFound.ja(),
  'notice/erased': t.noticeErased.ja(),
  'api/not_found': t.apiNotFound.ja(),
  'server/internal': t.serverInternal.ja(),
};

/** What a person should read when a call fails: "日本語 / the server's message"; a lost connection says so too. */
export function messageOf(err: unknown): string {
  if (err instanceof JunbanError) return `${japanese[err.code] ?? t.unknown.ja()} / ${err.message}`;
  if (err instanceof TypeError) return `${t.offline.ja()} / ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}
