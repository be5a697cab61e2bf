import { JunbanError, type CatalogueEntry, type FormIssue, type FormValue, type IssuedVisit, type Language, type Need } from '@junban/protocol/screens';
import { call, messageOf } from '$lib/api';

/** Long enough not to check on every keystroke, short enough that the message is there when the finger stops. */
const CHECK_DELAY_MS = 400;

/** One procedure's form as the guide fills it in. `touched`: the fields (and 'documents') the guide has been to. */
interface ProcedureForm {
  values: Record<string, FormValue>;
  documents: string[];
  touched: string[];
  /** Some answers were copied from the forms above, and the guide should say so. */
  copied: boolean;
}

/**
 * What one resident told the floor guide: their procedures, each one's form and documents, and what the server's
 * check says about them. It lives in the page only (never in storage or the URL) and `reset` drops all of it when
 * the next resident steps up; a check still on its way for the previous resident is then ignored.
 *
 * Messages are shown for the fields the guide has been to, so an empty form does not open as a wall of "required";
 * the issue button still counts every error, and `revealAll` shows them when the guide asks what is left.
 */
export class GuideDraft {
  chosen = $state<string[]>([]);
  forms = $state<Record<string, ProcedureForm>>({});
  /** The latest check's answer per procedure; absent until its first check has come back. */
  issues = $state.raw<Record<string, FormIssue[]>>({});
  /** Procedures with a check waiting or on its way: the issue button waits for them, so it never acts on stale messages. */
  checking = $state<string[]>([]);
  checkError = $state<string | null>(null);
  revealAll = $state(false);
  assistance = $state(false);
  /** What the resident needs to be served (hearing, an interpreter…): the number goes to counters that serve it. */
  needs = $state<Need[]>([]);
  /** The resident's language: their status page opens in it, their ticket gets a line in it, the counter sees it. */
  language = $state<Language>('ja');
  /** The warnings as they were when the guide ticked "explained": a new or changed warning needs explaining again. */
  #acknowledged = $state<string | null>(null);

  readonly #catalogue: () => ReadonlyMap<string, CatalogueEntry>;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping for the checks in flight; nothing renders it
  #timers = new Map<string, ReturnType<typeof setTimeout>>();
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping for the checks in flight; nothing renders it
  #latest = new Map<string, number>();
  #sequence = 0;
  #generation = 0;

  constructor(catalogue: () => ReadonlyMap<string, CatalogueEntry>) {
    this.#catalogue = catalogue;
  }

