/**
 * The floor guide's procedure catalogue and the resident's form: what each procedure asks, what the resident must
 * bring, and what a check of a filled-in form found. The catalogue lives as data (server/catalogue/<serviceId>.json),
 * so a city adapts its forms without touching code.
 */
import { z } from 'zod';
import { LocalizedText, ServiceId, Slug } from '../common/model.js';

/** Japanese eras from Meiji on; earlier eras are not supported (residents born before 1868 are not expected). */
export const Era = z.enum(['meiji', 'taisho', 'showa', 'heisei', 'reiwa']);
export type Era = z.infer<typeof Era>;

/**
 * A date as the resident wrote it: in a Japanese era (year 1 is 元年) or, with `era` null, a Western year.
 * Kept as written so the form shows what the resident chose; whether the day exists is the form check's business.
 */
export const JapaneseDate = z.object({
  era: Era.nullable(),
  year: z.number().int().min(1).max(9999),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
});
export type JapaneseDate = z.infer<typeof JapaneseDate>;

export const FieldType = z.enum(['name', 'furigana', 'date', 'postal', 'address', 'phone', 'text', 'choice', 'household']);
export type FieldType = z.infer<typeof FieldType>;

export const FieldOption = z.object({ value: z.string().min(1).max(100), label: LocalizedText });
export type FieldOption = z.infer<typeof FieldOption>;

export const FormField = z.object({
  id: Slug,
  label: LocalizedText,
  type: FieldType,
  required: z.boolean().default(false),
  help: LocalizedText.optional(),
  /** The choices of a `choice` field. */
  options: z.array(FieldOption).min(1).max(30).optional(),
  /** A date that cannot lie after today (a birth, a move that already happened). */
  pastOnly: z.boolean().optional(),
});
export type FormField = z.infer<typeof FormField>;

/** One person moving with the resident (or a child for an allowance): one line of the form's household table. */
export const HouseholdMember = z.object({
  name: z.string().max(100),
  furigana: z.string().max(100),
  /** 続柄 as the resident writes it: 妻, 子, 父 … */
  relationship: z.string().max(50),
  birthdate: JapaneseDate.nullable(),
});
export type HouseholdMember = z.infer<typeof HouseholdMember>;

export const FormValue = z.union([z.string().max(500), JapaneseDate, z.array(HouseholdMember).max(20), z.null()]);
export type FormValue = z.infer<typeof FormValue>;
/** A form's answers by field id; fields not answered are absent or null. */
export const FormValues = z.record(Slug, FormValue);
export type FormValues = z.infer<typeof FormValues>;

/** Something the resident must (or may need to) bring; the guide ticks it once seen. */
export const DocumentItem = z.object({ id: Slug, name: LocalizedText, required: z.boolean() });
export type DocumentItem = z.infer<typeof DocumentItem>;

export const FormRule = z.discriminatedUnion('kind', [
  /**
   * The law gives the resident `days` days from the date in `field` (e.g. 14 days from moving in); later, the
   * form still goes through but staff must ask why, so the check warns with `message`.
   */
  z.object({ kind: z.literal('notify_within_days'), field: Slug, days: z.number().int().min(0).max(366), message: LocalizedText }),
]);
export type FormRule = z.infer<typeof FormRule>;

export const CatalogueEntry = z
  .object({
    serviceId: ServiceId,
    title: LocalizedText,
    documents: z.array(DocumentItem).max(30),
    fields: z.array(FormField).max(40),
    rules: z.array(FormRule).max(20).default([]),
    /** Procedures the guide proposes as further steps (a move-in: insurance, child allowance). */
    related: z.array(ServiceId).max(10).default([]),
  })
  .superRefine((entry, ctx) => {
    const fields = new Map<string, FormField>();
    for (const [i, f] of entry.fields.entries()) {
      if (fields.has(f.id)) ctx.addIssue({ code: 'custom', path: ['fields', i, 'id'], message: `duplicate field ${f.id}` });
      fields.set(f.id, f);
      if (f.type === 'choice' && !f.options) {
        ctx.addIssue({ code: 'custom', path: ['fields', i, 'options'], message: `choice field ${f.id} needs options` });
      }
    }
    const documents = new Set<string>();
    for (const [i, d] of entry.documents.entries()) {
      if (documents.has(d.id)) ctx.addIssue({ code: 'custom', path: ['documents', i, 'id'], message: `duplicate document ${d.id}` });
      documents.add(d.id);
    }
    for (const [i, r] of entry.rules.entries()) {
      if (fields.get(r.field)?.type !== 'date') {
        ctx.addIssue({ code: 'custom', path: ['rules', i, 'field'], message: `rule field ${r.field} is not a date field of this form` });
      }
    }
    for (const [i, s] of entry.related.entries()) {
      if (s === entry.serviceId) ctx.addIssue({ code: 'custom', path: ['related', i], message: 'a procedure cannot relate to itself' });
    }
  });
export type CatalogueEntry = z.infer<typeof CatalogueEntry>;

/** What a form check found, shown next to its field. Errors must be fixed; warnings are for staff to act on. */
export const FormIssue = z.object({
  /** A field id, 'documents.<id>', or '<field id>.<i>.<key>' for a household member's entry (e.g. 'household.0.furigana'). */
  field: z.string(),
  level: z.enum(['error', 'warning']),
  message: LocalizedText,
});
export type FormIssue = z.infer<typeof FormIssue>;
