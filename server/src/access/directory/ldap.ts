/**
 * Checks a staff member's password with the city's LDAP server or Active Directory, and reads their groups.
 * The password is checked by binding as the user: junban never sees a password hash of the directory.
 */
import { JunbanError } from '@junban/protocol';
import { Client, InvalidCredentialsError, type Entry } from 'ldapts';

export interface LdapSettings {
  /** ldap://host:389 or ldaps://host:636. */
  url: string;
  /** A service account that may search for users (AD: any domain user); without it, userDnTemplate. */
  bindDn?: string | undefined;
  bindPassword?: string | undefined;
  /** The user's DN with `{username}`, e.g. `uid={username},ou=people,dc=city,dc=jp`, when there is no search. */
  userDnTemplate?: string | undefined;
  /** Where users are searched, and how: `{username}` is replaced (escaped). */
  userSearchBase?: string | undefined;
  userFilter: string;
  /** The user's attribute listing their groups (AD: memberOf). */
  groupAttribute: string;
  /** Also (or instead) search groups that name the user as a member, e.g. OpenLDAP's groupOfNames. */
  groupSearchBase?: string | undefined;
  /** `{dn}` is the user's DN, `{username}` their username (both escaped). */
  groupFilter: string;
  /** The attribute shown as the staff member's name. */
  nameAttribute: string;
  /** How long a directory that does not answer is waited for, so the local emergency accounts are not held up. */
  timeoutMs: number;
}

/** Who the directory says signed in. */
export interface DirectoryUser {
  username: string;
  displayName: string;
  groups: string[];
}

export class LdapDirectory {
  constructor(private readonly settings: LdapSettings) {}

  /**
   * The user, if the password is right and the user is found (a filter can leave out disabled accounts: AD's
   * `userAccountControl` bit 2). Throws `auth/bad_credentials` otherwise, `auth/directory_unavailable` when the
   * directory does not answer in time.
   */
  async check(username: string, password: string): Promise<DirectoryUser> {
    const s = this.settings;
    const client = new Client({ url: s.url, timeout: s.timeoutMs, connectTimeout: s.timeoutMs });
    const wrong = () => new JunbanError('auth/bad_credentials', 'Wrong username or password.');
    try {
      let entry: Entry | undefined;
      if (s.bindDn && s.userSearchBase) {
        await client.bind(s.bindDn, s.bindPassword ?? '');
        entry = await this.findUser(client, username);
        if (!entry) throw wrong();
        await client.bind(entry.dn, password);
      } else if (s.userDnTemplate) {
        await client.bind(s.userDnTemplate.replaceAll('{username}', escapeDnValue(username)), password);
        // Bound as the user, who may read their own entry (and, through the filter, learn whether it is disabled).
        entry = s.userSearchBase
          ? await this.findUser(client, username)
          : await this.readSelf(client, s.userDnTemplate.replaceAll('{username}', escapeDnValue(username)));
        if (!entry) throw wrong();
      } else {
        throw new Error('LDAP is set up without a bind DN with a user search base, or a user DN template');
      }
      const groups = new Set(values(entry[s.groupAttribute]));
      if (s.groupSearchBase) {
        const filter = s.groupFilter.replaceAll('{dn}', escapeFilterValue(entry.dn)).replaceAll('{username}', escapeFilterValue(username));
        const found = await client.search(s.groupSearchBase, { scope: 'sub', filter, attributes: ['dn'] });
        for (const g of found.searchEntries) groups.add(g.dn);
      }
      const name = values(entry[s.nameAttribute])[0] ?? values(entry['cn'])[0] ?? username;
      return { username, displayName: name, groups: [...groups] };
    } catch (e) {
      if (e instanceof JunbanError) throw e;
      // An empty password would be an anonymous bind, which "succeeds": the API refuses empty passwords before this.
      if (e instanceof InvalidCredentialsError) throw wrong();
      throw unavailable(e);
    } finally {
      await client.unbind().catch(() => undefined);
    }
  }

  private async findUser(client: Client, username: string): Promise<Entry | undefined> {
    const s = this.settings;
    const filter = s.userFilter.replaceAll('{username}', escapeFilterValue(username));
    const { searchEntries } = await client.search(s.userSearchBase!, {
      scope: 'sub',
      filter,
      attributes: [s.groupAttribute, s.nameAttribute, 'cn'],
      sizeLimit: 2,
    });
    // Two entries for one username is a directory mistake: signing in as either would be a guess.
    return searchEntries.length === 1 ? searchEntries[0] : undefined;
  }

  private async readSelf(client: Client, dn: string): Promise<Entry | undefined> {
    const s = this.settings;
    const { searchEntries } = await client.search(dn, { scope: 'base', filter: '(objectClass=*)', attributes: [s.groupAttribute, s.nameAttribute, 'cn'] });
    return searchEntries[0];
  }
}

function values(v: Entry[string] | undefined): string[] {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : String(x)));
}

/** RFC 4515: a username typed as `*)(uid=*` matches nobody but that literal name. */
export function escapeFilterValue(value: string): string {
  return value.replace(/[\\*()\0]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** RFC 4514: a username cannot add a DN component. */
export function escapeDnValue(value: string): string {
  return value.replace(/[\\,+"<>;=\0]/g, (c) => `\\${c}`).replace(/^[ #]|[ ]$/g, (c) => `\\${c}`);
}

/** The directory could not be asked; the cause is kept for the server's log, never sent to the browser. */
export function unavailable(cause: unknown): JunbanError {
  const error = new JunbanError('auth/directory_unavailable', "The city's directory did not answer: try again in a moment, or sign in with a local account.");
  return Object.assign(error, { cause });
}
