/**
 * `@junban/protocol/form-file`: checking a form file (one procedure's `CatalogueEntry`, as in server/catalogue) in
 * a staff page, with the very schema the city and the offices check it with. The only entry a page may load zod
 * through (the city's catalogue page, when its admin picks a file), and it runs zod without compiled parsers.
 */
import './jitless.js';
import { CatalogueEntry } from './model.js';

export type FormFileCheck = { ok: true; entry: CatalogueEntry } | { ok: false; problems: string[] };

/** A form file's text, read: its entry, or every problem found, each as "path: message" (in English, as zod says it). */
export function checkFormFile(text: string): FormFileCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`not JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  const parsed = CatalogueEntry.safeParse(json);
  if (parsed.success) return { ok: true, entry: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`) };
}
