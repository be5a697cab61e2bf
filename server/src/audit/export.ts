/**
 * The audit of who did what, as JSON lines for the city's log system (a SIEM, Fluent Bit, Splunk…). It joins the
 * office's three append-only records, each already written without personal data:
 *  - `setup`: the change history (an account, a counter, a printer… changed by whom, through which endpoint);
 *  - `form`: who created, read, changed, printed or purged a resident's form (a field's name, never its value);
 *  - `note`: who wrote, erased, read or purged a staff note (never its text).
 * Each line carries its source and seq, so a shipper that appends only what is new (`appendAudit`) never repeats
 * or skips a line, and a line names a visit by its id only.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Db } from '../storage/database.js';

export const AUDIT_SOURCES = ['setup', 'form', 'note'] as const;
export type AuditSource = (typeof AUDIT_SOURCES)[number];

export interface AuditLine {
  /** ISO 8601, UTC. */
  at: string;
  source: AuditSource;
  /** Gap-free within its source: the cursor an appending shipper resumes from. */
  seq: number;
  /** The staff account (`staff:<id>`), device (`device:<id>`) or `system`, as the office recorded it. */
  actor: string;
  /** The account's username or the device's name, for a person reading the log (absent for `system`). */
  who?: string;
  action: string;
  /** What was acted on: an endpoint's target, a visit or reservation id. */
  subject?: string;
  /** setup: the endpoint and a summary; form: the procedure and the field; note: what the note is on. */
  detail?: Record<string, string>;
}

/** Where to start each source (exclusive) and the time range, both optional. */
export interface AuditRange {
  after?: Partial<Record<AuditSource, number>>;
  fromMs?: number;
  toMs?: number;
}

interface Row {
  seq: number;
  at: number;
  actor: string;
}

/** Every audit line in the range, oldest first across the three sources. */
export function auditLines(db: Db, range: AuditRange = {}): AuditLine[] {
  const where = (source: AuditSource) => ({
    sql: 'seq > ? AND at >= ? AND at < ?',
    args: [range.after?.[source] ?? 0, range.fromMs ?? 0, range.toMs ?? Number.MAX_SAFE_INTEGER],
  });
  const iso = (at: number) => new Date(at).toISOString();
  const setup = where('setup');
  const form = where('form');
  const note = where('note');
  const lines: AuditLine[] = [
    ...db
      .prepare<unknown[], Row & { endpoint: string; target: string | null; summary: string }>(
        `SELECT seq, at, actor, endpoint, target, summary FROM config_changes WHERE ${setup.sql} ORDER BY seq`,
      )
      .all(...setup.args)
      .map((r) => ({
        at: iso(r.at),
        source: 'setup' as const,
        seq: r.seq,
        actor: r.actor,
        action: r.endpoint,
        ...(r.target ? { subject: r.target } : {}),
        detail: { summary: r.summary },
      })),
    ...db
      .prepare<unknown[], Row & { visit_id: string; service_id: string; action: string; field: string | null }>(
        `SELECT seq, at, actor, visit_id, service_id, action, field FROM form_audit WHERE ${form.sql} ORDER BY seq`,
      )
      .all(...form.args)
      .map((r) => ({
        at: iso(r.at),
        source: 'form' as const,
        seq: r.seq,
        actor: r.actor,
        action: r.action,
        subject: r.visit_id,
        detail: { service: r.service_id, ...(r.field ? { field: r.field } : {}) },
      })),
    ...db
      .prepare<unknown[], Row & { subject: string; subject_id: string; action: string }>(
        `SELECT seq, at, actor, subject, subject_id, action FROM note_audit WHERE ${note.sql} ORDER BY seq`,
      )
      .all(...note.args)
      .map((r) => ({ at: iso(r.at), source: 'note' as const, seq: r.seq, actor: r.actor, action: r.action, subject: r.subject_id, detail: { on: r.subject } })),
  ];
  const names = actorNames(db);
  for (const line of lines) {
    const who = names.get(line.actor);
    if (who) line.who = who;
  }
  return lines.sort((a, b) => a.at.localeCompare(b.at) || AUDIT_SOURCES.indexOf(a.source) - AUDIT_SOURCES.indexOf(b.source) || a.seq - b.seq);
}

/** Usernames and device names by the actor ids the records use: an account renamed later shows its name now. */
function actorNames(db: Db): Map<string, string> {
  const staff = db.prepare<[], { id: string; name: string }>('SELECT id, username AS name FROM staff').all();
  const devices = db.prepare<[], { id: string; name: string }>('SELECT id, name FROM devices').all();
  return new Map([...staff.map((s) => [`staff:${s.id}`, s.name] as const), ...devices.map((d) => [`device:${d.id}`, d.name] as const)]);
}

export const toJsonLines = (lines: AuditLine[]): string => lines.map((l) => `${JSON.stringify(l)}\n`).join('');

/**
 * Append to `file` the lines not yet shipped, for a job that runs every few minutes (cron, a systemd timer). Where
 * each source stopped is kept beside it in `<file>.cursor`, so a log rotation that moves the file away starts the new
 * file with new lines only; without a cursor, the file's own lines say where to resume. Answers how many it appended.
 */
export function appendAudit(db: Db, file: string): number {
  const cursorFile = `${file}.cursor`;
  const after = existsSync(cursorFile)
    ? (JSON.parse(readFileSync(cursorFile, 'utf8')) as Partial<Record<AuditSource, number>>)
    : existsSync(file)
      ? seqsIn(file)
      : {};
  const lines = auditLines(db, { after });
  if (!existsSync(file)) writeFileSync(file, '', { mode: 0o640 });
  if (lines.length) appendFileSync(file, toJsonLines(lines));
  for (const line of lines) after[line.source] = Math.max(after[line.source] ?? 0, line.seq);
  writeFileSync(cursorFile, JSON.stringify(after));
  return lines.length;
}

/** The last seq of each source in a file of audit lines. */
function seqsIn(file: string): Partial<Record<AuditSource, number>> {
  const seqs: Partial<Record<AuditSource, number>> = {};
  for (const text of readFileSync(file, 'utf8').split('\n')) {
    if (!text) continue;
    const line = JSON.parse(text) as Partial<AuditLine>;
    if (line.source && AUDIT_SOURCES.includes(line.source) && typeof line.seq === 'number') seqs[line.source] = Math.max(seqs[line.source] ?? 0, line.seq);
  }
  return seqs;
}
