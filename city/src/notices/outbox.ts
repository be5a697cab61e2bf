/**
 * The notice outbox: what the city promised to tell residents, kept in PostgreSQL until it is delivered. Delivery
 * is at least once: a notice is taken by one city process at a time for a lease (`FOR UPDATE SKIP LOCKED`, so
 * several processes share the work without sending one notice twice at once), sent through its channel, then
 * marked sent; a failure is tried again later, each time twice as late (capped), until a permanent refusal or too
 * many attempts moves it to the dead-letter list that staff read and may send again.
 *
 * Each channel has its own slots and every delivery its own deadline, so a slow or hanging channel (an SMS gateway
 * that does not answer) never delays another; nothing here runs on an office's link.
 *
 * A contact detail is sealed in its row, opened only to deliver, cleared once sent, and erased with every notice of
 * the visit when the visit ends. It never reaches a log line or `last_error`.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { JunbanError, NoticeMessage, NoticeTarget, type DeadNotice, type NoticeChannel } from '@junban/protocol';
import type { Db } from '../db/engine.js';
import { DeliveryError, type Channel } from './channel.js';
import type { Sealer } from './seal.js';

/** A channel of any kind, as the outbox holds them (each takes its own kind of target). */
export type AnyChannel = { [C in NoticeChannel]: Channel<C> }[NoticeChannel];

export interface OutboxTimings {
  /** How often a process looks for due notices (ms); an enqueue in this process looks at once. */
  pollMs: number;
  /** The wait after a first failed attempt (ms); each further failure doubles it… */
  firstRetryMs: number;
  /** …up to this (ms). */
  maxRetryMs: number;
  /** Attempts before a notice is given up (dead). */
  maxAttempts: number;
  /** How long one delivery may take before it counts as failed (ms). */
  deliveryTimeoutMs: number;
  /** How long a process holds the notices it took (ms); past it another process may take them. Longer than a delivery. */
  leaseMs: number;
  /** Deliveries under way at once per channel, per process. */
  perChannel: number;
  /**
   * The longest a contact detail is kept, whatever happens to its visit (ms): a visit lasts a business day, and one
   * whose end never reached the city (its office went offline) must not keep it longer.
   */
  contactMaxAgeMs: number;
  /** How long sent and undelivered notices stay listed, without contact (ms). */
  keepMs: number;
  /** How often a process clears what is past those ages (ms). */
  purgeEveryMs: number;
}

export const defaultTimings: OutboxTimings = {
  pollMs: 1_000,
  firstRetryMs: 10_000,
  maxRetryMs: 10 * 60_000,
  maxAttempts: 8,
  deliveryTimeoutMs: 15_000,
  leaseMs: 60_000,
  perChannel: 8,
  contactMaxAgeMs: 24 * 3600_000,
  keepMs: 30 * 24 * 3600_000,
  purgeEveryMs: 3600_000,
};

/** The wait before attempt `attempts + 1`, after `attempts` failed ones. */
export function backoff(attempts: number, timings: Pick<OutboxTimings, 'firstRetryMs' | 'maxRetryMs'>): number {
  return Math.min(timings.firstRetryMs * 2 ** Math.max(0, attempts - 1), timings.maxRetryMs);
}

interface Claimed {
  id: string;
  channel: NoticeChannel;
  target: Uint8Array | null;
  message: unknown;
  attempts: number;
  lease_until: number;
}

export class Outbox {
  readonly #db: Db;
  readonly #sealer: Sealer;
  readonly #channels: ReadonlyMap<NoticeChannel, AnyChannel>;
  readonly #now: () => number;
  readonly #log: Logger;
  readonly #timings: OutboxTimings;
  readonly #inFlight = new Map<NoticeChannel | 'unknown', Set<Promise<void>>>();
  #timer: NodeJS.Timeout | undefined;
  #running = false;
  #looking: Promise<void> | undefined;
  #lookAgain = false;
  #purgedAt = -Infinity;

  constructor(options: { db: Db; sealer: Sealer; channels: Iterable<AnyChannel>; now?: () => number; log: Logger; timings?: Partial<OutboxTimings> }) {
    this.#db = options.db;
    this.#sealer = options.sealer;
    this.#channels = new Map([...options.channels].map((c) => [c.name, c]));
    this.#now = options.now ?? Date.now;
    this.#log = options.log;
    this.#timings = { ...defaultTimings, ...options.timings };
  }

