/**
 * The directory settings from the environment, checked at start: a wrong or half-done set-up stops the server with
 * a message naming the variable, rather than refusing every directory sign-in later.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { LdapSettings } from './ldap.js';
import { parseGroupRoles, type GroupRoles, type RoleScheme } from './mapping.js';
import type { OidcSettings } from './oidc.js';

export interface DirectorySettings<R extends string> {
  groups: GroupRoles<R>;
  /** A directory sign-in lasts this long; the next one asks the directory again (role, group, disabled). */
  sessionMs: number;
  ldap?: LdapSettings | undefined;
  oidc?: OidcSettings | undefined;
}

const text = z.string().trim().min(1).optional();
const Env = z.object({
  GROUPS: text,
  GROUPS_FILE: text,
  SESSION_HOURS: z.coerce.number().min(0.05).max(336).default(12),
  LDAP_URL: z.url({ protocol: /^ldaps?$/ }).optional(),
  LDAP_BIND_DN: text,
  LDAP_BIND_PASSWORD: z.string().optional(),
  LDAP_USER_DN: z.string().trim().includes('{username}', { message: 'must contain {username}' }).optional(),
  LDAP_USER_BASE: text,
  LDAP_USER_FILTER: z.string().trim().includes('{username}', { message: 'must contain {username}' }).default('(uid={username})'),
  LDAP_GROUP_ATTRIBUTE: z.string().trim().min(1).default('memberOf'),
  LDAP_GROUP_BASE: text,
  LDAP_GROUP_FILTER: z.string().trim().min(1).default('(member={dn})'),
  LDAP_NAME_ATTRIBUTE: z.string().trim().min(1).default('displayName'),
  LDAP_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  OIDC_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_CLIENT_ID: text,
  OIDC_CLIENT_SECRET: z.string().optional(),
  OIDC_REDIRECT_URL: z.url({ protocol: /^https?$/ }).optional(),
  OIDC_SCOPES: z.string().trim().min(1).default('openid profile email'),
  OIDC_GROUPS_CLAIM: z.string().trim().min(1).default('groups'),
  OIDC_USERNAME_CLAIM: z.string().trim().min(1).default('preferred_username'),
  OIDC_LABEL: z.string().trim().min(1).default("市のアカウントでサインイン / Sign in with the city's account"),
  OIDC_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
});

/**
 * `prefix` is `JUNBAN_` for an office (JUNBAN_LDAP_URL, JUNBAN_OIDC_ISSUER, JUNBAN_DIRECTORY_GROUPS, ...) and `CITY_`
 * for the city server (CITY_LDAP_URL, ...); `scheme` is what its group mapping may give (its roles, least first;
 * counters, at an office).
 * Undefined when neither LDAP nor OpenID Connect is set up: only local accounts sign in.
 */
export function directoryFromEnv<const R extends string>(env: NodeJS.ProcessEnv, scheme: RoleScheme<R>, prefix = 'JUNBAN_'): DirectorySettings<R> | undefined {
  const pick: Record<string, string | undefined> = {};
  for (const key of Object.keys(Env.shape)) {
    const name = key.startsWith('LDAP_') || key.startsWith('OIDC_') ? `${prefix}${key}` : `${prefix}DIRECTORY_${key}`;
    if (env[name] !== undefined && env[name] !== '') pick[key] = env[name];
  }
  const nameOf = (key: string) => (key.startsWith('LDAP_') || key.startsWith('OIDC_') ? `${prefix}${key}` : `${prefix}DIRECTORY_${key}`);
  const parsed = Env.safeParse(pick);
  if (!parsed.success) throw new Error(`Invalid directory set-up: ${parsed.error.issues.map((i) => `${nameOf(String(i.path[0]))}: ${i.message}`).join('; ')}`);
  const e = parsed.data;
  const oidcSet = e.OIDC_ISSUER ?? e.OIDC_CLIENT_ID ?? e.OIDC_REDIRECT_URL;
  if (!e.LDAP_URL && !oidcSet) return undefined;

  const problems: string[] = [];
  if (e.LDAP_URL && !e.LDAP_USER_DN && !(e.LDAP_BIND_DN && e.LDAP_USER_BASE)) {
    problems.push(`${prefix}LDAP_URL needs ${prefix}LDAP_BIND_DN with ${prefix}LDAP_USER_BASE (search), or ${prefix}LDAP_USER_DN (a DN template)`);
  }
  if (oidcSet && !(e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_REDIRECT_URL)) {
    problems.push(`OpenID Connect needs ${prefix}OIDC_ISSUER, ${prefix}OIDC_CLIENT_ID and ${prefix}OIDC_REDIRECT_URL together`);
  }
  if (!e.GROUPS === !e.GROUPS_FILE) problems.push(`set one of ${prefix}DIRECTORY_GROUPS (JSON) or ${prefix}DIRECTORY_GROUPS_FILE (a JSON file)`);
  if (problems.length) throw new Error(`Invalid directory set-up: ${problems.join('; ')}`);

  let groupsJson = e.GROUPS;
  if (e.GROUPS_FILE) {
    try {
      groupsJson = readFileSync(e.GROUPS_FILE, 'utf8');
    } catch (err) {
      throw new Error(`Invalid directory set-up: ${prefix}DIRECTORY_GROUPS_FILE cannot be read: ${(err as Error).message}`, { cause: err });
    }
  }
  const groups = parseGroupRoles(groupsJson!, scheme, e.GROUPS_FILE ? `${prefix}DIRECTORY_GROUPS_FILE` : `${prefix}DIRECTORY_GROUPS`);
  return {
    groups,
    sessionMs: Math.round(e.SESSION_HOURS * 3_600_000),
    ldap: e.LDAP_URL
      ? {
          url: e.LDAP_URL,
          bindDn: e.LDAP_BIND_DN,
          bindPassword: e.LDAP_BIND_PASSWORD,
          userDnTemplate: e.LDAP_USER_DN,
          userSearchBase: e.LDAP_USER_BASE,
          userFilter: e.LDAP_USER_FILTER,
          groupAttribute: e.LDAP_GROUP_ATTRIBUTE,
          groupSearchBase: e.LDAP_GROUP_BASE,
          groupFilter: e.LDAP_GROUP_FILTER,
          nameAttribute: e.LDAP_NAME_ATTRIBUTE,
          timeoutMs: e.LDAP_TIMEOUT_MS,
        }
      : undefined,
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_REDIRECT_URL
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            redirectUrl: e.OIDC_REDIRECT_URL,
            scopes: e.OIDC_SCOPES,
            groupsClaim: e.OIDC_GROUPS_CLAIM,
            usernameClaim: e.OIDC_USERNAME_CLAIM,
            label: e.OIDC_LABEL,
            timeoutMs: e.OIDC_TIMEOUT_MS,
          }
        : undefined,
  };
}
