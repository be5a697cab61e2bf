/**
 * Staff's free-text notes on a visit ("for the next counter") or a booking. Staff write what helps, and that is
 * often a name or a phone number ("山田太郎 090-…"), so a note is personal data and is kept like a form:
 * - never in the visit's or the booking's row, the views, the event log or an export: those only say `hasNote`;
 * - sealed by the forms' vault (AES-256-GCM, JUNBAN_FORM_KEY), one row per visit or booking;
 * - read only through its own endpoints, with the forms' permission (counter and guide staff);
 * - deleted with the forms when the day closes (the same retention days), with secure_delete and the WAL emptied.
 */
import { addDays } from '../calendar/calendar.js';
import type { Db } from '../storage/database.js';
import type { FormVault } from '../forms/vault.js';

export type NoteSubject = 'visit' | 'reservation';

interface NoteRow { subject: NoteSubject; id: string; nonce: Buffer; ciphertext: Buffer }

/** The vault's second piece of associated data: a note sealed for one visit or booking opens on no other. */
const purpose = (subject: NoteSubject) => `note:${subject}`;

export class Notes {
  /** Purged notes whose old page versions may still sit in the write-ahead log. */
  private wipePending = false;

  constructor(private readonly db: Db, private readonly vault: FormVault, private readonly now: () => number) {}

  /** Keep (or, when blank, delete) the note. Answers whether there is one now. Call inside the owner's transaction. */
  set(subject: NoteSubject, id: string, businessDate: string, text: string): boolean {
    const note = text.trim();
    if (!note) {
      this.db.prepare('DELETE FROM notes WHERE subject = ? AND id = ?').run(subject, id);
      return false;
    }
    const sealed = this.vault.seal(id, purpose(subject), note);
    this.db
      .prepare(
        `INSERT INTO notes (subject, id, business_date, nonce, ciphertext, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (subject, id) DO UPDATE SET business_date = excluded.business_date, nonce = excluded.nonce, ciphertext = excluded.ciphertext, updated_at = excluded.updated_at`,
      )
      .run(subject, id, businessDate, sealed.nonce, sealed.ciphertext, this.now());
    return true;
  }

  /** A booking moved to another day keeps its note until that day closes. */
  redate(subject: NoteSubject, id: string, businessDate: string): void {
    this.db.prepare('UPDATE notes SET business_date = ? WHERE subject = ? AND id = ?').run(businessDate, subject, id);
  }

  has(subject: NoteSubject, id: string): boolean {
    return this.db.prepare('SELECT 1 FROM notes WHERE subject = ? AND id = ?').get(subject, id) !== undefined;
  }

  /** The note in clear, or null (none, or purged when its day closed). */
  read(subject: NoteSubject, id: string): string | null {
    const row = this.db.prepare('SELECT * FROM notes WHERE subject = ? AND id = ?').get(subject, id) as NoteRow | undefined;
    return row ? (this.vault.open(id, purpose(subject), { nonce: row.nonce, ciphertext: row.ciphertext }) as string) : null;
  }

  /**
   * Delete the notes whose business day ended more than `retentionDays` ago, as the forms are; a visit still open
   * past closing keeps its note until the next purge after it ends. Answers how many were purged.
   */
  purge(today: string, retentionDays: number, visitStillOpen: (visitId: string) => boolean): number {
    const before = addDays(today, -retentionDays);
    const due = (this.db.prepare('SELECT subject, id FROM notes WHERE business_date < ?').all(before) as { subject: NoteSubject; id: string }[])
      .filter((r) => !(r.subject === 'visit' && visitStillOpen(r.id)));
    if (due.length) {
      this.db.transaction(() => {
        const del = this.db.prepare('DELETE FROM notes WHERE subject = ? AND id = ?');
        for (const r of due) del.run(r.subject, r.id);
      })();
      this.wipePending = true;
    }
    // secure_delete overwrote the freed pages; the WAL still holds their earlier versions until checkpointed.
    if (this.wipePending) {
      const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (result?.busy === 0) this.wipePending = false;
    }
    return due.length;
  }

  /**
   * Seal the notes an earlier version kept in clear (in the booking's row and inside the visit's JSON), once at
   * start, so an upgraded office holds no note in clear either.
   */
  sealClearNotes(): number {
    const bookings = this.db.prepare('SELECT id, business_date, note FROM reservations WHERE note IS NOT NULL').all() as { id: string; business_date: string; note: string }[];
    const visits = (this.db.prepare(`SELECT id, business_date, data FROM visits WHERE data LIKE '%"note":%'`).all() as { id: string; business_date: string; data: string }[])
      .map((v) => ({ ...v, visit: JSON.parse(v.data) as { note?: string; hasNote?: true } }))
      .filter((v) => typeof v.visit.note === 'string');
    if (!bookings.length && !visits.length) return 0;
    this.db.transaction(() => {
      for (const b of bookings) {
        this.set('reservation', b.id, b.business_date, b.note);
        this.db.prepare('UPDATE reservations SET note = NULL WHERE id = ?').run(b.id);
      }
      for (const v of visits) {
        const { note, ...rest } = v.visit;
        const kept = this.set('visit', v.id, v.business_date, note ?? '');
        this.db.prepare('UPDATE visits SET data = ? WHERE id = ?').run(JSON.stringify(kept ? { ...rest, hasNote: true } : rest), v.id);
      }
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return bookings.length + visits.length;
  }
}
