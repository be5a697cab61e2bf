/**
 * Residents who asked to be told about their visit (from its status page): where to (a contact detail, sealed with
 * the city's key together with the page's token), from how many ahead, in which language, and what they were told.
 * A subscription ends with its visit, and its contact detail with it.
 */
import { randomUUID } from 'node:crypto';
import { NoticeTarget, type Language } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import type { Sealer } from './seal.js';
import type { Followed } from './triggers.js';

export interface Subscription extends Followed {
  id: string;
  key: string;
  officeId: string;
  language: Language;
  target: NoticeTarget;
  /** The page's token, for the link in each notice. */
  token: string;
}

interface Row {
  id: string;
  key: string;
  office_id: string;
  sealed: Uint8Array;
  language: Language;
  ahead: number;
  told_ahead: boolean;
  told_called_at: string | null;
  told_step: string | null;
  told_check_in_for: string | null;
  told_ready: boolean;
}

export class Subscriptions {
  constructor(
    private readonly db: Db,
    private readonly sealer: Sealer,
    private readonly now: () => number,
  ) {}

  async add(s: Omit<Subscription, 'id' | 'toldAhead' | 'toldCalledAt' | 'toldCheckInFor' | 'toldReady'>): Promise<string> {
    const id = randomUUID();
    const sealed = this.sealer.seal(JSON.stringify({ target: NoticeTarget.parse(s.target), token: s.token }), id);
    await this.db.query(
      `INSERT INTO notice_subscriptions (id, key, office_id, sealed, language, ahead, told_ahead, told_step, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, false, $7, $8)`,
      [id, s.key, s.officeId, sealed, s.language, s.ahead, s.toldStep, this.now()],
    );
    return id;
  }

  async forKeys(keys: readonly string[]): Promise<Subscription[]> {
    if (!keys.length) return [];
    return this.opened(await this.db.query<Row>('SELECT * FROM notice_subscriptions WHERE key = ANY($1::text[])', [keys]));
  }

  /** The visits followed at an office that wait in one of these lines (which moved): the only ones a move changes. */
  async waitingIn(officeId: string, serviceIds: readonly string[]): Promise<Subscription[]> {
    return this.opened(
      await this.db.query<Row>(
        `SELECT s.* FROM notice_subscriptions s JOIN visit_statuses v ON v.key = s.key
          WHERE s.office_id = $1 AND v.status->>'state' = 'waiting' AND v.status->'service'->>'id' = ANY($2::text[])`,
        [officeId, serviceIds],
      ),
    );
  }

  private opened(rows: Row[]): Subscription[] {
    return rows.map((r) => {
      const { target, token } = JSON.parse(this.sealer.open(r.sealed, r.id)) as { target: NoticeTarget; token: string };
      return {
        id: r.id,
        key: r.key,
        officeId: r.office_id,
        language: r.language,
        ahead: r.ahead,
        toldAhead: r.told_ahead,
        toldCalledAt: r.told_called_at === null ? null : Number(r.told_called_at),
        toldStep: r.told_step,
        toldCheckInFor: r.told_check_in_for === null ? null : Number(r.told_check_in_for),
        toldReady: r.told_ready,
        target,
        token,
      };
    });
  }

  async told(id: string, told: Pick<Followed, 'toldAhead' | 'toldCalledAt' | 'toldStep' | 'toldCheckInFor' | 'toldReady'>): Promise<void> {
    await this.db.query(
      'UPDATE notice_subscriptions SET told_ahead = $2, told_called_at = $3, told_step = $4, told_check_in_for = $5, told_ready = $6 WHERE id = $1',
      [id, told.toldAhead, told.toldCalledAt, told.toldStep, told.toldCheckInFor, told.toldReady],
    );
  }

  /** The visit ended: its subscriptions, and the contact details in them, go. */
  async end(key: string): Promise<void> {
    await this.db.query('DELETE FROM notice_subscriptions WHERE key = $1', [key]);
  }

  /** Whatever happens to a visit (its office may never say it ended), nothing is kept past a day. */
  async purge(): Promise<void> {
    await this.db.query('DELETE FROM notice_subscriptions WHERE created_at < $1', [this.now() - 86_400_000]);
  }
}
