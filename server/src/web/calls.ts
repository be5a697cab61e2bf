/** Calls to the API table, from HTTP or a socket: their context, the handlers' shape, and the one dispatch. */
import type { z } from 'zod';
import { assertAllowed, assertAtOwnCounter } from '../access/authenticate.js';
import { api, JunbanError, type Api, type ApiOutput, type EndpointName, type Principal } from '@junban/protocol';

export interface CallContext {
  principal: Principal | null;
  actor: string;
  /** The caller's network address (HTTP connection or socket handshake), for limits on callers without an account. */
  address?: string;
  /** Only over HTTP: set or clear the session cookie. */
  session?: { set(token: string): void; clear(): void; token: string | undefined };
  /** The caller's name for this action (Idempotency-Key), as sent: checked by `rememberingAnswers`. */
  idempotencyKey?: string;
  /**
   * Set by `rememberingAnswers` when the call has a key: the handler calls it with its answer inside the transaction
   * that commits the change, so the answer is kept if and only if the change is.
   */
  remember?: (answer: unknown) => void;
}

export type Handlers = {
  [N in EndpointName]: (input: z.output<Api[N]['input']>, ctx: CallContext) => ApiOutput<N> | Promise<ApiOutput<N>>;
};

export function isEndpoint(name: unknown): name is EndpointName {
  return typeof name === 'string' && Object.hasOwn(api, name);
}

/**
 * Every call, from HTTP or a socket, goes through the same steps: may the caller do it, is the input valid, is it
 * for a counter the caller may work at, do it.
 */
export async function dispatch<N extends EndpointName>(handlers: Handlers, name: N, raw: unknown, ctx: CallContext): Promise<ApiOutput<N>> {
  const endpoint = api[name];
  assertAllowed(ctx.principal, endpoint.permission, 'Sign in, or open this screen with its device link.');
  const handler = handlers[name] as (input: unknown, ctx: CallContext) => ApiOutput<N> | Promise<ApiOutput<N>>;
  const input = parseInput(endpoint.input as z.ZodType, raw);
  assertAtOwnCounter(ctx.principal, input);
  return handler(input, ctx);
}

/** Validate a request's input; `input/invalid` names each wrong field. */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    // A field the request should not have is named as its own issue, like a wrong one.
    const issues = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => ({ path: [...i.path, key].join('.'), message: 'unknown field' }))
        : [{ path: i.path.join('.') || '(input)', message: i.message }],
    );
    throw new JunbanError('input/invalid', `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** One concept's share of the API table: each concept's `handlers` (e.g. forms/feature.ts) is one of these. */
export type HandlerSlice = Partial<Handlers>;

/**
 * The whole table from the concepts' slices. An endpoint no concept answers, or two concepts both answer, is a
 * wiring mistake: refused at start, before the office serves anyone.
 */
export function assembleHandlers(...slices: HandlerSlice[]): Handlers {
  const all: HandlerSlice = {};
  for (const slice of slices) {
    for (const name of Object.keys(slice) as EndpointName[]) {
      if (Object.hasOwn(all, name)) throw new Error(`Two handlers for the endpoint "${name}".`);
    }
    Object.assign(all, slice);
  }
  const missing = (Object.keys(api) as EndpointName[]).filter((name) => !Object.hasOwn(all, name));
  if (missing.length) throw new Error(`No handler for ${missing.join(', ')}.`);
  return all as Handlers;
}
