/**
 * Staff's free-text notes on a visit ("for the next counter") or a booking. Staff write what helps, and that is
 * often a name or a phone number ("山田太郎 090-…"), so a note is personal data and is kept like a form:
 * - never in the visit's or the booking's row, the views, the event log or an export: those only say `hasNote`;
 * - sealed by the forms' vault (AES-256-GCM, JUNBAN_FORM_KEY), one row per visit or booking;
 * - read only through its own endpoints, with the forms' permission (counter and guide staff);
 * - deleted with the forms when the day closes (the same retention days), with secure_delete and the WAL emptied;
 * - audited like a form: who wrote, erased or read which note, and when (never its text), kept after the purge.
 */
import { addDays } from '../calendar/calendar.js';
import type { Db } from '../storage/database.js';
import type { FormVault } from '../forms/vault.js';
import type { NoteAuditEntry } from '@junban/protocol';

export type NoteSubject = 'visit' | 'reservation';

interface NoteRow {
  subject: NoteSubject;
  id: string;
  nonce: Buffer;
  ciphertext: Buffer;
}
type NoteAction = NoteAuditEntry['action'];

/** The vault's second piece of associated data: a note sealed for one visit or booking opens on no other. */
const purpose = (subject: NoteSubject) => `note:${subject}`;

export class Notes {
  /** Purged notes whose old page versions may still sit in the write-ahead log. */
  private wipePending = false;

  constructor(
    private readonly db: Db,
    private readonly vault: FormVault,
    private readonly now: () => number,
  ) {}

  /**
   * Keep (or, when blank, delete) the note, audited under `actor`. Answers whether there is one now. Call inside the
   * owner's transaction, so the note, its audit line and the visit or booking commit together.
   */
  set(subject: NoteSubject, id: string, businessDate: string, text: string, actor: string): boolean {
    const note = text.trim();
    if (!note) {
      if (this.db.prepare('DELETE FROM notes WHERE subject = ? AND id = ?').run(subject, id).changes) this.audit(actor, subject, id, 'erased');
      return false;
    }
    this.audit(actor, subject, id, 'written');
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

  /** The note in clear, or null (none, or purged when its day closed). A note shown is audited as read by `actor`. */
  read(subject: NoteSubject, id: string, actor: string): string | null {
    const row = this.db.prepare('SELECT * FROM notes WHERE subject = ? AND id = ?').get(subject, id) as NoteRow | undefined;
    if (!row) return null;
    this.audit(actor, subject, id, 'read');
    return this.vault.open(id, purpose(subject), { nonce: row.nonce, ciphertext: row.ciphertext }) as string;
  }

  /** Who wrote, erased, read or purged this visit's or booking's note, oldest first (never the text). */
  auditOf(subject: NoteSubject, id: string): NoteAuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT a.seq, a.at, a.actor, s.display_name AS actor_name, a.action FROM note_audit a
         LEFT JOIN staff s ON a.actor = 'staff:' || s.id WHERE a.subject = ? AND a.subject_id = ? ORDER BY a.seq`,
      )
      .all(subject, id) as { seq: number; at: number; actor: string; actor_name: string | null; action: NoteAction }[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, actorName: r.actor_name, action: r.action }));
  }

  private audit(actor: string, subject: NoteSubject, id: string, action: NoteAction): void {
    this.db.prepare('INSERT INTO note_audit (at, actor, subject, subject_id, action) VALUES (?, ?, ?, ?, ?)').run(this.now(), actor, subject, id, action);
  }

  /**
   * Delete the notes whose business day ended more than `retentionDays` ago, as the forms are; a visit still open
   * past closing keeps its note until the next purge after it ends. Answers how many were purged.
   */
  purge(today: string, retentionDays: number, visitStillOpen: (visitId: string) => boolean): number {
    const before = addDays(today, -retentionDays);
    const due = (this.db.prepare('SELECT subject, id FROM notes WHERE business_date < ?').all(before) as { subject: NoteSubject; id: string }[]).filter(
      (r) => !(r.subject === 'visit' && visitStillOpen(r.id)),
    );
    if (due.length) {
      this.db.transaction(() => {
        const del = this.db.prepare('DELETE FROM notes WHERE subject = ? AND id = ?');
        for (const r of due) {
          del.run(r.subject, r.id);
          this.audit('system', r.subject, r.id, 'purged');
        }
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
    const bookings = this.db.prepare('SELECT id, business_date, note FROM reservations WHERE note IS NOT NULL').all() as {
      id: string;
      business_date: string;
      note: string;
    }[];
    const visits = (
      this.db.prepare(`SELECT id, business_date, data FROM visits WHERE data LIKE '%"note":%'`).all() as { id: string; business_date: string; data: string }[]
    )
      .map((v) => ({ ...v, visit: JSON.parse(v.data) as { note?: string; hasNote?: true } }))
      .filter((v) => typeof v.visit.note === 'string');
    if (!bookings.length && !visits.length) return 0;
    this.db.transaction(() => {
      for (const b of bookings) {
        this.set('reservation', b.id, b.business_date, b.note, 'system');
        this.db.prepare('UPDATE reservations SET note = NULL WHERE id = ?').run(b.id);
      }
      for (const v of visits) {
        const { note, ...rest } = v.visit;
        const kept = this.set('visit', v.id, v.business_date, note ?? '', 'system');
        this.db.prepare('UPDATE visits SET data = ? WHERE id = ?').run(JSON.stringify(kept ? { ...rest, hasNote: true } : rest), v.id);
      }
    })();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
    return bookings.length + visits.length;
  }
}
