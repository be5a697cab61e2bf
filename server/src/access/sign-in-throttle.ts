import { JunbanError } from '@junban/protocol';

/**
 * Slows down password guessing at the sign-in form.
 *
 * Failures are counted per account *and address* pair, and per address. An attacker on the office LAN who guesses
 * the admin's password is slowed, then locked out, at their own address only: the admin at another desk still
 * signs in, so nobody can lock the office's accounts out by guessing wrong on purpose. The per-address count stops
 * one machine from trying many usernames instead.
 *
 * An attempt counts as a failure from the moment it starts (a success clears it), so requests sent in parallel
 * cannot slip past the check while the password is being verified.
 */
export const THROTTLE = {
  /** Failures for one account from one address before each further try must wait. */
  freeFailures: 5,
  /** The first wait; it doubles with each further failure. */
  firstDelayMs: 1_000,
  /** Failures for one account from one address before that address is locked out of the account. */
  lockAfter: 10,
  /** Failures from one address, over every account, before the address is locked out of signing in. */
  addressLockAfter: 20,
  /** How long a lock lasts, and how long a failure is remembered. */
  lockMs: 15 * 60_000,
} as const;

interface Count {
  failures: number;
  /** When the last failure was; the count is forgotten `lockMs` after it. */
  lastAt: number;
  /** No try before this instant. */
  until: number;
}

export class SignInThrottle {
  private readonly pairs = new Map<string, Count>();
  private readonly addresses = new Map<string, Count>();

  constructor(private readonly now: () => number) {}

  /**
   * Throws `auth/too_many_attempts` while this address must wait for this account; otherwise counts the attempt
   * as a failure until `succeeded` says otherwise.
   */
  begin(username: string, address: string): void {
    const now = this.now();
    const pair = this.fresh(this.pairs, pairKey(username, address), now);
    const byAddress = this.fresh(this.addresses, address, now);
    const until = Math.max(pair.until, byAddress.until);
    if (until > now) throw tooMany(until - now, pair.failures >= THROTTLE.lockAfter || byAddress.failures >= THROTTLE.addressLockAfter);
    pair.failures++;
    pair.lastAt = now;
    byAddress.failures++;
    byAddress.lastAt = now;
    pair.until =
      pair.failures >= THROTTLE.lockAfter
        ? now + THROTTLE.lockMs
        : pair.failures >= THROTTLE.freeFailures
          ? now + THROTTLE.firstDelayMs * 2 ** (pair.failures - THROTTLE.freeFailures)
          : 0;
    if (byAddress.failures >= THROTTLE.addressLockAfter) byAddress.until = now + THROTTLE.lockMs;
  }

  /**
   * The password was right: this account's count at this address starts over. The address's count does not, or an
   * attacker with an account of their own could sign in with it between guesses to wipe the count.
   */
  succeeded(username: string, address: string): void {
    this.pairs.delete(pairKey(username, address));
  }

  /** An admin lifts every lock on an account, at every address. */
  unlock(username: string): void {
    for (const key of this.pairs.keys()) if (key.startsWith(`${username}\n`)) this.pairs.delete(key);
  }

  /** Whether some address is locked out of this account now (for the admin's staff list). */
  lockedUntil(username: string): number | null {
    const now = this.now();
    let until: number | null = null;
    for (const [key, r] of this.pairs) {
      if (key.startsWith(`${username}\n`) && r.failures >= THROTTLE.lockAfter && r.until > now) until = Math.max(until ?? 0, r.until);
    }
    return until;
  }

  private fresh(map: Map<string, Count>, key: string, now: number): Count {
    let r = map.get(key);
    // A count is forgotten after a quiet `lockMs` since the last failure and since any lock ended: someone who keeps
    // trying as soon as a lock ends is locked again at once.
    if (!r || now - Math.max(r.lastAt, r.until) > THROTTLE.lockMs) {
      r = { failures: 0, lastAt: now, until: 0 };
      map.set(key, r);
    }
    // Forget addresses that have gone quiet, so the maps do not grow with every address ever seen.
    if (map.size > 10_000) for (const [k, old] of map) if (now - Math.max(old.lastAt, old.until) > THROTTLE.lockMs) map.delete(k);
    return r;
  }
}

const pairKey = (username: string, address: string) => `${username}\n${address}`;

function tooMany(waitMs: number, locked: boolean): JunbanError {
  const seconds = Math.ceil(waitMs / 1000);
  const wait = seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} s`;
  return new JunbanError(
    'auth/too_many_attempts',
    locked
      ? `Too many wrong passwords from this computer: signing in here is locked for ${wait}. Sign in from another computer, or ask an admin to unlock the account.`
      : `Too many wrong passwords: please wait ${wait} before trying again.`,
    undefined,
    seconds,
  );
}
