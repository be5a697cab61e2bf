/**
 * Notices managers post to the waiting-room screens (issue 20). A message shows until its time; an emergency takes
 * the whole screen until withdrawn. Which screens: the devices listed, or every display and kiosk.
 */
import { randomUUID } from 'node:crypto';
import { JunbanError, type Principal, type ScreenNotice, type ScreenNoticeKind } from '@junban/protocol';
import type { Db } from '../storage/database.js';

interface Row {
  id: string;
  kind: ScreenNoticeKind;
  text: string;
  device_ids: string;
  posted_at: number;
  until: number | null;
}

const toNotice = (r: Row): ScreenNotice => ({
  id: r.id,
  kind: r.kind,
  text: JSON.parse(r.text) as ScreenNotice['text'],
  postedAt: r.posted_at,
  until: r.until,
  deviceIds: JSON.parse(r.device_ids) as string[],
});

export class ScreenNotices {
  constructor(
    private readonly db: Db,
    private readonly newId: () => string = randomUUID,
  ) {}

  post(n: Omit<ScreenNotice, 'id' | 'postedAt'>, actor: string, now: number): ScreenNotice {
    const id = this.newId();
    this.db
      .prepare('INSERT INTO screen_notices (id, kind, text, device_ids, posted_at, posted_by, until) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(id, n.kind, JSON.stringify(n.text), JSON.stringify(n.deviceIds), now, actor, n.until);
    return { ...n, id, postedAt: now };
  }

  withdraw(id: string, now: number): void {
    const changed = this.db
      .prepare('UPDATE screen_notices SET withdrawn_at = ? WHERE id = ? AND withdrawn_at IS NULL AND (until IS NULL OR until > ?)')
      .run(now, id, now).changes;
    if (changed === 0) throw new JunbanError('screen_notice/not_found', 'No notice on the screens with this id (it ended or was withdrawn).');
  }

  /** Every notice on the screens now, newest first. */
  current(now: number): ScreenNotice[] {
    return (
      this.db
        .prepare('SELECT * FROM screen_notices WHERE withdrawn_at IS NULL AND (until IS NULL OR until > ?) ORDER BY posted_at DESC, rowid DESC')
        .all(now) as Row[]
    ).map(toNotice);
  }

  /** What one screen shows: a device its own (or those for all); staff screens see them all. */
  for(principal: Principal | null, now: number): ScreenNotice[] {
    const all = this.current(now);
    if (principal?.kind !== 'device') return all;
    return all.filter((n) => n.deviceIds.length === 0 || n.deviceIds.includes(principal.id));
  }

  /** When the next notice ends by its time (so the screens are told), if any does. */
  nextEnd(now: number): number | undefined {
    const at = this.db.prepare('SELECT MIN(until) FROM screen_notices WHERE withdrawn_at IS NULL AND until > ?').pluck().get(now) as number | null;
    return at ?? undefined;
  }
}
