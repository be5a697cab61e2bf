/**
 * The API table, assembled: each concept answers its own slice (queue/handlers.ts, forms/feature.ts …); here they are
 * joined and wrapped once, so every call, over HTTP or a socket, is recorded in the change history when it changes
 * the setup, answered as the first time when repeated with its idempotency key, and watched for storage faults.
 */
import type { Logger } from 'pino';
import type { Office } from '../queue/office.js';
import type { ChangeLog } from '../setup/changes.js';
import { recordingChanges } from '../setup/changes.js';
import type { Db } from '../storage/database.js';
import { StorageHealth, watchingStorage } from '../storage/faults.js';
import { assembleHandlers, type HandlerSlice, type Handlers } from '../web/calls.js';
import { IdempotencyKeys, KEEP_ANSWERS_MS, rememberingAnswers } from './idempotency.js';

export function apiHandlers(deps: { db: Db; office: Pick<Office, 'now' | 'onTick'>; changes: ChangeLog; log: Logger }, ...slices: HandlerSlice[]): Handlers {
  const { office, log } = deps;
  const keys = new IdempotencyKeys(deps.db);
  office.onTick(() => {
    try {
      keys.purge(office.now() - KEEP_ANSWERS_MS);
    } catch (err) {
      log.error({ err }, 'forgetting old idempotency keys failed');
    }
  });
  const recorded = recordingChanges(assembleHandlers(...slices), deps.changes);
  return watchingStorage(
    rememberingAnswers(recorded, keys, () => office.now()),
    new StorageHealth(deps.db),
  );
}
