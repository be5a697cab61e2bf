/**
 * Who is signed in right now and where: each open staff screen (a socket) and the counter its console reported.
 * Kept in memory: after a restart every screen reconnects and reports again.
 */
import { JunbanError, PresenceReport, type OfficeConfig, type OtherScreen, type Principal, type StaffAccount, type StaffPresence } from '@junban/protocol';

/** A screen's `presence` report, checked: only staff screens report, and only counters the office has. */
export function checkReport(principal: Principal, report: unknown, config: OfficeConfig): string | null {
  if (principal.kind !== 'staff') throw new JunbanError('auth/forbidden', 'Only staff screens report where they are.');
  const parsed = PresenceReport.safeParse(report ?? {});
  if (!parsed.success) throw new JunbanError('input/invalid', 'presence takes { counterId: string | null }.');
  const { counterId } = parsed.data;
  if (counterId !== null && !config.counters.some((c) => c.id === counterId))
    throw new JunbanError('office/unknown_counter', `Unknown counter "${counterId}".`);
  return counterId;
}

export class Presence {
  private readonly screens = new Map<string, { staffId: string; counterId: string | null; since: number }>();

  connected(socketId: string, staffId: string, at: number): void {
    this.screens.set(socketId, { staffId, counterId: null, since: at });
  }

  /** The console at `socketId` works at this counter now (null: at none). */
  report(socketId: string, counterId: string | null): void {
    const screen = this.screens.get(socketId);
    if (screen) screen.counterId = counterId;
  }

  /**
   * The other screens already working at the counter `socketId` has just reported: two PCs calling from one counter
   * send residents to a desk where nobody expects them, so the console taking the counter second is warned.
   */
  alsoAt(socketId: string, accounts: readonly StaffAccount[]): OtherScreen[] {
    const counterId = this.screens.get(socketId)?.counterId;
    if (!counterId) return [];
    const names = new Map(accounts.map((a) => [a.id, a.displayName]));
    return [...this.screens.entries()]
      .filter(([id, s]) => id !== socketId && s.counterId === counterId)
      .map(([, s]) => ({ displayName: names.get(s.staffId) ?? '?', since: s.since }));
  }

  disconnected(socketId: string): void {
    this.screens.delete(socketId);
  }

  /** One entry per account with a screen open, by name; a member may have several screens, at several counters. */
  list(accounts: readonly StaffAccount[]): StaffPresence[] {
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const present = new Map<string, StaffPresence>();
    for (const s of this.screens.values()) {
      const account = byId.get(s.staffId);
      if (!account) continue;
      const p = present.get(s.staffId) ?? {
        staffId: s.staffId,
        username: account.username,
        displayName: account.displayName,
        role: account.role,
        counters: [],
        since: s.since,
        screens: 0,
      };
      p.screens += 1;
      p.since = Math.min(p.since, s.since);
      if (s.counterId && !p.counters.includes(s.counterId)) p.counters.push(s.counterId);
      present.set(s.staffId, p);
    }
    return [...present.values()].sort((a, b) => a.displayName.localeCompare(b.displayName, 'ja'));
  }
}
