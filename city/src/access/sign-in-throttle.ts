/**
 * Slows down password guessing, kept simple: failures are counted per username and address in PostgreSQL (so every
 * city process sees the same count). After `FREE_FAILURES` each further try waits, doubling, up to a lock of
 * `LOCK_MS`. A success clears the pair's count. An attempt counts as a failure from the moment it starts, so tries
 * sent in parallel cannot slip past while the password is checked.
 */
import { JunbanError } from '@junban/protocol';
import type { Db } from '../db/engine.js';

export const THROTTLE = { freeFailures: 5, firstDelayMs: 1_000, lockMs: 15 * 60_000 } as const;

export class SignInThrottle {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** Throws `auth/too_many_attempts` while this pair must wait; otherwise counts this attempt as a failure. */
  async begin(username: string, address: string): Promise<void> {
    const key = `${username}\n${address}`;
    const now = this.now();
    // Counts gone quiet are forgotten, so the table does not grow with every address ever seen.
    await this.db.query('DELETE FROM sign_in_failures WHERE last_at < $1 AND locked_until < $2', [now - THROTTLE.lockMs, now]);
    const refused = await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ failures: number; last_at: number; locked_until: number }>(
        'SELECT failures, last_at, locked_until FROM sign_in_failures WHERE key = $1 FOR UPDATE',
        [key],
      );
      // A count is forgotten after a quiet lockMs.
      const fresh = !row || now - Math.max(Number(row.last_at), Number(row.locked_until)) > THROTTLE.lockMs;
      const failures = fresh ? 0 : row.failures;
      const until = fresh ? 0 : Number(row.locked_until);
      if (until > now) return until - now;
      const next = failures + 1;
      const lockedUntil = next >= THROTTLE.freeFailures ? now + Math.min(THROTTLE.lockMs, THROTTLE.firstDelayMs * 2 ** (next - THROTTLE.freeFailures)) : 0;
      await tx.query(
        `INSERT INTO sign_in_failures (key, failures, last_at, locked_until) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET failures = $2, last_at = $3, locked_until = $4`,
        [key, next, now, lockedUntil],
      );
      return 0;
    });
    if (refused > 0) {
      const seconds = Math.ceil(refused / 1000);
      throw new JunbanError('auth/too_many_attempts', `Too many wrong passwords: please wait ${seconds} s before trying again.`, undefined, seconds);
    }
  }

  async succeeded(username: string, address: string): Promise<void> {
    await this.db.query('DELETE FROM sign_in_failures WHERE key = $1', [`${username}\n${address}`]);
  }
}
