/**
 * The HTTP API, declared once. The server mounts every entry under /api/v1, the socket accepts the same commands,
 * the OpenAPI document is generated from it, and the front ends call it through `createApiClient`.
 *
 * An entry's input merges its path parameters, its query (GET) and its JSON body into one object.
 *
 * Each concept declares its own endpoints in `<concept>/api.ts` (method and path in `<concept>/routes.ts`, which the
 * screens read without zod); this file only joins the tables. The server mounts them in this order, and within a
 * concept in the order declared there.
 */
import type { z } from 'zod';
import { accessApi } from './access/api.js';
import { calendarApi } from './calendar/api.js';
import { cityLinkApi } from './city/link-api.js';
import type { Endpoint } from './common/endpoint.js';
import { formsApi, formsFiles } from './forms/api.js';
import { insightsApi, insightsFiles } from './insights/api.js';
import { liveApi } from './live/api.js';
import { marksApi } from './marks/api.js';
import { printingApi, printingFiles } from './printing/api.js';
import { queueApi } from './queue/api.js';
import { reservationsApi } from './reservations/api.js';
import type { routes } from './routes.js';
import { setupApi } from './setup/api.js';
import { systemApi } from './system/api.js';

export { IdempotencyKey } from './common/endpoint.js';
export { IssuedVisit, NoteAuditEntry } from './queue/api.js';
export { FormAuditEntry, VisitForm } from './forms/api.js';

export const api = {
  ...systemApi,
  ...accessApi,
  ...liveApi,
  ...queueApi,
  ...formsApi,
  ...reservationsApi,
  ...printingApi,
  ...insightsApi,
  ...setupApi,
  ...calendarApi,
  ...cityLinkApi,
  ...marksApi,
} as const;

// The spread above would silently keep only the last of two endpoints of the same name (one table used to refuse
// that at compile time): count them, and refuse to load instead. A concept missing from this list fails as well.
const declared = [
  systemApi,
  accessApi,
  liveApi,
  queueApi,
  formsApi,
  reservationsApi,
  printingApi,
  insightsApi,
  setupApi,
  calendarApi,
  cityLinkApi,
  marksApi,
].reduce((n, table) => n + Object.keys(table).length, 0);
if (declared !== Object.keys(api).length) throw new Error('Two concepts of the protocol declare an endpoint of the same name');

/** The API's routes that answer a file instead of JSON (see `FileRoute`). */
export const files = {
  ...printingFiles,
  ...formsFiles,
  ...insightsFiles,
} as const;

export type Api = typeof api;
export type EndpointName = keyof Api;

// The screens' zod-free table (routes.ts) names exactly the endpoints of this one.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const routesNameEveryEndpoint: Same<EndpointName, keyof typeof routes> = true;
void routesNameEveryEndpoint;

/** Whether an endpoint takes an idempotency key (see `Endpoint.idempotent`). */
export const takesIdempotencyKey = (name: EndpointName): boolean => (api[name] as Endpoint).idempotent === true;
export type ApiInput<N extends EndpointName> = z.input<Api[N]['input']>;
export type ApiOutput<N extends EndpointName> = z.output<Api[N]['output']>;
