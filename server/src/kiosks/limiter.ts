import { JunbanError } from '@junban/protocol';

const WINDOW_MS = 60_000;

/**
 * Slows down a kiosk that issues more tickets in a minute than its setting allows: a child at the buttons should
 * not use up the numbers or the paper roll. Kept in memory: a restart forgiving a kiosk is harmless.
 */
export class KioskLimiter {
  private readonly issued = new Map<string, number[]>();
  /** Kiosks that were refused a ticket, until when; staff see them and can lift the limit. */
  private readonly refused = new Map<string, number>();

  constructor(private readonly changed: () => void) {}

  /**
   * Throws `kiosk/slow_down` when another ticket would go over the limit. Only tickets actually issued count
   * (`count`), so a refusal for another reason (a closed day, a closed procedure) never slows a kiosk down.
   */
  check(deviceId: string, perMinute: number, now: number): void {
    if (perMinute <= 0) return;
    const recent = (this.issued.get(deviceId) ?? []).filter((t) => t > now - WINDOW_MS);
    this.issued.set(deviceId, recent);
    if (recent.length < perMinute) return;
    const until = recent[recent.length - perMinute]! + WINDOW_MS;
    if (this.refused.get(deviceId) !== until) {
      this.refused.set(deviceId, until);
      this.changed();
      // Tell staff again when the limit runs out by itself.
      setTimeout(() => this.changed(), until - now + 50).unref();
    }
    const waitSec = Math.ceil((until - now) / 1000);
    throw new JunbanError('kiosk/slow_down', `Please wait a moment (about ${waitSec} s) before taking another ticket, or ask a member of staff.`);
  }

  /** A ticket this kiosk issued. */
  count(deviceId: string, perMinute: number, now: number): void {
    if (perMinute <= 0) return;
    const recent = this.issued.get(deviceId);
    if (recent) recent.push(now);
    else this.issued.set(deviceId, [now]);
  }

  lift(deviceId: string): void {
    this.issued.delete(deviceId);
    if (this.refused.delete(deviceId)) this.changed();
  }

  limited(now: number): { deviceId: string; until: number }[] {
    for (const [id, until] of this.refused) if (until <= now) this.refused.delete(id);
    return [...this.refused].map(([deviceId, until]) => ({ deviceId, until }));
  }
}
