/**
 * What an office sends over its link, stored: its event log (each event once per office and seq, in order, no gap),
 * its setup (the latest, and every different one as history) and its live public view (the latest only).
 */
import { JunbanError, type EventBatch, type LinkHello, type LiveSnapshot, type SetupSnapshot } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import { toRow } from './event-row.js';

export class Replication {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** The greeting: how far the office's log goes, what it runs and where its screens are. Answers the seq to resume after. */
  async hello(officeId: string, hello: LinkHello): Promise<number> {
    const [row] = await this.db.query<{ stored_seq: number }>(
      `UPDATE offices SET software_version = $2, catalogue_version = $3, backlog = GREATEST(0, $4 - stored_seq), last_contact_at = $5,
         public_url = $6
       WHERE id = $1 RETURNING stored_seq`,
      [officeId, hello.softwareVersion, hello.catalogueVersion, hello.lastSeq, this.now(), hello.publicUrl ?? null],
    );
    return Number(row!.stored_seq);
  }

  /**
   * Store a batch in one transaction and answer the seq everything up to which is stored. Events already stored
   * (a batch sent again after a lost ack) are skipped; a batch that starts past the next expected seq is not stored
   * at all, and the answer tells the office where to resume. Batches of one office take turns on its row.
   */
  async store(officeId: string, batch: EventBatch): Promise<number> {
    const events = batch.events;
    for (let i = 1; i < events.length; i++) {
      if (events[i]!.seq !== events[i - 1]!.seq + 1) {
        throw new JunbanError('input/invalid', `The events of a batch follow each other: seq ${events[i]!.seq} came after ${events[i - 1]!.seq}.`);
      }
    }
    const first = events[0]!.seq;
    const last = events[events.length - 1]!.seq;
    return this.db.transaction(async (tx) => {
      const [office] = await tx.query<{ stored_seq: number; revoked_at: number | null }>(
        'SELECT stored_seq, revoked_at FROM offices WHERE id = $1 FOR UPDATE',
        [officeId],
      );
      if (!office || office.revoked_at !== null) throw new JunbanError('city/revoked', 'This office’s credential was revoked.');
      const stored = Number(office.stored_seq);
      if (first > stored + 1 || last <= stored) {
        await tx.query('UPDATE offices SET last_contact_at = $2 WHERE id = $1', [officeId, this.now()]);
        return stored;
      }
      await tx.query(
        `INSERT INTO events (office_id, seq, at, business_date, type, visit_id, number, step_id, service_id, counter_id, actor, data)
         SELECT $1, e.seq, e.at, e.business_date, e.type, e.visit_id, e.number, e.step_id, e.service_id, e.counter_id, e.actor, e.data
         FROM jsonb_to_recordset($2::jsonb) AS e(seq bigint, at bigint, business_date text, type text, visit_id text, number text,
           step_id text, service_id text, counter_id text, actor text, data jsonb)
         WHERE e.seq > $3
         ON CONFLICT (office_id, seq) DO NOTHING`,
        [officeId, JSON.stringify(events.map(toRow)), stored],
      );
      await tx.query('UPDATE offices SET stored_seq = $2, backlog = $3, last_contact_at = $4 WHERE id = $1', [officeId, last, batch.backlog, this.now()]);
      return last;
    });
  }

  /** The office's setup: the latest on the office's row, and a history row when it differs from the one before. */
  async setup(officeId: string, snapshot: SetupSnapshot): Promise<void> {
    const config = JSON.stringify(snapshot.config);
    const now = this.now();
    await this.db.transaction(async (tx) => {
      const [changed] = await tx.query<{ id: string }>(
        `UPDATE offices SET config = $2::jsonb, config_at = $3, last_contact_at = $4
         WHERE id = $1 AND config IS DISTINCT FROM $2::jsonb RETURNING id`,
        [officeId, config, snapshot.at, now],
      );
      if (changed) {
        await tx.query('INSERT INTO office_setups (office_id, at, received_at, config) VALUES ($1, $2, $3, $4::jsonb)', [officeId, snapshot.at, now, config]);
      } else await tx.query('UPDATE offices SET last_contact_at = $2 WHERE id = $1', [officeId, now]);
    });
  }

  /** The office's live view: only the latest is kept. */
  async live(officeId: string, snapshot: LiveSnapshot): Promise<void> {
    const now = this.now();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO office_live (office_id, view, received_at) VALUES ($1, $2::jsonb, $3)
         ON CONFLICT (office_id) DO UPDATE SET view = EXCLUDED.view, received_at = EXCLUDED.received_at`,
        [officeId, JSON.stringify(snapshot.view), now],
      );
      await tx.query('UPDATE offices SET last_contact_at = $2 WHERE id = $1', [officeId, now]);
    });
  }

  /** The link opened or closed. A close from a socket that no longer holds the link (a newer one does) changes nothing. */
  async linkOpened(officeId: string, socketId: string): Promise<void> {
    await this.db.query(`UPDATE offices SET link_state = 'connected', link_socket = $2, last_contact_at = $3 WHERE id = $1 AND revoked_at IS NULL`, [
      officeId,
      socketId,
      this.now(),
    ]);
  }

  async linkClosed(officeId: string, socketId: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE offices SET link_state = 'disconnected', link_socket = NULL WHERE id = $1 AND link_socket = $2 AND link_state = 'connected' RETURNING id`,
      [officeId, socketId],
    );
    return rows.length > 0;
  }

  /** The links this process holds are alive: their offices' last contact is now (see LINK_LEASE_MS). */
  async renewLinks(socketIds: string[]): Promise<void> {
    if (socketIds.length) await this.db.query('UPDATE offices SET last_contact_at = $2 WHERE link_socket = ANY($1::text[])', [socketIds, this.now()]);
  }

  /** The events stored for an office, in order (for tests and, later, the history views). */
  async events(officeId: string, afterSeq = 0): Promise<{ seq: number; type: string }[]> {
    const rows = await this.db.query<{ seq: number; type: string }>('SELECT seq, type FROM events WHERE office_id = $1 AND seq > $2 ORDER BY seq', [
      officeId,
      afterSeq,
    ]);
    return rows.map((r) => ({ seq: Number(r.seq), type: r.type }));
  }
}
