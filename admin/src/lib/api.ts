import { createApiClient } from '@junban/server/protocol';

/** Staff calls carry the session cookie set by `login`; there is no token to pass. */
export const call = createApiClient();

/** What a person should read when a call fails: the server's message, plainly. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
