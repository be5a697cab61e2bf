/**
 * The city's own staff sign in with the city's directory as an office's staff do: the office's module
 * (@junban/server/directory), with the city's roles, its settings named CITY_LDAP_*, CITY_OIDC_* and
 * CITY_DIRECTORY_*, and the city's staff store. Local accounts (made with the city's CLI) stay for emergencies.
 */
import type { CityPrincipal, CityRole } from '@junban/protocol';
import type { Directory } from '@junban/server/directory/directory';
import type { RoleScheme } from '@junban/server/directory/mapping';
import { PENDING_MS, type PendingSignIn, type PendingSignIns } from '@junban/server/directory/oidc';
import { directoryFromEnv, type DirectorySettings } from '@junban/server/directory/settings';
import type { Db } from '../db/engine.js';
import { digest } from './store.js';

/**
 * The city's roles from least to most (someone in a manager's group and an admin's group is a city admin); the city
 * has no counters for a group to name.
 */
export const CITY_ROLES: RoleScheme<CityRole> = { ranks: ['city-manager', 'city-admin'], counters: false };

export type CityDirectorySettings = DirectorySettings<CityRole>;
export type CityDirectory = Directory<CityRole, CityPrincipal>;

/** Undefined when neither CITY_LDAP_URL nor CITY_OIDC_* is set; throws naming the variable that is wrong. */
export const cityDirectoryFromEnv = (env: NodeJS.ProcessEnv): CityDirectorySettings | undefined => directoryFromEnv(env, CITY_ROLES, 'CITY_');

/** Bounded: a flood of started sign-ins (the start is open to anyone) cannot grow the table without end. */
const MOST_PENDING = 10_000;

/**
 * OpenID Connect sign-ins under way, in PostgreSQL: behind a load balancer the provider may send the browser back
 * to another city process than the one it started on.
 */
export class DatabaseSignIns implements PendingSignIns {
  constructor(
    private readonly db: Db,
    private readonly now: () => number,
  ) {}

  async put(state: string, pending: PendingSignIn): Promise<void> {
    await this.db.query('DELETE FROM oidc_sign_ins WHERE started_at < $1', [this.now() - PENDING_MS]);
    await this.db.query('DELETE FROM oidc_sign_ins WHERE state_hash IN (SELECT state_hash FROM oidc_sign_ins ORDER BY started_at DESC OFFSET $1)', [
      MOST_PENDING - 1,
    ]);
    await this.db.query('INSERT INTO oidc_sign_ins (state_hash, verifier, nonce, started_at) VALUES ($1, $2, $3, $4)', [
      digest(state),
      pending.verifier,
      pending.nonce,
      pending.at,
    ]);
  }

  async take(state: string): Promise<PendingSignIn | undefined> {
    // Deleted as it is read: two callbacks with one state (a replay) get it once.
    const [row] = await this.db.query<{ verifier: string; nonce: string; started_at: string | number }>(
      'DELETE FROM oidc_sign_ins WHERE state_hash = $1 RETURNING verifier, nonce, started_at',
      [digest(state)],
    );
    if (!row || this.now() - Number(row.started_at) > PENDING_MS) return undefined;
    return { verifier: row.verifier, nonce: row.nonce, at: Number(row.started_at) };
  }
}
