/**
 * City staff: their accounts, passwords (argon2id) and sessions. Session tokens are random and only their SHA-256 is
 * stored, so a copy of the database opens no session; every city process reads sessions from PostgreSQL, so a
 * browser may reach any of them.
 */
import { hash, verify } from '@node-rs/argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { JunbanError, type CityPrincipal, type CityRole } from '@junban/protocol';
import type { Db, Queryable } from '../db/engine.js';

export const digest = (token: string) => createHash('sha256').update(token).digest('hex');
export const newToken = () => randomBytes(32).toString('base64url');

export const SESSION_DAYS = 14;
/** The office's setting (OWASP's 7 MiB / 5 passes). */
const HASH_OPTIONS = { memoryCost: 7168, timeCost: 5, parallelism: 1 };

interface StaffRow {
  id: string;
  username: string;
  display_name: string;
  role: CityRole;
  password_hash: string;
  disabled: boolean;
  /** 'directory': signs in with the city's directory, which sets the role each time; no password is kept here. */
  source: 'local' | 'directory';
}

const principalOf = (r: StaffRow): CityPrincipal => ({ kind: 'city-staff', id: r.id, username: r.username, displayName: r.display_name, role: r.role });

export class CityAccess {
  private dummy: Promise<string> | undefined;

  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async createStaff(input: { username: string; displayName: string; role: CityRole; password: string }): Promise<CityPrincipal> {
    const passwordHash = await hash(input.password, HASH_OPTIONS);
    const id = randomUUID();
    const rows = await this.db.query<StaffRow>(
      `INSERT INTO staff (id, username, display_name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (username) DO NOTHING RETURNING *`,
      [id, input.username, input.displayName, input.role, passwordHash, this.now()],
    );
    if (!rows[0]) throw new JunbanError('access/duplicate_username', `The username "${input.username}" is taken.`);
    return principalOf(rows[0]);
  }

  /**
   * Check a password and open a session; the same error whether the name or the password was wrong, and as slow
   * (an unknown name is checked against a hash nobody's password matches).
   */
  async signIn(username: string, password: string): Promise<{ token: string; principal: CityPrincipal }> {
    const [found] = await this.db.query<StaffRow>('SELECT * FROM staff WHERE username = $1', [username]);
    // A directory account has no password here: only the directory signs it in.
    const row = found?.source === 'local' ? found : undefined;
    const matches = await verify(row?.password_hash ?? (await (this.dummy ??= hash(randomBytes(16).toString('base64url'), HASH_OPTIONS))), password);
    if (!row || row.disabled || !matches) throw new JunbanError('auth/bad_credentials', 'Wrong username or password.');
    return { token: await this.openSession(this.db, row.id, SESSION_DAYS * 86_400_000), principal: principalOf(row) };
  }

  private async openSession(db: Queryable, staffId: string, lastsMs: number): Promise<string> {
    const token = newToken();
    const now = this.now();
    await db.query('DELETE FROM sessions WHERE expires_at <= $1', [now]);
    await db.query('INSERT INTO sessions (token_hash, staff_id, created_at, expires_at) VALUES ($1, $2, $3, $4)', [
      digest(token),
      staffId,
      now,
      now + Math.min(lastsMs, SESSION_DAYS * 86_400_000),
    ]);
    return token;
  }

  /** Whether this username is an account with a password kept here (the emergency accounts); these never ask the directory. */
  async hasLocalAccount(username: string): Promise<boolean> {
    return (await this.db.query("SELECT 1 FROM staff WHERE username = $1 AND source = 'local'", [username])).length > 0;
  }

  /**
   * The directory vouched for this person: their staff record is made or brought up to date (name, role) and a
   * session opened for `sessionMs`. With no role (in no mapped group) they are refused and their sessions end. An
   * account disabled here stays disabled, and a local account's username is never taken over.
   */
  async admitFromDirectory(
    user: { username: string; displayName: string },
    role: CityRole | null,
    sessionMs: number,
  ): Promise<{ token: string; principal: CityPrincipal }> {
    const noGroup = () =>
      new JunbanError('auth/forbidden', "Your directory account is in no group allowed to use junban's city pages: ask the city's IT department.");
    const result = await this.db.transaction(async (tx): Promise<{ token: string; principal: CityPrincipal } | { endedSessionsOf: string }> => {
      // FOR UPDATE: two first sign-ins of one person at once (two tabs, two city processes) make one record.
      const [row] = await tx.query<StaffRow>('SELECT * FROM staff WHERE username = $1 FOR UPDATE', [user.username]);
      if (row?.source === 'local') {
        throw new JunbanError('auth/forbidden', `"${user.username}" is a local account of the city server: sign in with its password.`);
      }
      // Ended, and then refused: the refusal must not roll the ending back.
      if (role === null) {
        if (row) return { endedSessionsOf: row.id };
        throw noGroup();
      }
      if (row?.disabled) throw new JunbanError('auth/forbidden', 'This account is disabled at the city server.');
      const [saved] = await tx.query<StaffRow>(
        `INSERT INTO staff (id, username, display_name, role, password_hash, source, created_at) VALUES ($1, $2, $3, $4, '', 'directory', $5)
         ON CONFLICT (username) DO UPDATE SET display_name = EXCLUDED.display_name, role = EXCLUDED.role RETURNING *`,
        [randomUUID(), user.username, user.displayName, role, this.now()],
      );
      return { token: await this.openSession(tx, saved!.id, sessionMs), principal: principalOf(saved!) };
    });
    if ('endedSessionsOf' in result) {
      await this.db.query('DELETE FROM sessions WHERE staff_id = $1', [result.endedSessionsOf]);
      throw noGroup();
    }
    return result;
  }

  async signOut(token: string): Promise<void> {
    await this.db.query('DELETE FROM sessions WHERE token_hash = $1', [digest(token)]);
  }

  /** The staff member a session token belongs to; null when unknown, expired or disabled. The role is read afresh. */
  async session(token: string): Promise<CityPrincipal | null> {
    const [row] = await this.db.query<StaffRow>(
      'SELECT staff.* FROM sessions JOIN staff ON staff.id = sessions.staff_id WHERE token_hash = $1 AND expires_at > $2 AND NOT disabled',
      [digest(token), this.now()],
    );
    return row ? principalOf(row) : null;
  }
}
