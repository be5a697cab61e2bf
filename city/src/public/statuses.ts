/**
 * Residents' status pages at the city: what each linked office sends (`statuses` on its link), kept in PostgreSQL
 * so that any city process answers any phone. A day's statuses go when the office sends its next day, and in any
 * case two days later: nothing here outlives the visit's day for long.
 */
import { createHash } from 'node:crypto';
import { LineMove, moveAlong, VisitStatus, type StatusBatch } from '@junban/protocol';
import type { Db } from '../db/engine.js';

/** The key of a status page's token, as the office made it (city-link/statuses.ts): SHA-256, base64url. */
export const statusKey = (token: string): string => createHash('sha256').update(token).digest('base64url');

/** How long statuses of a day nobody replaced stay (an office unlinked, or never back): two days. */
const KEEP_MS = 2 * 86_400_000;
/** How long a page a phone opened is asked of offices that connect: a visit's day. */
const WATCH_MS = 86_400_000;
/** A status read with more of its line's moves than this since it was stored is stored again, moved along. */
const MOVES_KEPT_APART = 20;

export class PublicStatuses {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Store an office's batch; a full one replaces everything the office had sent. Answers the keys that changed. */
  async store(officeId: string, batch: StatusBatch): Promise<string[]> {
    const at = this.now();
    await this.db.transaction(async (tx) => {
      if (batch.full) {
        await tx.query('DELETE FROM visit_statuses WHERE office_id = $1', [officeId]);
        await tx.query('DELETE FROM line_moves WHERE office_id = $1', [officeId]);
      } else {
        await tx.query('DELETE FROM visit_statuses WHERE office_id = $1 AND business_date < $2', [officeId, batch.businessDate]);
        await tx.query('DELETE FROM line_moves WHERE office_id = $1 AND business_date < $2', [officeId, batch.businessDate]);
      }
      if (batch.lines?.length) {
        await tx.query(
          `INSERT INTO line_moves (office_id, service_id, seq, business_date, move)
           SELECT $1, m.move->>'serviceId', (m.move->>'seq')::bigint, $2, m.move FROM jsonb_array_elements($3::jsonb) AS m(move)
           ON CONFLICT DO NOTHING`,
          [officeId, batch.businessDate, JSON.stringify(batch.lines)],
        );
      }
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
    return (await this.read(key))?.status;
  }

  /** A page's status as its office last sent it, moved along with its line since, and the office that sent it. */
  async read(key: string): Promise<{ officeId: string; status: VisitStatus } | undefined> {
    const [row] = await this.db.query<{ office_id: string; status: unknown }>('SELECT office_id, status FROM visit_statuses WHERE key = $1', [key]);
    if (!row) return undefined;
    const stored = VisitStatus.parse(row.status);
    if (stored.state !== 'waiting' || stored.lineSeq === undefined || !stored.service) return { officeId: row.office_id, status: stored };
    const moves = await this.db.query<{ move: unknown }>('SELECT move FROM line_moves WHERE office_id = $1 AND service_id = $2 AND seq > $3 ORDER BY seq', [
      row.office_id,
      stored.service.id,
      stored.lineSeq,
    ]);
    let status = stored;
    for (const { move } of moves) {
      const moved = moveAlong(status, LineMove.parse(move));
      // A move missing (a day's moves purged): the place as last known, until the office sends the page again.
      if (moved === 'gap') break;
      status = moved;
    }
    if (moves.length > MOVES_KEPT_APART) {
      // Keep later reads short; only if the office sent nothing newer meanwhile.
      await this.db.query(`UPDATE visit_statuses SET status = $2::jsonb WHERE key = $1 AND (status->>'lineSeq')::bigint = $3`, [
        key,
        JSON.stringify(status),
        stored.lineSeq,
      ]);
    }
    return { officeId: row.office_id, status };
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
    await this.db.query('DELETE FROM line_moves WHERE office_id NOT IN (SELECT DISTINCT office_id FROM visit_statuses)');
    await this.db.query('DELETE FROM status_watches WHERE asked_at < $1', [this.now() - WATCH_MS]);
  }
}
