/**
 * A typed client for the city's API (`cityApi`), for the city's staff pages and for tests: no zod, like the office's
 * `createApiClient`. Path parameters are filled from the input; the rest is the query (GET) or the JSON body.
 */
import { JunbanError, type ErrorBody } from '../errors.js';
import type { CityEndpointName, CityInput, CityOutput } from './api.js';
import { cityRoutes } from './routes.js';

export interface CityClientOptions {
  /** Origin of the city server; empty for the same origin (the city's own pages). */
  baseUrl?: string;
  fetch?: typeof fetch;
  /** Extra headers, e.g. a session cookie when called from Node. */
  headers?: Record<string, string>;
}

export function buildCityRequest(name: CityEndpointName, input: Record<string, unknown>): { method: string; path: string; body?: string } {
  const route = cityRoutes[name];
  const rest: Record<string, unknown> = { ...input };
  const path = route.path.replace(/:(\w+)/g, (_, key: string) => {
    const value = rest[key];
    delete rest[key];
    return encodeURIComponent(String(value));
  });
  if (route.method === 'GET') {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(rest)) if (v !== undefined) query.set(k, String(v));
    const qs = query.toString();
    return { method: route.method, path: `/api/v1${path}${qs ? `?${qs}` : ''}` };
  }
  return { method: route.method, path: `/api/v1${path}`, body: JSON.stringify(rest) };
}

/** Errors arrive as `JunbanError` with the city's code; a request that got no answer rejects with fetch's own error. */
export function createCityClient(options: CityClientOptions = {}) {
  const doFetch = options.fetch ?? fetch;
  return async function call<N extends CityEndpointName>(name: N, input: CityInput<N>): Promise<CityOutput<N>> {
    const req = buildCityRequest(name, input as Record<string, unknown>);
    const headers: Record<string, string> = { ...options.headers };
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
