/**
 * The procedure catalogue: one JSON file per procedure in server/catalogue, named after its service id. Read and
 * checked once at start; a broken file stops the server with its name, rather than a guide finding a form that
 * checks nothing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CatalogueEntry } from '@junban/protocol';
import { repoRoot } from '../config/env.js';

export const defaultCatalogueDir = resolve(repoRoot, 'server/catalogue');

/** Every procedure's form, by service id. Throws naming the file when one cannot be read or is not a valid entry. */
export function loadCatalogue(dir: string = defaultCatalogueDir): Map<string, CatalogueEntry> {
  const catalogue = new Map<string, CatalogueEntry>();
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  for (const file of files) {
    const path = join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (err) {
      throw new Error(`Procedure catalogue ${path}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    const parsed = CatalogueEntry.safeParse(json);
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ');
      throw new Error(`Procedure catalogue ${path} is not valid: ${problems}`);
    }
    // The file name is how a person finds a procedure's form; it must not say one thing and hold another.
    if (basename(file, '.json') !== parsed.data.serviceId) {
      throw new Error(`Procedure catalogue ${path} holds serviceId "${parsed.data.serviceId}": name the file ${parsed.data.serviceId}.json`);
    }
    catalogue.set(parsed.data.serviceId, parsed.data);
  }
  return catalogue;
}
