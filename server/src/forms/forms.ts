/**
 * A resident's pre-filled forms on their visit: the floor guide fills them in, the counter reads, corrects and
 * prints them. Form contents are personal data, so this module is the only place they are written or read:
 * - stored sealed by the vault (AES-256-GCM, key outside the database), one row per visit and procedure;
 * - every create, read, change, print and purge is one line of the append-only `form_audit` (who, when, which
 *   visit and procedure, and for a change the field id), never a value;
 * - deleted once their business day is over (plus the office's retention days), with SQLite's secure_delete on.
 */
import { addDays } from '../calendar/calendar.js';
import {
  JunbanError,
  type CatalogueEntry,
  type FormAuditEntry,
  type FormIssue,
  type FormValue,
  type FormValues,
  type Visit,
  type VisitForm,
} from '@junban/protocol';
import type { Db } from '../storage/database.js';
import { checkForm } from '@junban/protocol/form-check';
import type { FormVault } from './vault.js';

export type FormAction = FormAuditEntry['action'];

/** What is sealed: the answers and the ids of the documents seen. */
interface Content {
  values: FormValues;
  documents: string[];
}

interface FormRow {
  visit_id: string;
  service_id: string;
  business_date: string;
  nonce: Buffer;
  ciphertext: Buffer;
  created_at: number;
  updated_at: number;
}

/** A form opened for its reader: its catalogue entry and its contents. */
export interface OpenForm extends Content {
  visitId: string;
  serviceId: string;
  businessDate: string;
  entry: CatalogueEntry;
  updatedAt: number;
}

export interface GuidedProcedure {
  serviceId: string;
  values: FormValues;
  documents: string[];
}

export class Forms {
  /** Purged forms whose old page versions may still sit in the write-ahead log. */
  private wipePending = false;

  private catalogue: ReadonlyMap<string, CatalogueEntry>;

  /** `files`: the forms of the office's own catalogue files (forms/catalogue.ts), used until the city sends its own. */
  constructor(
    private readonly db: Db,
    private readonly vault: FormVault,
    readonly files: ReadonlyMap<string, CatalogueEntry>,
    private readonly now: () => number,
  ) {
    this.catalogue = files;
  }

  /**
   * The forms the guide fills in from now on (the city's over the files', city-link/catalogue.ts). Forms already
   * kept are shown and checked against the new entry.
   */
  useCatalogue(catalogue: ReadonlyMap<string, CatalogueEntry>): void {
    this.catalogue = catalogue;
  }

  /** The procedure's form, if the catalogue has one. */
  entry(serviceId: string): CatalogueEntry | undefined {
    return this.catalogue.get(serviceId);
  }

  /**
   * The guide's check before a number is issued: throws `form/invalid` with every error of every procedure's form,
   * and every warning unless the guide acknowledged them, each under `procedures.<i>.<field>`.
   */
  assertIssuable(procedures: readonly GuidedProcedure[], today: string, acknowledgeWarnings: boolean): void {
    const problems = procedures.flatMap((p, i) => {
      const entry = this.entry(p.serviceId);
      if (!entry) return [];
      return checkForm(entry, p.values, p.documents, today)
        .filter((issue) => issue.level === 'error' || !acknowledgeWarnings)
        .map((issue) => ({ issue, path: `procedures.${i}.${issue.field}` }));
    });
    if (!problems.length) return;
    const errors = problems.filter((p) => p.issue.level === 'error').length;
    throw new JunbanError(
      'form/invalid',
      errors
        ? `The forms have ${errors} error(s) to fix before a number is issued.`
        : 'The forms have warnings: check them with the resident, then acknowledge them.',
      problems.map(({ issue, path }) => ({ path, message: issue.message.en, level: issue.level, text: { ja: issue.message.ja, en: issue.message.en } })),
    );
  }

