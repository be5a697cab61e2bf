/**
 * Staff sign-in with the city's directory: LDAP/AD behind the ordinary username and password form, and OpenID
 * Connect behind a button. Either way the directory's groups give the role and counters (mapping.ts) and the person
 * gets an ordinary staff record and session, so audit, presence and the session cookie work as for local accounts.
 * The same for an office's staff and the city server's own: each brings its roles and its staff store.
 */
import type { SignInOptions } from '@junban/protocol';
import type { Logger } from 'pino';
import { LdapDirectory, type DirectoryUser } from './ldap.js';
import { accessFor } from './mapping.js';
import { OidcSignIn, type PendingSignIns } from './oidc.js';
import type { DirectorySettings } from './settings.js';

/** Outside /api/v1: the provider sends the browser back from its own site, which the API's same-origin guard refuses. */
export const OIDC_START_PATH = '/auth/oidc/start';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

/** A session opened for someone: its token for the cookie, and who they are. */
export interface SignedIn<P> {
  token: string;
  principal: P;
}

/** What the directory needs of a server's staff store (an office's SQLite, the city's PostgreSQL). */
export interface DirectoryAccounts<R extends string, P extends { id: string }> {
  /** Whether this username is an account with a password kept here (the emergency accounts). */
  hasLocalAccount(username: string): boolean | Promise<boolean>;
  /** A local account's password check. */
  signIn(username: string, password: string): Promise<SignedIn<P>>;
  /**
   * Make or update the staff record of someone the directory vouched for and open a session; refuse a null role.
   * `counters`: those their groups allow (undefined: any), where the server has counters.
   */
  admitFromDirectory(
    user: { username: string; displayName: string },
    role: R | null,
    sessionMs: number,
    counters?: readonly string[],
  ): SignedIn<P> | Promise<SignedIn<P>>;
}

export class Directory<R extends string, P extends { id: string }> {
  readonly ldap: LdapDirectory | undefined;
  readonly oidc: OidcSignIn | undefined;

  constructor(
    private readonly settings: DirectorySettings<R> | undefined,
    private readonly accounts: DirectoryAccounts<R, P>,
    private readonly log: Logger,
    now: () => number,
    /** Where OpenID Connect sign-ins wait for their callback: this process's memory unless given. */
    pending?: PendingSignIns,
  ) {
    this.ldap = settings?.ldap ? new LdapDirectory(settings.ldap) : undefined;
    this.oidc = settings?.oidc ? new OidcSignIn(settings.oidc, now, pending) : undefined;
  }

  options(): SignInOptions {
    return { directory: this.ldap !== undefined, oidc: this.oidc ? { label: this.oidc.settings.label, startUrl: OIDC_START_PATH } : null };
  }

  /**
   * The sign-in form: a local account (the emergency ones) is checked here and never asks the directory, so it
   * works while the directory is down; any other username is checked with LDAP/AD when it is set up.
   */
  async signIn(username: string, password: string): Promise<SignedIn<P>> {
    if (!this.ldap || (await this.accounts.hasLocalAccount(username))) return this.accounts.signIn(username, password);
    const user = await this.logged('ldap', () => this.ldap!.check(username, password));
    return this.admit(user, 'ldap');
  }

  /** Someone the directory vouched for (LDAP bind or OpenID Connect callback). */
  async admit(user: DirectoryUser, via: 'ldap' | 'oidc'): Promise<SignedIn<P>> {
    const { role, counters } = accessFor(user.groups, this.settings!.groups);
    // The staff id, never the name: a log line holds no personal data.
    const result = await this.accounts.admitFromDirectory(user, role, this.settings!.sessionMs, counters);
    this.log.info({ via, staffId: result.principal.id, role, counters }, 'signed in with the directory');
    return result;
  }

  /** A directory that does not answer is logged with its cause for the IT department; the browser gets only the code. */
  async logged<T>(via: 'ldap' | 'oidc', run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      const cause = (e as { cause?: unknown }).cause;
      if ((e as { code?: string }).code === 'auth/directory_unavailable') this.log.warn({ via, err: cause }, "the city's directory did not answer");
      throw e;
    }
  }
}