  /** The channels this city can deliver through (those configured). */
  get channels(): NoticeChannel[] {
    return [...this.#channels.keys()];
  }

  /** Keep a notice for delivery; its contact detail is sealed before it reaches the database. Answers its id. */
  async enqueue(officeId: string, visitKey: string, target: NoticeTarget, message: NoticeMessage): Promise<string> {
    const checkedTarget = NoticeTarget.parse(target);
    const checkedMessage = NoticeMessage.parse(message);
    const id = randomUUID();
    const at = this.#now();
    await this.#db.query(
      `INSERT INTO notices (id, office_id, visit_key, channel, target, message, next_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $7)`,
      [id, officeId, visitKey, checkedTarget.channel, this.#sealer.seal(JSON.stringify(checkedTarget), id), JSON.stringify(checkedMessage), at],
    );
    this.wake();
    return id;
  }

  /**
   * The visit ended: its notices not yet sent are dropped (they would be news of a visit that is over), and the
   * contact detail of the others (sent, dead) is erased; the rows stay, for the dead-letter list and the counts.
   */
  async eraseVisit(officeId: string, visitKey: string): Promise<void> {
    await this.#db.transaction(async (tx) => {
      await tx.query(`DELETE FROM notices WHERE office_id = $1 AND visit_key = $2 AND state = 'pending'`, [officeId, visitKey]);
      await tx.query(`UPDATE notices SET target = NULL WHERE office_id = $1 AND visit_key = $2 AND target IS NOT NULL`, [officeId, visitKey]);
    });
  }

  /** The undelivered notices, newest first, for staff: never a contact detail. */
  async deadLetters(limit = 500): Promise<DeadNotice[]> {
    const rows = await this.#db.query<{
      id: string;
      office_id: string;
      channel: NoticeChannel;
      message: NoticeMessage;
      attempts: number;
      last_error: string | null;
      created_at: number;
      dead_at: number;
      erased: boolean;
    }>(
      `SELECT id, office_id, channel, message, attempts, last_error, created_at, dead_at, target IS NULL AS erased
       FROM notices WHERE state = 'dead' ORDER BY dead_at DESC, id LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({
      id: r.id,
      officeId: r.office_id,
      channel: r.channel,
      kind: r.message.kind,
      number: r.message.number,
      attempts: Number(r.attempts),
      lastError: r.last_error,
      createdAt: Number(r.created_at),
      deadAt: Number(r.dead_at),
      erased: r.erased,
    }));
  }

  /** Send an undelivered notice again, from its first attempt (staff fixed the cause). */
  async retry(id: string): Promise<void> {
    const rows = await this.#db.query<{ erased: boolean }>(
      `UPDATE notices SET state = 'pending', attempts = 0, next_at = $2, lease_until = NULL, dead_at = NULL
       WHERE id = $1 AND state = 'dead' AND target IS NOT NULL RETURNING false AS erased`,
      [id, this.#now()],
    );
    if (!rows.length) {
      const [dead] = await this.#db.query(`SELECT 1 FROM notices WHERE id = $1 AND state = 'dead'`, [id]);
      if (dead) throw new JunbanError('notice/erased', 'The visit of this notice has ended: its contact detail is erased.');
      throw new JunbanError('notice/not_found', 'No undelivered notice with this id.');
    }
    this.wake();
  }

  /** Look for due notices now and every `pollMs`. */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.wake();
  }

  /** Stop looking; the deliveries under way finish (each within its deadline). */
  async stop(): Promise<void> {
    this.#running = false;
    clearTimeout(this.#timer);
    await this.#looking;
    await Promise.allSettled([...this.#inFlight.values()].flatMap((s) => [...s]));
  }

  /** Look for due notices soon (a notice was just enqueued, or a slot came free). */
  wake(): void {
    if (!this.#running) return;
    if (this.#looking) {
      this.#lookAgain = true;
      return;
    }
    clearTimeout(this.#timer);
    this.#looking = this.#lookOnce()
      .catch((err: unknown) => this.#log.warn({ err }, 'notices: looking for due notices failed'))
      .finally(() => {
        this.#looking = undefined;
        if (!this.#running) return;
        if (this.#lookAgain) {
          this.#lookAgain = false;
          this.wake();
        } else this.#timer = setTimeout(() => this.wake(), this.#timings.pollMs);
      });
  }

  /**
   * Clear what is past its age: a notice still pending a day after it was made is news of a visit that is over (it
   * is given up); no contact detail stays longer than that; sent and undelivered notices leave the list after `keepMs`.
   */
  async purge(): Promise<void> {
    const at = this.#now();
    const contactsBefore = at - this.#timings.contactMaxAgeMs;
    await this.#db.transaction(async (tx) => {
      await tx.query(
        `UPDATE notices SET state = 'dead', dead_at = $2, lease_until = NULL, last_error = 'not delivered while its visit lasted'
         WHERE state = 'pending' AND created_at < $1`,
        [contactsBefore, at],
      );
      await tx.query(`UPDATE notices SET target = NULL WHERE target IS NOT NULL AND created_at < $1`, [contactsBefore]);
      await tx.query(`DELETE FROM notices WHERE state <> 'pending' AND created_at < $1`, [at - this.#timings.keepMs]);
    });
  }

  /** Take the due notices of each channel that has a free slot, and start their deliveries (not waiting for them). */
  async #lookOnce(): Promise<void> {
    if (this.#now() - this.#purgedAt >= this.#timings.purgeEveryMs) {
      this.#purgedAt = this.#now();
      await this.purge().catch((err: unknown) => this.#log.warn({ err }, 'notices: clearing old notices failed'));
    }
    const known = [...this.#channels.keys()];
    for (const channel of known) {
      const free = this.#timings.perChannel - this.#slots(channel).size;
      if (free <= 0) continue;
      for (const notice of await this.#claim('channel = $3', [channel], free)) this.#track(channel, this.#deliver(notice));
    }
    // A notice for a channel this city has not configured cannot go anywhere: say so in the dead-letter list.
    for (const notice of await this.#claim('NOT (channel = ANY($3::text[]))', [known], this.#timings.perChannel)) {
      this.#track('unknown', this.#finish(notice, new DeliveryError(`the ${notice.channel} channel is not configured at this city`, true)));
    }
  }

  async #claim(where: string, params: unknown[], limit: number): Promise<Claimed[]> {
    const at = this.#now();
    const rows = await this.#db.query<Claimed>(
      `WITH due AS (
         SELECT id FROM notices
         WHERE state = 'pending' AND next_at <= $1 AND (lease_until IS NULL OR lease_until <= $1) AND ${where}
         ORDER BY next_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE notices n SET lease_until = ${at + this.#timings.leaseMs}, attempts = n.attempts + 1 FROM due WHERE n.id = due.id
       RETURNING n.id, n.channel, n.target, n.message, n.attempts, n.lease_until`,
      [at, limit, ...params],
    );
    return rows.map((r) => ({ ...r, attempts: Number(r.attempts), lease_until: Number(r.lease_until) }));
  }

  #slots(channel: NoticeChannel | 'unknown'): Set<Promise<void>> {
    let slots = this.#inFlight.get(channel);
    if (!slots) this.#inFlight.set(channel, (slots = new Set()));
    return slots;
  }

  #track(channel: NoticeChannel | 'unknown', delivery: Promise<void>): void {
    const slots = this.#slots(channel);
    const settled = delivery
      .catch((err: unknown) => this.#log.error({ err }, 'notices: recording a delivery failed'))
      .finally(() => {
        slots.delete(settled);
        this.wake();
      });
    slots.add(settled);
  }

  async #deliver(notice: Claimed): Promise<void> {
    let target: NoticeTarget;
    let message: NoticeMessage;
    try {
      if (!notice.target) throw new Error('no contact detail');
      target = NoticeTarget.parse(JSON.parse(this.#sealer.open(notice.target, notice.id)));
      message = NoticeMessage.parse(notice.message);
    } catch {
      // The key file differs between processes, or the row was changed: retrying cannot open it.
      return this.#finish(notice, new DeliveryError("the contact detail cannot be opened with this city's key", true));
    }
    const channel = this.#channels.get(notice.channel)!;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new DeliveryError(`no answer within ${this.#timings.deliveryTimeoutMs / 1000} s`, false)),
        this.#timings.deliveryTimeoutMs,
      );
    });
    try {
      await Promise.race([(channel as Channel).deliver(target as never, message, notice.id), deadline]);
      await this.#finish(notice, null);
    } catch (err) {
      await this.#finish(notice, err, target);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Record an attempt's outcome, if this process still holds the notice (else the one that took it over decides). */
  async #finish(notice: Claimed, err: unknown, target?: NoticeTarget): Promise<void> {
    const held = `id = $1 AND state = 'pending' AND attempts = ${notice.attempts} AND lease_until = ${notice.lease_until}`;
    const at = this.#now();
    if (err === null) {
      // Sent: its contact detail is no longer needed here.
      await this.#db.query(`UPDATE notices SET state = 'sent', sent_at = $2, target = NULL, lease_until = NULL, last_error = NULL WHERE ${held}`, [
        notice.id,
        at,
      ]);
      return;
    }
    const reason = withoutContact(err instanceof Error ? err.message : String(err), target);
    const permanent = err instanceof DeliveryError && err.permanent;
    const dead = permanent || notice.attempts >= this.#timings.maxAttempts;
    this.#log.warn({ notice: notice.id, channel: notice.channel, attempt: notice.attempts, reason, dead }, 'notices: delivery failed');
    if (dead) {
      await this.#db.query(`UPDATE notices SET state = 'dead', dead_at = $2, last_error = $3, lease_until = NULL WHERE ${held}`, [notice.id, at, reason]);
    } else {
      await this.#db.query(`UPDATE notices SET next_at = $2, last_error = $3, lease_until = NULL WHERE ${held}`, [
        notice.id,
        at + backoff(notice.attempts, this.#timings),
        reason,
      ]);
    }
  }
}

/**
 * A failure's words without the contact detail: a mail server or a gateway may quote the address or the number it
 * refused. Short, since it is shown in a list.
 */
export function withoutContact(reason: string, target: NoticeTarget | undefined): string {
  let text = reason;
  const secrets = target ? leaves(target).filter((s) => s.length >= 6 && s !== target.channel) : [];
  // A phone number may be quoted without its "+".
  for (const secret of secrets.flatMap((s) => (s.startsWith('+') ? [s, s.slice(1)] : [s]))) text = text.split(secret).join('[contact]');
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

function leaves(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (value && typeof value === 'object') return Object.values(value).flatMap(leaves);
  return [];
}
