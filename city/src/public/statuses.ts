/**
 * Residents' status pages at the city: what each linked office sends (`statuses` on its link), kept in PostgreSQL
 * so that any city process answers any phone. A day's statuses go when the office sends its next day, and in any
 * case two days later: nothing here outlives the visit's day for long.
 */
import { createHash } from 'node:crypto';
import { VisitStatus, type StatusBatch } from '@junban/protocol';
import type { Db } from '../db/engine.js';

/** The key of a status page's token, as the office made it (city-link/statuses.ts): SHA-256, base64url. */
export const statusKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** How long statuses of a day nobody replaced stay (an office unlinked, or never back): two days. */
const KEEP_MS = 2 * 86_400_000;
/** How long a page a phone opened is asked of offices that connect: a visit's day. */
const WATCH_MS = 86_400_000;

export class PublicStatuses {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Store an office's batch; a full one replaces everything the office had sent. Answers the keys that changed. */
  async store(officeId: string, batch: StatusBatch): Promise<string[]> {
    const at = this.now();
    await this.db.transaction(async (tx) => {
      if (batch.full) await tx.query('DELETE FROM visit_statuses WHERE office_id = $1', [officeId]);
      else await tx.query('DELETE FROM visit_statuses WHERE office_id = $1 AND business_date < $2', [officeId, batch.businessDate]);
      if (!batch.statuses.length) return;
      // One statement for the batch: jsonb_to_recordset unpacks it in PostgreSQL.
      await tx.query(
        `INSERT INTO visit_statuses (key, office_id, business_date, status, updated_at)
         SELECT s.key, $1, $2, s.status, $3 FROM jsonb_to_recordset($4::jsonb) AS s(key text, status jsonb)
         ON CONFLICT (key) DO UPDATE SET status = EXCLUDED.status, updated_at = EXCLUDED.updated_at, business_date = EXCLUDED.business_date
           WHERE visit_statuses.office_id = EXCLUDED.office_id`,
        [officeId, batch.businessDate, at, JSON.stringify(batch.statuses)],
      );
    });
    return batch.statuses.map((s) => s.key);
  }

  /** The status page of a token, or undefined for a token no office sent (mistyped, forged, or from another day). */
  async byToken(token: string): Promise<VisitStatus | undefined> {
    return this.byKey(statusKey(token));
  }

  /** The office that sent this page. */
  async officeOf(key: string): Promise<string | undefined> {
    const [row] = await this.db.query<{ office_id: string }>('SELECT office_id FROM visit_statuses WHERE key = $1', [key]);
    return row?.office_id;
  }

  async byKey(key: string): Promise<VisitStatus | undefined> {
    const [row] = await this.db.query<{ status: unknown }>('SELECT status FROM visit_statuses WHERE key = $1', [key]);
    return row ? VisitStatus.parse(row.status) : undefined;
  }

  /** A phone opened this page: it is asked of the offices, now and when one connects, for a day. */
  async watch(key: string): Promise<void> {
    await this.db.query('INSERT INTO status_watches (key, asked_at) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET asked_at = EXCLUDED.asked_at', [
      key,
      this.now(),
    ]);
  }

  /** The pages asked for within a day: what an office that connects is asked again (it may have restarted). */
  async watched(): Promise<string[]> {
    const rows = await this.db.query<{ key: string }>('SELECT key FROM status_watches WHERE asked_at >= $1', [this.now() - WATCH_MS]);
    return rows.map((r) => r.key);
  }

  /** Forget the statuses nobody replaced for two days, and the pages asked for over a day ago. */
  async purge(): Promise<void> {
    await this.db.query('DELETE FROM visit_statuses WHERE updated_at < $1', [this.now() - KEEP_MS]);
    await this.db.query('DELETE FROM status_watches WHERE asked_at < $1', [this.now() - WATCH_MS]);
  }
}