  /**
   * Keep the forms of a visit just issued, for the procedures the catalogue has a form for. Runs inside the visit's
   * transaction (the office's `alsoWrite`), so there is never a visit without its forms or forms without a visit.
   */
  create(visit: Visit, procedures: readonly GuidedProcedure[], actor: string): void {
    const at = this.now();
    for (const p of procedures) {
      const entry = this.entry(p.serviceId);
      if (!entry) continue;
      const content = keptOf(entry, { values: p.values, documents: p.documents });
      const sealed = this.vault.seal(visit.id, p.serviceId, content);
      this.db
        .prepare('INSERT INTO visit_forms (visit_id, service_id, business_date, nonce, ciphertext, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(visit.id, p.serviceId, visit.businessDate, sealed.nonce, sealed.ciphertext, at, at);
      this.audit(actor, visit.id, p.serviceId, 'created');
    }
  }

  /** A visit's forms as staff see them, in the order of its steps (`order`: their service ids), each read audited. */
  list(visitId: string, actor: string, today: string, order: readonly string[] = []): VisitForm[] {
    const place = (serviceId: string) => (order.includes(serviceId) ? order.indexOf(serviceId) : order.length);
    const rows = this.rows(visitId).sort((a, b) => place(a.service_id) - place(b.service_id));
    return this.db.transaction(() =>
      rows.map((row) => {
        this.audit(actor, visitId, row.service_id, 'read');
        return this.view(this.opened(row), today);
      }),
    )();
  }

  /** One form for printing; audited as printed. */
  forPrint(visitId: string, serviceId: string, actor: string): OpenForm {
    const row = this.row(visitId, serviceId);
    this.audit(actor, visitId, serviceId, 'printed');
    return this.opened(row);
  }

  /**
   * Staff correct one field (or tick a document, `documents.<id>`). A value that is itself wrong is refused; the
   * form's other issues come back with it, to be fixed with the resident.
   */
  updateField(visitId: string, serviceId: string, field: string, value: FormValue | boolean, actor: string, today: string): VisitForm {
    const form = this.opened(this.row(visitId, serviceId));
    const next = { values: { ...form.values }, documents: [...form.documents] };
    const document = field.startsWith('documents.') ? field.slice('documents.'.length) : null;
    if (document !== null) {
      if (!form.entry.documents.some((d) => d.id === document)) {
        throw new JunbanError('input/invalid', `The form has no document "${document}".`, [{ path: 'field', message: 'no such document' }]);
      }
      if (typeof value !== 'boolean')
        throw new JunbanError('input/invalid', 'A document is ticked with true or false.', [{ path: 'value', message: 'true or false' }]);
      next.documents = next.documents.filter((d) => d !== document);
      if (value) next.documents.push(document);
    } else {
      if (!form.entry.fields.some((f) => f.id === field)) {
        throw new JunbanError('input/invalid', `The form has no field "${field}".`, [{ path: 'field', message: 'no such field' }]);
      }
      if (typeof value === 'boolean')
        throw new JunbanError('input/invalid', 'Only a document takes true or false.', [{ path: 'value', message: 'a field value' }]);
      next.values[field] = value;
    }
    const own = checkForm(form.entry, next.values, next.documents, today).filter(
      (i) => i.level === 'error' && (i.field === field || i.field.startsWith(`${field}.`)),
    );
    if (own.length) {
      throw new JunbanError(
        'form/invalid',
        `The new value of ${field} is not valid.`,
        own.map((i) => ({ path: i.field, message: i.message.en, level: i.level, text: { ja: i.message.ja, en: i.message.en } })),
      );
    }
    const at = this.now();
    const content = keptOf(form.entry, next);
    const sealed = this.vault.seal(visitId, serviceId, content);
    this.db.transaction(() => {
      this.db
        .prepare('UPDATE visit_forms SET nonce = ?, ciphertext = ?, updated_at = ? WHERE visit_id = ? AND service_id = ?')
        .run(sealed.nonce, sealed.ciphertext, at, visitId, serviceId);
      this.audit(actor, visitId, serviceId, 'updated', field);
    })();
    return this.view({ ...form, ...content, updatedAt: at }, today);
  }

  /** The audit log of one visit's forms, oldest first. */
  auditOf(visitId: string): FormAuditEntry[] {
    const rows = this.db
      .prepare(
        `SELECT a.seq, a.at, a.actor, s.display_name AS actor_name, a.service_id, a.action, a.field FROM form_audit a
         LEFT JOIN staff s ON a.actor = 'staff:' || s.id WHERE a.visit_id = ? ORDER BY a.seq`,
      )
      .all(visitId) as { seq: number; at: number; actor: string; actor_name: string | null; service_id: string; action: FormAction; field: string | null }[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, actor: r.actor, actorName: r.actor_name, serviceId: r.service_id, action: r.action, field: r.field }));
  }

  /**
   * Delete the forms whose business day ended more than `retentionDays` ago (0: as soon as it ended), except those
   * of a visit still open (a resident still at a counter past closing): they go at the next purge after it.
   * Answers how many were purged.
   */
  purge(today: string, retentionDays: number, stillOpen: (visitId: string) => boolean): number {
    const before = addDays(today, -retentionDays);
    const due = (
      this.db.prepare('SELECT visit_id, service_id FROM visit_forms WHERE business_date < ?').all(before) as { visit_id: string; service_id: string }[]
    ).filter((r) => !stillOpen(r.visit_id));
    if (due.length) {
      this.db.transaction(() => {
        const del = this.db.prepare('DELETE FROM visit_forms WHERE visit_id = ? AND service_id = ?');
        for (const r of due) {
          del.run(r.visit_id, r.service_id);
          this.audit('system', r.visit_id, r.service_id, 'purged');
        }
      })();
      this.wipePending = true;
    }
    this.wipeLog();
    return due.length;
  }

  /**
   * secure_delete overwrites the freed pages, but the write-ahead log still holds their earlier versions: copy
   * the log into the file and empty it. A reader in the way makes it wait for the next purge.
   */
  private wipeLog(): void {
    if (!this.wipePending) return;
    const [result] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (result?.busy === 0) this.wipePending = false;
  }

  /** Whether the visit has a form for this procedure now. */
  hasForm(visitId: string, serviceId: string): boolean {
    return this.db.prepare('SELECT 1 FROM visit_forms WHERE visit_id = ? AND service_id = ?').get(visitId, serviceId) !== undefined;
  }

  /** Whether a visit exists for the forms' purposes: it has forms, or had some (purged ones keep their audit). */
  hasForms(visitId: string): boolean {
    return this.db.prepare('SELECT 1 FROM form_audit WHERE visit_id = ? LIMIT 1').get(visitId) !== undefined;
  }

  private audit(actor: string, visitId: string, serviceId: string, action: FormAction, field: string | null = null): void {
    this.db
      .prepare('INSERT INTO form_audit (at, actor, visit_id, service_id, action, field) VALUES (?, ?, ?, ?, ?, ?)')
      .run(this.now(), actor, visitId, serviceId, action, field);
  }

  private rows(visitId: string): FormRow[] {
    return this.db.prepare('SELECT * FROM visit_forms WHERE visit_id = ? ORDER BY service_id').all(visitId) as FormRow[];
  }

  private row(visitId: string, serviceId: string): FormRow {
    const row = this.db.prepare('SELECT * FROM visit_forms WHERE visit_id = ? AND service_id = ?').get(visitId, serviceId) as FormRow | undefined;
    if (!row) throw new JunbanError('form/not_found', 'This visit has no form for this procedure (or it was purged when its day closed).');
    return row;
  }

  private opened(row: FormRow): OpenForm {
    const entry = this.entry(row.service_id);
    // A form whose procedure left the catalogue since is still the resident's: shown with a bare entry.
    const known = entry ?? { serviceId: row.service_id, title: { ja: row.service_id, en: row.service_id }, documents: [], fields: [], rules: [], related: [] };
    const content = this.vault.open(row.visit_id, row.service_id, { nonce: row.nonce, ciphertext: row.ciphertext }) as Content;
    return {
      visitId: row.visit_id,
      serviceId: row.service_id,
      businessDate: row.business_date,
      entry: known,
      values: content.values,
      documents: content.documents,
      updatedAt: row.updated_at,
    };
  }

  private view(form: OpenForm, today: string): VisitForm {
    const issues: FormIssue[] = checkForm(form.entry, form.values, form.documents, today);
    return {
      serviceId: form.serviceId,
      title: form.entry.title,
      values: form.values,
      documents: form.documents,
      checklist: form.entry.documents,
      issues,
      updatedAt: form.updatedAt,
    };
  }
}

/** Only what the form asks is kept: answers to fields it does not have, and unknown documents, are personal data without a purpose. */
function keptOf(entry: CatalogueEntry, content: Content): Content {
  const fields = new Set(entry.fields.map((f) => f.id));
  const documents = new Set(entry.documents.map((d) => d.id));
  return {
    values: Object.fromEntries(Object.entries(content.values).filter(([k, v]) => fields.has(k) && v !== undefined)),
    documents: [...new Set(content.documents)].filter((d) => documents.has(d)),
  };
}
