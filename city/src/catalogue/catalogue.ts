/**
 * The city's catalogue that offices follow. Each save is a new version (kept, with who saved it); a save must name
 * the version it edited, so two admins editing at once cannot overwrite each other. A version saved before forms were
 * part of the catalogue reads with none (`Catalogue.forms` defaults to `[]`).
 */
import { Catalogue, JunbanError } from '@junban/protocol';
import type { Db } from '../db/engine.js';

/** Before anyone saves one: nothing to follow, everything locked once there is. */
export const EMPTY_CATALOGUE: Catalogue = {
  version: 0,
  services: [],
  groups: [],
  closures: [],
  forms: [],
  locked: { serviceNames: true, groups: true, closures: true },
  remote: {},
};

export class CatalogueStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  /** The latest version, or null before the first save. */
  async latest(): Promise<Catalogue | null> {
    const [row] = await this.db.query<{ body: unknown }>('SELECT body FROM catalogue_versions ORDER BY version DESC LIMIT 1');
    return row ? Catalogue.parse(row.body) : null;
  }

  async get(): Promise<Catalogue> {
    return (await this.latest()) ?? EMPTY_CATALOGUE;
  }

  /** Save the next version; `city/stale_catalogue` when someone saved since `edited.version`. */
  async put(edited: Catalogue, by: string): Promise<Catalogue> {
    const saved: Catalogue = { ...edited, version: edited.version + 1 };
    const stale = () => new JunbanError('city/stale_catalogue', `Someone saved the catalogue since version ${edited.version}: open it again.`);
    const [current] = await this.db.query<{ version: number | null }>('SELECT max(version) AS version FROM catalogue_versions');
    if (Number(current?.version ?? 0) !== edited.version) throw stale();
    // Two saves of the same version race for the same primary key: one wins, the other is stale.
    const rows = await this.db.query(
      'INSERT INTO catalogue_versions (version, body, saved_at, saved_by) VALUES ($1, $2::jsonb, $3, $4) ON CONFLICT (version) DO NOTHING RETURNING version',
      [saved.version, JSON.stringify(saved), this.now(), by],
    );
    if (rows.length === 0) throw stale();
    return saved;
  }
}
