/**
 * Which role a member of which directory group gets: one setting, the same for LDAP/AD and OpenID Connect, and the
 * same module for an office's staff and the city's own (each with its own roles, ranked). Pure: no I/O, so the rule
 * "the highest role wins" is tested on its own.
 */
import type { Role } from '@junban/protocol';
import { z } from 'zod';

/**
 * An office's roles from least to most: a guide helps at the floor, a counter clerk also serves, a manager watches
 * and opens counters, an admin sets up the office. Someone in several mapped groups gets the last of these.
 */
export const ROLE_RANK = ['guide', 'counter', 'manager', 'admin'] as const satisfies readonly Role[];

/** Each group's role, and the roles ranked from least to most (the product's own: an office's, or the city's). */
export interface GroupRoles<R extends string> {
  ranks: readonly R[];
  byGroup: Map<string, R>;
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
 * The mapping setting, e.g. `{"cn=junban-counter,ou=groups,dc=city,dc=jp": {"role": "counter"}}`, with `ranks` the
 * roles it may name; throws an Error naming what is wrong (and `source`, the setting), so the server refuses to start
 * with a mapping it would misread.
 */
export function parseGroupRoles<const R extends string>(json: string, ranks: readonly R[], source: string): GroupRoles<R> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw new Error(`${source} is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const schema = z.record(z.string().trim().min(1, 'a group name'), z.object({ role: z.enum(ranks) }).strict());
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${[source, ...i.path].join('.')}: ${i.message}`).join('; ');
    throw new Error(`${source} must map each directory group to {"role": ${ranks.map((r) => `"${r}"`).join(' | ')}}: ${issues}`);
  }
  const byGroup = new Map<string, R>();
  for (const [group, { role }] of Object.entries(parsed.data) as [string, { role: R }][]) byGroup.set(groupKey(group), role);
  if (byGroup.size === 0) throw new Error(`${source} maps no group: nobody could sign in with the directory`);
  return { ranks, byGroup };
}

/** The highest role any of these groups maps to, or null: someone in no mapped group may not sign in. */
export function roleFor<R extends string>(groups: readonly string[], mapping: GroupRoles<R>): R | null {
  let best: R | null = null;
  for (const group of groups) {
    const role = mapping.byGroup.get(groupKey(group));
    if (role && (best === null || mapping.ranks.indexOf(role) > mapping.ranks.indexOf(best))) best = role;
  }
  return best;
}
