/**
 * Staff sign-in with the city's directory: LDAP/AD behind the ordinary username and password form, and OpenID
 * Connect behind a button. Either way the directory's groups give the role and counters (mapping.ts) and the person gets an
 * ordinary staff record and session, so audit, presence and the session cookie work as for local accounts.
 */
import type { Principal, SignInOptions } from '@junban/protocol';
import type { Logger } from 'pino';
import type { AccessStore } from '../store.js';
import { LdapDirectory, type DirectoryUser } from './ldap.js';
import { accessFor } from './mapping.js';
import { OidcSignIn } from './oidc.js';
import type { DirectorySettings } from './settings.js';

/** Outside /api/v1: the provider sends the browser back from its own site, which the API's same-origin guard refuses. */
export const OIDC_START_PATH = '/auth/oidc/start';
export const OIDC_CALLBACK_PATH = '/auth/oidc/callback';

export class Directory {
  readonly ldap: LdapDirectory | undefined;
  readonly oidc: OidcSignIn | undefined;

  constructor(
    private readonly settings: DirectorySettings | undefined,
    private readonly access: AccessStore,
    private readonly log: Logger,
    now: () => number,
  ) {
    this.ldap = settings?.ldap ? new LdapDirectory(settings.ldap) : undefined;
    this.oidc = settings?.oidc ? new OidcSignIn(settings.oidc, now) : undefined;
  }

  options(): SignInOptions {
    return { directory: this.ldap !== undefined, oidc: this.oidc ? { label: this.oidc.settings.label, startUrl: OIDC_START_PATH } : null };
  }

  /**
   * The sign-in form: a local account (the emergency ones) is checked here and never asks the directory, so it
   * works while the directory is down; any other username is checked with LDAP/AD when it is set up.
   */
  async signIn(username: string, password: string): Promise<{ token: string; principal: Principal }> {
    if (!this.ldap || this.access.hasLocalAccount(username)) return this.access.signIn(username, password);
    const user = await this.logged('ldap', () => this.ldap!.check(username, password));
    return this.admit(user, 'ldap');
  }

  /** Someone the directory vouched for (LDAP bind or OpenID Connect callback). */
  admit(user: DirectoryUser, via: 'ldap' | 'oidc'): { token: string; principal: Principal } {
    const { role, counters } = accessFor(user.groups, this.settings!.groups);
    // The staff id, never the name: a log line holds no personal data.
    const result = this.access.admitFromDirectory(user, role, this.settings!.sessionMs, counters);
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