  /** Procedures with a form to fill in, in the order chosen. */
  readonly withForms = $derived(this.chosen.filter((id) => this.forms[id]));
  readonly errorCount = $derived(this.withForms.reduce((n, id) => n + (this.issues[id] ?? []).filter((i) => i.level === 'error').length, 0));
  readonly warnings = $derived(
    this.withForms.flatMap((id) => (this.issues[id] ?? []).filter((i) => i.level === 'warning').map((issue) => ({ serviceId: id, issue }))),
  );
  readonly #warningKey = $derived(JSON.stringify(this.warnings.map((w) => [w.serviceId, w.issue.field, w.issue.message.ja])));
  readonly acknowledged = $derived(this.warnings.length === 0 || this.#acknowledged === this.#warningKey);
  readonly ready = $derived(
    this.chosen.length > 0 && this.checking.length === 0 && this.withForms.every((id) => this.issues[id]) && this.errorCount === 0 && this.acknowledged,
  );

  acknowledge(explained: boolean): void {
    this.#acknowledged = explained ? this.#warningKey : null;
  }

  toggle(serviceId: string): void {
    if (this.chosen.includes(serviceId)) {
      this.chosen = this.chosen.filter((id) => id !== serviceId);
      this.#forget(serviceId);
      return;
    }
    this.chosen.push(serviceId);
    const entry = this.#catalogue().get(serviceId);
    if (entry) {
      this.forms[serviceId] = this.#copied(entry);
      // At once, not on the first keystroke: the issue button must know from the start what is missing.
      void this.#check(serviceId);
    }
  }

  setValue(serviceId: string, fieldId: string, value: FormValue): void {
    const form = this.forms[serviceId];
    if (!form) return;
    form.values[fieldId] = value;
    this.#touch(form, fieldId);
    this.#schedule(serviceId);
  }

  /** Leaving a field checks at once: the guide looks at the message while moving to the next box. */
  left(serviceId: string, fieldId: string): void {
    const form = this.forms[serviceId];
    if (!form) return;
    this.#touch(form, fieldId);
    void this.#check(serviceId);
  }

  toggleDocument(serviceId: string, documentId: string): void {
    const form = this.forms[serviceId];
    if (!form) return;
    form.documents = form.documents.includes(documentId) ? form.documents.filter((d) => d !== documentId) : [...form.documents, documentId];
    this.#touch(form, 'documents');
    void this.#check(serviceId);
  }

  /** The messages to show for a field (or 'documents'): its own and its parts' (a household member's name). */
  visibleIssues(serviceId: string, fieldId: string): FormIssue[] {
    const form = this.forms[serviceId];
    if (!form || !(this.revealAll || form.touched.includes(fieldId))) return [];
    return (this.issues[serviceId] ?? []).filter((i) => i.field === fieldId || i.field.startsWith(`${fieldId}.`));
  }

  /** Issue the number with every procedure and its form. A refusal for the form's sake shows every message. */
  async issue(printerId: string | null): Promise<IssuedVisit> {
    try {
      return await call('issueGuided', {
        procedures: this.chosen.map((serviceId) => {
          const form = this.forms[serviceId];
          return form ? { serviceId, values: $state.snapshot(form.values), documents: [...form.documents] } : { serviceId };
        }),
        assistance: this.assistance,
        needs: [...this.needs],
        language: this.language,
        printerId: printerId ?? undefined,
        acknowledgeWarnings: this.warnings.length > 0 && this.acknowledged,
      });
    } catch (err) {
      if (err instanceof JunbanError && err.code === 'form/invalid') {
        // The office's rules may have changed since the last check (a day passed): check again and show all.
        this.revealAll = true;
        this.recheck();
      }
      throw err;
    }
  }

  /** Check every form again: after a failed check (the network) or a refused issue. */
  recheck(): void {
    for (const id of this.withForms) void this.#check(id);
  }

  /** The next resident: nothing of this one stays, and answers to their checks still on the way are dropped. */
  reset(): void {
    this.#generation++;
    for (const timer of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#latest.clear();
    this.chosen = [];
    this.forms = {};
    this.issues = {};
    this.checking = [];
    this.checkError = null;
    this.revealAll = false;
    this.assistance = false;
    this.needs = [];
    this.language = 'ja';
    this.#acknowledged = null;
  }

  /**
   * A further procedure's form starts with what the resident already said for the forms above: the same field
   * (id and type) and the same papers. A move-in's name, birth date and address are not asked three times.
   */
  #copied(entry: CatalogueEntry): ProcedureForm {
    const form: ProcedureForm = { values: {}, documents: [], touched: [], copied: false };
    const catalogue = this.#catalogue();
    for (const id of this.withForms) {
      const earlier = this.forms[id]!;
      const fields = catalogue.get(id)?.fields ?? [];
      for (const field of entry.fields) {
        const value = earlier.values[field.id];
        if (form.values[field.id] !== undefined || value === undefined || value === null) continue;
        if (fields.some((f) => f.id === field.id && f.type === field.type)) {
          form.values[field.id] = $state.snapshot(value);
          form.touched.push(field.id);
          form.copied = true;
        }
      }
      for (const d of entry.documents) if (earlier.documents.includes(d.id) && !form.documents.includes(d.id)) form.documents.push(d.id);
    }
    return form;
  }

  #touch(form: ProcedureForm, fieldId: string) {
    if (!form.touched.includes(fieldId)) form.touched.push(fieldId);
  }

  #schedule(serviceId: string) {
    clearTimeout(this.#timers.get(serviceId));
    if (!this.checking.includes(serviceId)) this.checking.push(serviceId);
    this.#timers.set(
      serviceId,
      setTimeout(() => void this.#check(serviceId), CHECK_DELAY_MS),
    );
  }

  async #check(serviceId: string) {
    clearTimeout(this.#timers.get(serviceId));
    this.#timers.delete(serviceId);
    const form = this.forms[serviceId];
    if (!form) return;
    if (!this.checking.includes(serviceId)) this.checking.push(serviceId);
    const sequence = ++this.#sequence;
    const generation = this.#generation;
    this.#latest.set(serviceId, sequence);
    try {
      const { issues } = await call('checkForm', { serviceId, values: $state.snapshot(form.values), documents: [...form.documents] });
      if (generation !== this.#generation || this.#latest.get(serviceId) !== sequence) return;
      this.issues = { ...this.issues, [serviceId]: issues };
      this.checkError = null;
    } catch (err) {
      if (generation !== this.#generation || this.#latest.get(serviceId) !== sequence) return;
      // Unchecked is not fine: without an answer the form counts as unchecked, and the issue button stays off.
      this.issues = this.#without(serviceId);
      this.checkError = messageOf(err);
    } finally {
      // Only the newest check of a procedure ends its waiting; an older one finishing late changes nothing.
      if (generation === this.#generation && this.#latest.get(serviceId) === sequence && !this.#timers.has(serviceId)) {
        this.checking = this.checking.filter((id) => id !== serviceId);
      }
    }
  }

  #without(serviceId: string): Record<string, FormIssue[]> {
    return Object.fromEntries(Object.entries(this.issues).filter(([id]) => id !== serviceId));
  }

  #forget(serviceId: string) {
    clearTimeout(this.#timers.get(serviceId));
    this.#timers.delete(serviceId);
    this.#latest.delete(serviceId);
    delete this.forms[serviceId];
    this.issues = this.#without(serviceId);
    this.checking = this.checking.filter((id) => id !== serviceId);
  }
}
