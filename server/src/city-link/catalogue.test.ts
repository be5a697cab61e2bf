/** The city's forms over the office's files: what the floor guide fills in once a catalogue is applied. */
import { describe, expect, it } from 'vitest';
import { Catalogue, CatalogueEntry } from '@junban/protocol';
import { loadCatalogue } from '../forms/catalogue.js';
import { catalogueSummary, formsWithCity } from './catalogue.js';

const files = loadCatalogue();
const own = files.get('juminhyo')!;
const city = CatalogueEntry.parse({
  ...own,
  title: { ja: '住民票の写し等の交付請求', en: 'Request for certificates of residence' },
  fields: own.fields.slice(0, 1),
  rules: [],
});
const catalogue = (forms: CatalogueEntry[]) =>
  Catalogue.parse({ version: 2, services: [], groups: [], closures: [], forms, locked: { serviceNames: true, groups: true, closures: true } });

describe('the city’s forms at an office', () => {
  it('replace the office’s form of the same procedure and leave its other forms as its files have them', () => {
    const forms = formsWithCity(files, catalogue([city]));
    expect(forms.get('juminhyo')).toEqual(city);
    expect([...forms.keys()].sort()).toEqual([...files.keys()].sort());
    for (const [id, entry] of files) if (id !== 'juminhyo') expect(forms.get(id)).toBe(entry);
  });

  it('add a form for a procedure the office has no file for', () => {
    const furusato = CatalogueEntry.parse({ ...city, serviceId: 'furusato', related: [] });
    expect(formsWithCity(files, catalogue([furusato])).get('furusato')).toEqual(furusato);
  });

  it('fall back to the office’s file once the city stops sending them, or with no catalogue at all', () => {
    expect(formsWithCity(files, catalogue([])).get('juminhyo')).toBe(own);
    expect(formsWithCity(files, null)).toEqual(files);
  });

  it('leave the office’s files as they were', () => {
    formsWithCity(files, catalogue([city]));
    expect(files.get('juminhyo')).toBe(own);
  });

  it('are named in the change history by procedure', () => {
    expect(catalogueSummary(catalogue([city]))).toMatchObject({ version: 2, forms: ['juminhyo'] });
  });
});

describe('a catalogue as the city and the office read it', () => {
  it('saved before it had forms, reads with none', () => {
    const old = { version: 7, services: [], groups: [], closures: [], locked: { serviceNames: true, groups: false, closures: true } };
    expect(Catalogue.parse(JSON.parse(JSON.stringify(old))).forms).toEqual([]);
  });

  it('refuses two forms for one procedure, saying which', () => {
    const parsed = Catalogue.safeParse({ ...catalogue([city]), forms: [city, own] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues).toContainEqual(expect.objectContaining({ path: ['forms', 1, 'serviceId'], message: expect.stringContaining('juminhyo') }));
  });

  it('refuses a form that is not a valid form, pointing at the field', () => {
    const broken = { ...own, fields: [...own.fields, { ...own.fields[0], label: { ja: '氏名' } }] };
    const parsed = Catalogue.safeParse({ ...catalogue([]), forms: [broken] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path.join('.'))).toContain(`forms.0.fields.${own.fields.length}.label.en`);
  });
});
