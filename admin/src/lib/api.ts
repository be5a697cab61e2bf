import { createApiClient, JunbanError, type ApiInput, type ApiOutput, type EndpointName } from '@junban/server/protocol';

/** Staff calls carry the session cookie set by `login`; there is no token to pass. */
export const call = createApiClient();

/** What a person should read when a call fails: the server's message, plainly. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** How long to wait before sending an action again whose answer was lost: twice, then the error is shown. */
const RETRY_DELAYS_MS = [500, 1500];

/** A new idempotency key. getRandomValues works on the office LAN's plain http, where crypto.randomUUID does not. */
function newKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * One action (call next, finish, no-show …), named with a new idempotency key. When no answer came back (the network
 * dropped it, or the server failed without changing anything) it is sent again with the same key: the server then
 * answers what it did the first time, so the action happens once whatever the network did (docs/api.md).
 */
export async function callOnce<N extends EndpointName>(name: N, input: ApiInput<N>): Promise<ApiOutput<N>> {
  const idempotencyKey = newKey();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call(name, input, { idempotencyKey });
    } catch (err) {
      const lost = !(err instanceof JunbanError) || err.code === 'server/internal';
      if (!lost || attempt >= RETRY_DELAYS_MS.length) throw err;
      await new Promise((resolve) => setTimeout(resolve, RETRY_DELAYS_MS[attempt]));
    }
  }
}
