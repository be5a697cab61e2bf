/**
 * Limits for residents without an account: how many numbers one network address may take from phones in a day,
 * and how many visits one phone number or email address may be told about. Counted in PostgreSQL (every city
 * process counts the same), by a keyed fingerprint of the address or contact, never the address itself; a day's
 * counts go the next day.
 */
import { createHmac, hkdfSync } from 'node:crypto';
import type { NoticeTarget } from '@junban/protocol';
import type { Db } from '../db/engine.js';

export type LimitKind = 'join-address' | 'notice-contact' | 'book-address' | 'home-form-address' | 'pickup-address';

export class PhoneLimits {
  readonly #key: Buffer;

  constructor(
    private readonly db: Db,
    cityKey: Buffer,
    private readonly now: () => number,
  ) {
    // A key of its own, derived from the city's: a fingerprint cannot be checked against anything else sealed.
    this.#key = Buffer.from(hkdfSync('sha256', cityKey, Buffer.alloc(0), 'junban phone limits', 32));
  }

  private fingerprint(kind: LimitKind, value: string): string {
    return createHmac('sha256', this.#key).update(`${kind}\n${value}`).digest('base64url');
  }

  /** The city's calendar day, in UTC: a limit is per day, and a day's counts are forgotten after it. */
  private day(): string {
    return new Date(this.now()).toISOString().slice(0, 10);
  }

  /** Count one more use of `value` today; false (and nothing counted) once `max` were used. */
  async take(kind: LimitKind, value: string, max: number): Promise<boolean> {
    const rows = await this.db.query<{ used: number }>(
      `INSERT INTO phone_limits (day, kind, fingerprint, used) VALUES ($1, $2, $3, 1)
       ON CONFLICT (day, kind, fingerprint) DO UPDATE SET used = phone_limits.used + 1 WHERE phone_limits.used < $4
       RETURNING used`,
      [this.day(), kind, this.fingerprint(kind, value), max],
    );
    return rows.length > 0;
  }

  /** Give back a use that did not happen (the office refused the number). */
  async giveBack(kind: LimitKind, value: string): Promise<void> {
    await this.db.query('UPDATE phone_limits SET used = used - 1 WHERE day = $1 AND kind = $2 AND fingerprint = $3 AND used > 0', [
      this.day(),
      kind,
      this.fingerprint(kind, value),
    ]);
  }

  async purge(): Promise<void> {
    await this.db.query('DELETE FROM phone_limits WHERE day < $1', [this.day()]);
  }
}

/** A notice target's contact, as limited: the phone number, the email address, the LINE user or the push endpoint. */
export function contactOf(target: NoticeTarget): string {
  switch (target.channel) {
    case 'email':
      return `email:${target.address.toLowerCase()}`;
    case 'webhook':
      return `phone:${target.phone.replace(/^\+/, '')}`;
    case 'line':
      return `line:${target.userId}`;
    case 'webpush':
      return `push:${target.subscription.endpoint}`;
  }
}
