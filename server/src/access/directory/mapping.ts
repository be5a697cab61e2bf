/**
 * Which junban role, and which counters, a member of which directory group gets: one setting, the same for LDAP/AD
 * and OpenID Connect. Pure: no I/O, so the rules ("the highest role wins", "the counters of all one's groups") are
 * tested on their own.
 */
import { CounterId, Role } from '@junban/protocol';
import { z } from 'zod';

/**
 * From least to most: a guide helps at the floor, a counter clerk also serves, a manager watches and opens counters,
 * an admin sets up the office. Someone in several mapped groups gets the last of these.
 */
export const ROLE_RANK: readonly Role[] = ['guide', 'counter', 'manager', 'admin'];

/**
 * A group gives a role, counters, or both: `{"role": "counter"}` for every clerk, `{"counters": ["3"]}` for those at
 * counter 3 (the role from another group), `{"role": "counter", "counters": ["3", "4"]}` for both at once.
 */
const GroupAccess = z
  .object({ role: Role.optional(), counters: z.array(CounterId).min(1).max(200).optional() })
  .strict()
  .refine((g) => g.role !== undefined || g.counters !== undefined, 'a role, counters, or both');
const GroupRoles = z.record(z.string().trim().min(1, 'a group name'), GroupAccess);
export type GroupRoles = Map<string, z.output<typeof GroupAccess>>;

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
 * The mapping setting, e.g. `{"cn=junban-counter,ou=groups,dc=city,dc=jp": {"role": "counter"}}`; throws an Error
 * naming what is wrong, so the server refuses to start with a mapping it would misread.
 */
export function parseGroupRoles(json: string, source = 'JUNBAN_DIRECTORY_GROUPS'): GroupRoles {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${source} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const parsed = GroupRoles.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${[source, ...i.path].join('.')}: ${i.message}`).join('; ');
    throw new Error(
      `${source} must map each directory group to {"role": "guide" | "counter" | "manager" | "admin", "counters": ["3", ...]} (either or both): ${issues}`,
    );
  }
  const map: GroupRoles = new Map();
  for (const [group, access] of Object.entries(parsed.data)) map.set(groupKey(group), access);
  if (![...map.values()].some((access) => access.role)) throw new Error(`${source} maps no group to a role: nobody could sign in with the directory`);
  return map;
}

/**
 * What these groups give: the highest role (null for someone in no group with a role, who may not sign in), and the
 * counters all of them name together; undefined counters (any counter) when none names counters.
 */
export function accessFor(groups: readonly string[], mapping: GroupRoles): { role: Role | null; counters: string[] | undefined } {
  let role: Role | null = null;
  let counters: Set<string> | undefined;
  for (const group of groups) {
    const access = mapping.get(groupKey(group));
    if (access?.role && (role === null || ROLE_RANK.indexOf(access.role) > ROLE_RANK.indexOf(role))) role = access.role;
    for (const counter of access?.counters ?? []) (counters ??= new Set()).add(counter);
  }
  return { role, counters: counters && [...counters].sort((a, b) => a.localeCompare(b, 'ja', { numeric: true })) };
}
