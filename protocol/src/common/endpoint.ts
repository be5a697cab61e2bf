/**
 * How a concept declares its endpoints (`endpoint`, `fileRoute`), and the small input schemas several concepts use.
 * Each concept's `api.ts` builds its table with these; `../api.ts` joins the tables.
 */
import { z } from 'zod';
import type { Permission } from '../access/permissions.js';
import type { ErrorCode } from '../errors.js';
import { strictInput } from '../strict.js';
import type { Route } from './route.js';
import { Slug } from './model.js';

/** An instant: epoch milliseconds, or an ISO 8601 date-time with its offset. */
export const Instant = z.union([z.number().int().nonnegative(), z.iso.datetime({ offset: true }).transform((s) => Date.parse(s))]);
export const CalendarDate = z.iso.date();
export const Ok = z.object({ ok: z.literal(true) });
export const Password = z.string().min(8, 'at least 8 characters').max(200);
export const DisplayName = z.string().trim().min(1).max(100);
/**
 * A PUT of an item named in its path (`/config/counters/:counterId`) takes the id from the path; a body may repeat
 * it as `id`, and then it must match (a differing `id` would otherwise quietly create another item).
 */
export const idMatchesPath = <K extends string>(
  key: K,
): [(x: { id?: string | undefined } & Record<K, string>) => boolean, { path: string[]; message: string }] => [
  (x) => x.id === undefined || x.id === x[key],
  { path: ['id'], message: `must match ${key} in the path` },
];

/** The ids of a list in their new order, for reordering procedures or kiosk groups. */
export const Order = z.object({ ids: z.array(Slug).min(1).max(200) });

/** A note in clear, for the roles that may read forms; null when there is none (or it was erased at day close). */
export const NoteText = z.object({ note: z.string().nullable() });

/**
 * A client's name for one action, so it may send the action again when the answer was lost (`Idempotency-Key` over
 * HTTP, `idempotencyKey` in a socket command). A UUID, or any 8-100 letters, digits and `._:-`.
 */
export const IdempotencyKey = z.string().regex(/^[A-Za-z0-9._:-]{8,100}$/, 'use 8-100 letters, digits, dots, colons, dashes or underscores (a UUID)');

export interface Endpoint extends Route {
  permission: Permission | 'none';
  summary: string;
  /**
   * The errors of the office itself this endpoint can answer (a counter busy, a visit not found…). Those of every
   * call are not repeated: 400 input/invalid, 401/403 from the permission, 413 for a body, 500.
   */
  errors?: readonly ErrorCode[];
  input: z.ZodType;
  output: z.ZodType;
  /**
   * Takes an idempotency key: the first answer is kept with the key (24 hours, across restarts), and the same
   * request sent again with it gets that answer again and changes nothing (see docs/api.md, "Retrying safely").
   */
  idempotent?: true;
}

/**
 * An entry of a concept's table; its input refuses fields it does not know (see strictInput). Its method and path
 * come from the concept's zod-free `routes.ts`, so the screens can call it without loading the schemas.
 */
export function endpoint<I extends z.ZodType, O extends z.ZodType>(e: Omit<Endpoint, 'input' | 'output'> & { input: I; output: O }) {
  return { ...e, input: strictInput(e.input) };
}

/**
 * The API's routes that answer a file instead of JSON. They are not commands (the socket does not take them), but
 * they are part of the API: the OpenAPI document describes them from here, and their routers take path,
 * permission and input from here too.
 */
export interface FileRoute {
  /** GET reads; POST is a command whose answer is a file (printing a form is audited, so a link cannot do it). */
  method: 'GET' | 'POST';
  path: string;
  permission: Permission;
  summary: string;
  contentType: string;
  errors?: readonly ErrorCode[];
  input: z.ZodType;
}

export function fileRoute<I extends z.ZodType>(f: Omit<FileRoute, 'input'> & { input: I }) {
  return { ...f, input: strictInput(f.input) };
}
