/**
 * The offices a city knows: adding one with a one-time enrolment code, the office exchanging its code for its own
 * credential, revoking it. Codes and credentials are stored as SHA-256 hashes only; a code is used once and lasts
 * 24 hours; a new code replaces an unused one.
 */
import { randomInt } from 'node:crypto';
import { JunbanError, type CityOffice, type Enrolment, type LinkState, type LocalizedText } from '@junban/protocol';
import { digest, newToken } from '../access/store.js';
import type { Db } from '../db/engine.js';

export const CODE_HOURS = 24;
/** The letters of a code: no 0, 1, I or O, which people confuse. The protocol's pattern allows these. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

export const officeRoom = (officeId: string) => `office:${officeId}`;

/**
 * Each city process says every `LINK_LEASE_MS / 3` that the links it holds are alive (last contact). A link the
 * database calls connected but that nobody renewed for `LINK_LEASE_MS` was held by a process that died: it is down.
 */
export const LINK_LEASE_MS = 60_000;

export function linkStateAt(state: LinkState, lastContactAt: number | null, now: number): LinkState {
  return state === 'connected' && (lastContactAt === null || now - lastContactAt > LINK_LEASE_MS) ? 'disconnected' : state;
}

export interface OfficeRow {
  id: string;
  name: LocalizedText;
  created_at: number;
  enrolled_at: number | null;
  revoked_at: number | null;
  stored_seq: number;
  backlog: number;
  software_version: string | null;
  catalogue_version: number | null;
  link_state: LinkState;
  link_socket: string | null;
  last_contact_at: number | null;
  public_url: string | null;
}

export const toCityOffice = (r: OfficeRow, now: number): CityOffice => ({
  id: r.id,
  name: r.name,
  enrolledAt: r.enrolled_at === null ? null : Number(r.enrolled_at),
  revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
  link: linkStateAt(r.link_state, r.last_contact_at === null ? null : Number(r.last_contact_at), now),
  lastContactAt: r.last_contact_at === null ? null : Number(r.last_contact_at),
  storedSeq: Number(r.stored_seq),
  backlog: Number(r.backlog),
  softwareVersion: r.software_version,
  catalogueVersion: r.catalogue_version,
  publicUrl: r.public_url,
});

function newCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((p) => p.join('')).join('-');
}

export class Offices {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async list(): Promise<CityOffice[]> {
    return (await this.db.query<OfficeRow>('SELECT * FROM offices ORDER BY id')).map((r) => toCityOffice(r, this.now()));
  }

  /** Add the office (or rename it), and give it a new one-time code in place of any unused one. */
  async createEnrolment(officeId: string, name: LocalizedText): Promise<Enrolment> {
    const code = newCode();
    const now = this.now();
    const expiresAt = now + CODE_HOURS * 3_600_000;
    await this.db.transaction(async (tx) => {
      await tx.query(`INSERT INTO offices (id, name, created_at) VALUES ($1, $2::jsonb, $3) ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name`, [
        officeId,
        JSON.stringify(name),
        now,
      ]);
      await tx.query('DELETE FROM enrolment_codes WHERE office_id = $1 AND used_at IS NULL', [officeId]);
      await tx.query('INSERT INTO enrolment_codes (code_hash, office_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
        digest(code),
        officeId,
        now,
        expiresAt,
      ]);
    });
    return { officeId, code, expiresAt };
  }

  /**
   * Exchange a code for the office's credential: answered once, as the city keeps only its hash. An office enrolled
   * again (after a revoke, or a lost credential) gets a new credential; the old one stops working.
   */
  async enrol(code: string): Promise<{ officeId: string; name: LocalizedText; token: string }> {
    const token = newToken();
    const now = this.now();
    const office = await this.db.transaction(async (tx) => {
      const [used] = await tx.query<{ office_id: string }>(
        'UPDATE enrolment_codes SET used_at = $2 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING office_id',
        [digest(code), now],
      );
      if (!used) return null;
      const [row] = await tx.query<OfficeRow>(
        `UPDATE offices SET credential_hash = $2, enrolled_at = $3, revoked_at = NULL,
           link_state = CASE WHEN link_state = 'revoked' THEN 'never' ELSE link_state END
         WHERE id = $1 RETURNING *`,
        [used.office_id, digest(token), now],
      );
      return row!;
    });
    if (!office) throw new JunbanError('city/bad_code', 'This code is wrong, used or expired: ask the city’s admin for a new one.');
    return { officeId: office.id, name: office.name, token };
  }

  /** End the office's credential (its link is cut by the caller) and any unused code. Its history stays. */
  async revoke(officeId: string): Promise<void> {
    const now = this.now();
    const found = await this.db.transaction(async (tx) => {
      const rows = await tx.query(`UPDATE offices SET revoked_at = $2, link_state = 'revoked', link_socket = NULL WHERE id = $1 RETURNING id`, [officeId, now]);
      await tx.query('DELETE FROM enrolment_codes WHERE office_id = $1 AND used_at IS NULL', [officeId]);
      return rows.length > 0;
    });
    if (!found) throw new JunbanError('city/unknown_office', `No office "${officeId}".`);
  }

  /** The office a link credential belongs to, or why not: unknown, or revoked. */
  async byCredential(token: string): Promise<OfficeRow | 'unknown' | 'revoked'> {
    const [row] = await this.db.query<OfficeRow>('SELECT * FROM offices WHERE credential_hash = $1', [digest(token)]);
    if (!row) return 'unknown';
    return row.revoked_at === null ? row : 'revoked';
  }
}
