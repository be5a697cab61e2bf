import type { ApiInput, ApiOutput, EndpointName } from './api.js';
import type { Route } from './common/route.js';
import { JunbanError, type ErrorBody } from './errors.js';
import { routes } from './routes.js';

// No zod here: the screens call the API with this client, through `@junban/protocol/screens`.

export interface ApiClientOptions {
  /** Origin of the office server; empty for the same origin (a front end served by it). */
  baseUrl?: string;
  /** A device token; staff use the session cookie instead. */
  token?: string;
  fetch?: typeof fetch;
  /** Extra headers, e.g. a cookie when called from Node. */
  headers?: Record<string, string>;
}

/** Fill `/counters/:counterId/call` from the input; the rest of the input becomes the query or the body. */
export function buildRequest(name: EndpointName, input: Record<string, unknown>): { method: string; path: string; body?: string } {
  return requestTo(routes[name], input);
}

function requestTo(e: Route, input: Record<string, unknown>): { method: string; path: string; body?: string } {
  const rest: Record<string, unknown> = { ...input };
  const path = e.path.replace(/:(\w+)/g, (_, key: string) => {
    const value = rest[key];
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  if (e.method === 'GET') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) query.set(k, String(v));
    const qs = query.toString();
    return { method: e.method, path: `/api/v1${path}${qs ? `?${qs}` : ''}` };
  }
  return { method: e.method, path: `/api/v1${path}`, body: JSON.stringify(rest) };
}

export interface CallOptions {
  /** Names this action, so sending it again (the answer was lost) gets the first answer and changes nothing. */
  idempotencyKey?: string;
}

/**
 * A typed client for every endpoint of `api`. Errors arrive as `JunbanError` with the server's code; a request that
 * got no answer at all (the network) rejects with the fetch's own error.
 */
export function createApiClient(options: ApiClientOptions = {}) {
  return createClientFor(routes, options);
}
export type ApiClient = ReturnType<typeof createApiClient>;

/**
 * The same client for only the endpoints of `table`, e.g. a concept's routes (`queueRoutes`): a screen that calls a
 * few endpoints then carries only their routes, not the whole table.
 */
export function createClientFor<R extends Partial<Record<EndpointName, Route>>>(table: R, options: ApiClientOptions = {}) {
  const doFetch = options.fetch ?? fetch;
  return async function call<N extends keyof R & EndpointName>(name: N, input: ApiInput<N>, callOptions: CallOptions = {}): Promise<ApiOutput<N>> {
    const req = requestTo(table[name] as Route, input as Record<string, unknown>);
    const headers: Record<string, string> = { ...options.headers };
    if (callOptions.idempotencyKey !== undefined) headers['idempotency-key'] = callOptions.idempotencyKey;
    if (req.body !== undefined) headers['content-type'] = 'application/json';
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    const res = await doFetch(`${options.baseUrl ?? ''}${req.path}`, { method: req.method, headers, body: req.body, credentials: 'same-origin' });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) {
      const err = (body as { error?: ErrorBody } | null)?.error;
      throw new JunbanError(err?.code ?? 'server/internal', err?.message ?? `HTTP ${res.status}`, err?.issues);
    }
    return body as ApiOutput<N>;
  };
}
