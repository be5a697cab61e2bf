/**
 * Which role, and which counters, a member of which directory group gets: one setting, the same for LDAP/AD and
 * OpenID Connect, and the same module for an office's staff and the city's own (each with its own roles, ranked;
 * only an office has counters). Pure: no I/O, so the rules ("the highest role wins", "the counters of all one's
 * groups") are tested on their own.
 */
import { CounterId, type Role } from '@junban/protocol';
import { z } from 'zod';

/**
 * An office's roles from least to most: a guide helps at the floor, a counter clerk also serves, a manager watches
 * and opens counters, an admin sets up the office. Someone in several mapped groups gets the last of these.
 */
export const ROLE_RANK = ['guide', 'counter', 'manager', 'admin'] as const satisfies readonly Role[];

/** What a server's groups may give: its roles, least first, and whether it has counters a group may name. */
export interface RoleScheme<R extends string> {
  ranks: readonly R[];
  counters: boolean;
}

/** An office's staff: its four roles, and counters. */
export const OFFICE_ROLES: RoleScheme<Role> = { ranks: ROLE_RANK, counters: true };

/** What one group gives: a role, counters, or both. */
export interface GroupAccess<R extends string> {
  role?: R | undefined;
  counters?: string[] | undefined;
}

/** Each group's role and counters, and the roles ranked from least to most. */
export interface GroupRoles<R extends string> {
  ranks: readonly R[];
  byGroup: Map<string, GroupAccess<R>>;
}

/**
 * Directory names compare without case and without spaces after commas: AD and LDAP treat
 * `CN=Junban-Counter, OU=Groups` and `cn=junban-counter,ou=groups` as the same group.
 */
export const groupKey = (group: string) =>
  group
    .trim()
    .replace(/\s*,\s*/g, ',')
    .toLowerCase();

/**
 * The mapping setting (`source` names it), e.g. `{"cn=junban-counter,ou=groups,dc=city,dc=jp": {"role": "counter"}}`.
 * A group gives a role, counters, or both: `{"role": "counter"}` for every clerk, `{"counters": ["3"]}` for those at
 * counter 3 (the role from another group), `{"role": "counter", "counters": ["3", "4"]}` for both at once; counters
 * only where `scheme` has them. Throws an Error naming what is wrong, so the server refuses to start with a mapping
 * it would misread.
 */
export function parseGroupRoles<const R extends string>(json: string, scheme: RoleScheme<R>, source: string): GroupRoles<R> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${source} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const role = z.enum(scheme.ranks).optional();
  const access = scheme.counters
    ? z
        .object({ role, counters: z.array(CounterId).min(1).max(200).optional() })
        .strict()
        .refine((g) => g.role !== undefined || g.counters !== undefined, 'a role, counters, or both')
    : z.object({ role: z.enum(scheme.ranks) }).strict();
  const parsed = z.record(z.string().trim().min(1, 'a group name'), access).safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${[source, ...i.path].join('.')}: ${i.message}`).join('; ');
    const roles = scheme.ranks.map((r) => `"${r}"`).join(' | ');
    const shape = scheme.counters ? `{"role": ${roles}, "counters": ["3", ...]} (either or both)` : `{"role": ${roles}}`;
    throw new Error(`${source} must map each directory group to ${shape}: ${issues}`);
  }
  const byGroup = new Map<string, GroupAccess<R>>();
  for (const [group, given] of Object.entries(parsed.data) as [string, GroupAccess<R>][]) byGroup.set(groupKey(group), given);
  if (![...byGroup.values()].some((g) => g.role)) throw new Error(`${source} maps no group to a role: nobody could sign in with the directory`);
  return { ranks: scheme.ranks, byGroup };
}

/**
 * What these groups give: the highest role (null for someone in no group with a role, who may not sign in), and the
 * counters all of them name together; undefined counters (any counter) when none names counters.
 */
export function accessFor<R extends string>(groups: readonly string[], mapping: GroupRoles<R>): { role: R | null; counters: string[] | undefined } {
  let role: R | null = null;
  let counters: Set<string> | undefined;
  for (const group of groups) {
    const access = mapping.byGroup.get(groupKey(group));
    if (access?.role && (role === null || mapping.ranks.indexOf(access.role) > mapping.ranks.indexOf(role))) role = access.role;
    for (const counter of access?.counters ?? []) (counters ??= new Set()).add(counter);
  }
  return { role, counters: counters && [...counters].sort((a, b) => a.localeCompare(b, 'ja', { numeric: true })) };
}
