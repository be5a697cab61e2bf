import type { Catalogue, CatalogueEntry, CityOffice, Service } from '@junban/protocol/screens';
import { call, messageOf } from '$lib/api';
import { say } from '$shared/staff-words';

const t = say.city.catalogue;

/**
 * The catalogue page's state: the version every office should follow, the admin's unsaved edits to it, and which
 * version each office runs. A save names the version it was edited from, so two admins never overwrite each other
 * without knowing (`city/stale_catalogue`).
 */
export class CatalogueDraft {
  saved = $state.raw<Catalogue | null>(null);
  draft = $state<Catalogue | null>(null);
  offices = $state.raw<CityOffice[]>([]);
  error = $state<string | null>(null);
  notice = $state<string | null>(null);
  saving = $state(false);

  get changed(): boolean {
    return this.draft !== null && JSON.stringify(this.draft) !== JSON.stringify(this.saved);
  }

  async load(): Promise<void> {
    try {
      const [catalogue, offices] = await Promise.all([call('getCatalogue', {}), call('listOffices', {})]);
      this.saved = catalogue;
      this.draft = structuredClone(catalogue);
      this.offices = offices;
      this.error = null;
    } catch (err) {
      this.error = messageOf(err);
    }
  }

  /** Offices not on the saved version yet: linked ones get it within seconds; others when their link is back. */
  behind(): CityOffice[] {
    const version = this.saved?.version;
    return this.offices.filter((o) => o.revokedAt === null && o.catalogueVersion !== version);
  }

  addService(s: Pick<Service, 'id' | 'name' | 'prefix'>): string | null {
    if (!this.draft) return null;
    if (this.draft.services.some((x) => x.id === s.id)) return `${s.id}: ${t.services.duplicate()}`;
    this.draft.services.push({ ...s, active: true, related: [] });
    return null;
  }

  removeService(id: string): void {
    if (!this.draft) return;
    this.draft.services = this.draft.services.filter((s) => s.id !== id);
  }

  addClosure(date: string, ja: string, en: string): string | null {
    if (!this.draft) return null;
    if (this.draft.closures.some((c) => c.date === date)) return `${date}: ${t.closures.duplicate()}`;
    this.draft.closures.push({ date, ...(ja && en ? { reason: { ja, en } } : {}) });
    this.draft.closures.sort((a, b) => a.date.localeCompare(b.date));
    return null;
  }

  removeClosure(date: string): void {
    if (!this.draft) return;
    this.draft.closures = this.draft.closures.filter((c) => c.date !== date);
  }

  /**
   * A form file the admin chose (one procedure's form, as in an office's server/catalogue), checked here with the
   * schema the city and the offices check it with: it replaces the draft's form of the same procedure, or is added.
   * What was wrong, or what it did, in Japanese and English; nothing changes when the file is not a valid form.
   */
  async addFormFile(file: File): Promise<{ ok: true; message: string } | { ok: false; message: string; problems: string[] }> {
    if (!this.draft) return { ok: false, message: t.forms.stillLoading(), problems: [] };
    // Loaded only now: the schema brings zod, which the page needs for nothing else.
    const { checkFormFile } = await import('@junban/protocol/form-file');
    const checked = checkFormFile(await file.text());
    if (!checked.ok) {
      return { ok: false, message: `${file.name}: ${t.forms.invalid()}`, problems: checked.problems };
    }
    const entry: CatalogueEntry = checked.entry;
    const at = this.draft.forms.findIndex((f) => f.serviceId === entry.serviceId);
    const what = { serviceId: entry.serviceId, title: entry.title.ja };
    if (at >= 0) {
      this.draft.forms[at] = entry;
      return { ok: true, message: t.forms.replaced(what) };
    }
    this.draft.forms.push(entry);
    return { ok: true, message: t.forms.added(what) };
  }

  removeForm(serviceId: string): void {
    if (!this.draft) return;
    this.draft.forms = this.draft.forms.filter((f) => f.serviceId !== serviceId);
  }

  async save(): Promise<void> {
    if (!this.draft) return;
    this.saving = true;
    try {
      const saved = await call('putCatalogue', $state.snapshot(this.draft));
      this.saved = saved;
      this.draft = structuredClone(saved);
      this.notice = t.saved({ version: saved.version });
      this.error = null;
      this.offices = await call('listOffices', {});
    } catch (err) {
      this.error = messageOf(err);
      this.notice = null;
    } finally {
      this.saving = false;
    }
  }
}
