/**
 * Safe retries. A counter's PC that sent "finish" and lost the answer (the Wi-Fi dropped, a proxy timed out) cannot
 * know whether it happened. So a client may name each action with a key (`Idempotency-Key`); the first answer is kept
 * with it, committed in the same transaction as the change it answers, and the same request sent again with that key
 * gets that answer without running again: nothing is finished twice, and call-next calls no second resident.
 */
import { createHash } from 'node:crypto';
import { api, IdempotencyKey, JunbanError, takesIdempotencyKey, type EndpointName } from '@junban/protocol';
import type { Db } from '../storage/database.js';
import type { CallContext, Handlers } from '../web/calls.js';

/** How long an answer is kept for its key: the rest of the business day and the next morning's retries. */
export const KEEP_ANSWERS_MS = 24 * 3_600_000;

interface KeptAnswer {
  endpoint: string;
  request: string;
  answer: string;
}

/** The answers kept per caller and key, in SQLite so that a retry after a restart is still answered the same. */
export class IdempotencyKeys {
  constructor(private readonly db: Db) {}

  find(actor: string, key: string): KeptAnswer | undefined {
    return this.db.prepare('SELECT endpoint, request, answer FROM idempotency_keys WHERE actor = ? AND key = ?').get(actor, key) as KeptAnswer | undefined;
  }

  /** Call inside the transaction of the change being answered. */
  save(actor: string, key: string, endpoint: string, request: string, answer: unknown, at: number): void {
    this.db
      .prepare('INSERT INTO idempotency_keys (actor, key, endpoint, request, answer, at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(actor, key, endpoint, request, JSON.stringify(answer), at);
  }

  /** Forget answers kept before `before`; returns how many. */
  purge(before: number): number {
    return this.db.prepare('DELETE FROM idempotency_keys WHERE at < ?').run(before).changes;
  }
}

/** The same endpoint with the same (validated) input is the same request; a hash is enough to tell. */
const fingerprint = (input: unknown) => createHash('sha256').update(JSON.stringify(input)).digest('base64url');

/**
 * The handlers, answering a repeated key from what was kept. A key is checked after the caller's permission and
 * input, so a retry is refused for the same reasons the first call would be. The endpoints that take a key run
 * synchronously, so a retry cannot overtake the call it repeats.
 */
export function rememberingAnswers(handlers: Handlers, keys: IdempotencyKeys, now: () => number): Handlers {
  const wrapped = { ...handlers } as Record<EndpointName, (input: unknown, ctx: CallContext) => unknown>;
  for (const name of Object.keys(api) as EndpointName[]) {
    const handler = handlers[name] as (input: unknown, ctx: CallContext) => unknown;
    wrapped[name] = (input, ctx) => {
      const key = ctx.idempotencyKey;
      if (key === undefined) return handler(input, ctx);
      if (!takesIdempotencyKey(name)) {
        throw new JunbanError('input/invalid', `${name} does not take an Idempotency-Key; only the counter and visit actions do.`, [
          { path: 'Idempotency-Key', message: 'not taken by this endpoint' },
        ]);
      }
      const valid = IdempotencyKey.safeParse(key);
      if (!valid.success) {
        const message = valid.error.issues[0]!.message;
        throw new JunbanError('input/invalid', `Invalid Idempotency-Key: ${message}.`, [{ path: 'Idempotency-Key', message }]);
      }
      const request = fingerprint(input);
      const kept = keys.find(ctx.actor, key);
      if (kept) {
        if (kept.endpoint !== name || kept.request !== request) {
          throw new JunbanError('idempotency/key_reused', 'This Idempotency-Key was used for another request; send each new action with a new key.');
        }
        return JSON.parse(kept.answer) as unknown;
      }
      return handler(input, { ...ctx, remember: (answer) => keys.save(ctx.actor, key, name, request, answer, now()) });
    };
  }
  return wrapped as Handlers;
}
