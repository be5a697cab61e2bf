/**
 * The city's staff pages talk to the city server with this: a typed client for `cityApi` and the events of the
 * `/staff` socket namespace. No zod here (it is exported from `@junban/protocol/screens`).
 */
import { requestTo, type ApiClientOptions, type CallOptions } from '../client.js';
import type { Route } from '../common/route.js';
import { JunbanError, type ErrorBody } from '../errors.js';
import type { CityEndpointName, CityInput, CityOutput } from './api.js';
import type { FloorOffice } from './model.js';
import { cityRoutes } from './routes.js';

/**
 * A typed client for every endpoint of the city's table (`cityApi`), like the office's `createApiClient`: errors
 * arrive as `JunbanError` with the server's code; a request that got no answer rejects with the fetch's own error.
 * City staff sign in with `cityLogin`, which sets the session cookie the later calls carry.
 */
export function createCityClient(options: Omit<ApiClientOptions, 'token'> = {}) {
  const doFetch = options.fetch ?? fetch;
  return async function call<N extends CityEndpointName>(name: N, input: CityInput<N>, callOptions: CallOptions = {}): Promise<CityOutput<N>> {
    const req = requestTo(cityRoutes[name] as Route, input as Record<string, unknown>);
    const headers: Record<string, string> = { ...options.headers };
    if (callOptions.idempotencyKey !== undefined) headers['idempotency-key'] = callOptions.idempotencyKey;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    const res = await doFetch(`${options.baseUrl ?? ''}${req.path}`, { method: req.method, headers, body: req.body, credentials: 'same-origin' });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (body as { error?: ErrorBody } | null)?.error;
      throw new JunbanError(err?.code ?? 'server/internal', err?.message ?? `HTTP ${res.status}`, err?.issues);
    }
    return body as CityOutput<N>;
  };
}
export type CityClient = ReturnType<typeof createCityClient>;

/** The socket.io namespace the city's staff pages connect to, with their session cookie. */
export const CITY_STAFF_NAMESPACE = '/staff';

/** What the city sends its staff pages on `/staff`: the whole floor (every office), whenever an office's live view or link changes. */
export interface CityStaffServerEvents {
  floor: (offices: FloorOffice[]) => void;
}
