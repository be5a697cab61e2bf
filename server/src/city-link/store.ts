/**
 * The link's one row (`city_link`, migrations 013 and 014): where the city is, who it says this office is, the sealed
 * credential, how far the city has stored the log, and the catalogue last applied.
 *
 * The credential is sealed with the office's form key (forms/vault.ts): the database file alone never holds it in
 * clear, and no API answer or log line carries it.
 */
import { Catalogue, LocalizedText } from '@junban/protocol';
import type { FormVault } from '../forms/vault.js';
import type { Db } from '../storage/database.js';

/** The associated data the credential is sealed with, so no other sealed value can pass for it. */
const SEALED_AS = ['city-link', 'credential'] as const;

export interface LinkRecord {
  cityUrl: string;
  officeId: string;
  officeName: LocalizedText;
  token: string;
  linkedAt: number;
  ackedSeq: number;
  catalogue: Catalogue | null;
  lastContactAt: number | null;
  revokedAt: number | null;
  /** The city's public face, for residents' status pages (migration 014); null until a city told it. */
  cityPublicUrl: string | null;
}

interface LinkRow {
  city_url: string;
  office_id: string;
  office_name: string;
  token_nonce: Buffer;
  token_ciphertext: Buffer;
  linked_at: number;
  acked_seq: number;
  catalogue: string | null;
  last_contact_at: number | null;
  revoked_at: number | null;
  city_public_url: string | null;
}

export class CityLinkStore {
  constructor(
    private readonly db: Db,
    private readonly vault: FormVault,
  ) {}

  /** The link, or undefined when the office is not linked. */
  get(): LinkRecord | undefined {
    const row = this.db.prepare('SELECT * FROM city_link WHERE id = 1').get() as LinkRow | undefined;
    if (!row) return undefined;
    const token = this.vault.open(...SEALED_AS, { nonce: row.token_nonce, ciphertext: row.token_ciphertext });
    return {
      cityUrl: row.city_url,
      officeId: row.office_id,
      officeName: LocalizedText.parse(JSON.parse(row.office_name)),
      token: String(token),
      linkedAt: row.linked_at,
      ackedSeq: row.acked_seq,
      catalogue: row.catalogue === null ? null : Catalogue.parse(JSON.parse(row.catalogue)),
      lastContactAt: row.last_contact_at,
      revokedAt: row.revoked_at,
      cityPublicUrl: row.city_public_url,
    };
  }

  /** A new link replaces any earlier one: a new credential, nothing stored at the city yet as far as we know. */
  link(link: { cityUrl: string; officeId: string; officeName: LocalizedText; token: string }, at: number): void {
    const sealed = this.vault.seal(...SEALED_AS, link.token);
    this.db
      .prepare(
        `INSERT OR REPLACE INTO city_link (id, city_url, office_id, office_name, token_nonce, token_ciphertext, linked_at, acked_seq)
         VALUES (1, ?, ?, ?, ?, ?, ?, 0)`,
      )
      .run(link.cityUrl, link.officeId, JSON.stringify(link.officeName), sealed.nonce, sealed.ciphertext, at);
  }

  /** How far the city has stored, and when it last answered. */
  progress(ackedSeq: number, lastContactAt: number | null): void {
    this.db.prepare('UPDATE city_link SET acked_seq = ?, last_contact_at = ? WHERE id = 1').run(ackedSeq, lastContactAt);
  }

  catalogueApplied(catalogue: Catalogue): void {
    this.db.prepare('UPDATE city_link SET catalogue = ?, catalogue_version = ? WHERE id = 1').run(JSON.stringify(catalogue), catalogue.version);
  }

  publicUrl(url: string | null): void {
    this.db.prepare('UPDATE city_link SET city_public_url = ? WHERE id = 1').run(url);
  }

  revoked(at: number): void {
    this.db.prepare('UPDATE city_link SET revoked_at = ? WHERE id = 1').run(at);
  }

  forget(): void {
    this.db.prepare('DELETE FROM city_link').run();
  }
}
