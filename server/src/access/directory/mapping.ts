/**
 * Which junban role a member of which directory group gets: one setting, the same for LDAP/AD and OpenID Connect.
 * Pure: no I/O, so the rule "the highest role wins" is tested on its own.
 */
import { Role } from '@junban/protocol';
import { z } from 'zod';

/**
 * From least to most: a guide helps at the floor, a counter clerk also serves, a manager watches and opens counters,
 * an admin sets up the office. Someone in several mapped groups gets the last of these.
 */
export const ROLE_RANK: readonly Role[] = ['guide', 'counter', 'manager', 'admin'];

const GroupRoles = z.record(z.string().trim().min(1, 'a group name'), z.object({ role: Role }).strict());
export type GroupRoles = Map<string, Role>;

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
    throw new Error(`${source} must map each directory group to {"role": "guide" | "counter" | "manager" | "admin"}: ${issues}`);
  }
  const map: GroupRoles = new Map();
  for (const [group, { role }] of Object.entries(parsed.data)) map.set(groupKey(group), role);
  if (map.size === 0) throw new Error(`${source} maps no group: nobody could sign in with the directory`);
  return map;
}

/** The highest role any of these groups maps to, or null: someone in no mapped group may not sign in. */
export function roleFor(groups: readonly string[], mapping: GroupRoles): Role | null {
  let best: Role | null = null;
  for (const group of groups) {
    const role = mapping.get(groupKey(group));
    if (role && (best === null || ROLE_RANK.indexOf(role) > ROLE_RANK.indexOf(best))) best = role;
  }
  return best;
}
