/** Calls to the city's API table: their context, the handlers' shape, and the one dispatch. */
import type { z } from 'zod';
import { cityApi, JunbanError, type CityEndpointName, type CityOutput, type CityPrincipal } from '@junban/protocol';
import { assertAllowed } from '../access/authenticate.js';

export interface CallContext {
  principal: CityPrincipal | null;
  /** "city-staff:<id>", or "anonymous". */
  actor: string;
  /** The caller's network address, for limits on callers without an account. */
  address: string;
  session: { set(token: string): void; clear(): void; token: string | undefined };
}

type CityApi = typeof cityApi;
export type Handlers = {
  [N in CityEndpointName]: (input: z.output<CityApi[N]['input']>, ctx: CallContext) => Promise<CityOutput<N>> | CityOutput<N>;
};
export type HandlerSlice = Partial<Handlers>;

/** May the caller do it, is the input valid, do it. */
export async function dispatch<N extends CityEndpointName>(handlers: Handlers, name: N, raw: unknown, ctx: CallContext): Promise<CityOutput<N>> {
  const endpoint = cityApi[name];
  assertAllowed(ctx.principal, endpoint.permission);
  const handler = handlers[name] as (input: unknown, ctx: CallContext) => Promise<CityOutput<N>> | CityOutput<N>;
  return handler(parseInput(endpoint.input as z.ZodType, raw), ctx);
}

/** Validate a request's input; `input/invalid` names each wrong field. */
export function parseInput<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i) =>
      i.code === 'unrecognized_keys'
        ? i.keys.map((key) => ({ path: [...i.path, key].join('.'), message: 'unknown field' }))
        : [{ path: i.path.join('.') || '(input)', message: i.message }],
    );
    throw new JunbanError('input/invalid', `Invalid input: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, issues);
  }
  return parsed.data;
}

/** The whole table from the concepts' slices: an endpoint answered twice or not at all stops the city at start. */
export function assembleHandlers(...slices: HandlerSlice[]): Handlers {
  const all: HandlerSlice = {};
  for (const slice of slices) {
    for (const name of Object.keys(slice) as CityEndpointName[]) {
      if (Object.hasOwn(all, name)) throw new Error(`Two handlers for the city endpoint "${name}".`);
    }
    Object.assign(all, slice);
  }
  const missing = (Object.keys(cityApi) as CityEndpointName[]).filter((name) => !Object.hasOwn(all, name));
  if (missing.length) throw new Error(`No handler for ${missing.join(', ')}.`);
  return all as Handlers;
}
