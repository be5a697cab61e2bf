/**
 * The few API calls the kiosk and the status page make. The protocol's `createApiClient` reads its paths from the
 * API table, which is built with zod; these pages must stay small (the status page loads on a resident's phone),
 * so they call their endpoints directly with the protocol's types.
 */
import type { ApiInput, ApiOutput, EndpointName, ErrorBody, ErrorCode } from '@junban/server/protocol';
import type { Problem } from './i18n';

/** The server's refusal, carrying its stable code as `JunbanError` does. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'network',
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function request<N extends EndpointName>(method: 'GET' | 'POST', path: string, token: string | null, input?: ApiInput<N>): Promise<ApiOutput<N>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (input !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: input === undefined ? undefined : JSON.stringify(input), cache: 'no-store' });
  } catch (err) {
    throw new ApiError('network', err instanceof Error ? err.message : String(err));
  }
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const error = (body as { error?: ErrorBody } | null)?.error;
    throw new ApiError(error?.code ?? 'server/internal', error?.message ?? `HTTP ${res.status}`);
  }
  return body as ApiOutput<N>;
}

/** What a kiosk may do with its device token: issue a number, check in a reservation. */
export function kioskApi(token: string) {
  return {
    issueVisit: (input: ApiInput<'issueVisit'>) => request<'issueVisit'>('POST', '/visits', token, input),
    checkIn: (input: ApiInput<'checkIn'>) => request<'checkIn'>('POST', '/reservations/check-in', token, input),
  };
}
export type KioskApi = ReturnType<typeof kioskApi>;

/** A resident's own visit, from the token in their ticket's QR code; no account or device needed. */
export const visitStatus = (statusToken: string) => request<'visitStatus'>('GET', `/status/${encodeURIComponent(statusToken)}`, null);

/** What to tell the resident when the kiosk could not give them a number. */
export function problemOf(err: unknown): Problem {
  const code = err instanceof ApiError ? err.code : null;
  switch (code) {
    case 'kiosk/slow_down':
      return 'slow_down';
    case 'reservation/not_found':
      return 'code_not_found';
    case 'reservation/not_today':
      return 'code_not_today';
    case 'reservation/used':
      return 'code_used';
    default:
      return 'failed';
  }
}
