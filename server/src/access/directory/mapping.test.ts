import { describe, expect, it } from 'vitest';
import { accessFor, OFFICE_ROLES, parseGroupRoles as parseAs } from './mapping.js';

const parseGroupRoles = (json: string) => parseAs(json, OFFICE_ROLES, 'JUNBAN_DIRECTORY_GROUPS');

describe('directory groups to roles and counters', () => {
  const mapping = parseGroupRoles(
    JSON.stringify({
      'cn=junban-guide,ou=groups,dc=city,dc=jp': { role: 'guide' },
      'cn=junban-counter,ou=groups,dc=city,dc=jp': { role: 'counter' },
      'CN=Junban Admins, OU=Groups, DC=city, DC=jp': { role: 'admin' },
      'cn=counter-3,ou=groups,dc=city,dc=jp': { counters: ['3'] },
      'cn=tax-desks,ou=groups,dc=city,dc=jp': { role: 'counter', counters: ['10', '4'] },
    }),
  );
  const roleFor = (groups: string[]) => accessFor(groups, mapping).role;
  const countersFor = (groups: string[]) => accessFor(groups, mapping).counters;

  it('someone in several mapped groups gets the highest role; someone in none gets none', () => {
    expect(roleFor(['cn=junban-guide,ou=groups,dc=city,dc=jp', 'cn=junban-counter,ou=groups,dc=city,dc=jp'])).toBe('counter');
    expect(roleFor(['cn=junban-counter,ou=groups,dc=city,dc=jp', 'cn=junban admins,ou=groups,dc=city,dc=jp'])).toBe('admin');
    expect(roleFor(['cn=library,ou=groups,dc=city,dc=jp'])).toBeNull();
    expect(roleFor([])).toBeNull();
    // Counters alone give no role: the clerk at counter 3 signs in only with a role from another group.
    expect(roleFor(['cn=counter-3,ou=groups,dc=city,dc=jp'])).toBeNull();
  });

  it('someone works at the counters all their groups name, and at any counter when none names counters', () => {
    expect(countersFor(['cn=junban-counter,ou=groups,dc=city,dc=jp'])).toBeUndefined();
    expect(countersFor(['cn=junban-counter,ou=groups,dc=city,dc=jp', 'cn=counter-3,ou=groups,dc=city,dc=jp'])).toEqual(['3']);
    expect(countersFor(['cn=counter-3,ou=groups,dc=city,dc=jp', 'cn=tax-desks,ou=groups,dc=city,dc=jp'])).toEqual(['3', '4', '10']);
  });

  it('a mapping that is not JSON, names an unknown role or field, or gives no role is refused with the setting named', () => {
    expect(() => parseGroupRoles('{cn=x')).toThrow(/JUNBAN_DIRECTORY_GROUPS is not JSON/);
    expect(() => parseGroupRoles('{"cn=x": {"role": "boss"}}')).toThrow(/JUNBAN_DIRECTORY_GROUPS\.cn=x\.role/);
    expect(() => parseGroupRoles('{"cn=x": {"role": "admin", "desks": ["1"]}}')).toThrow(/desks/);
    expect(() => parseGroupRoles('{"cn=x": {}}')).toThrow(/a role, counters, or both/);
    expect(() => parseGroupRoles('{"cn=x": {"counters": ["1"]}}')).toThrow(/maps no group to a role/);
    expect(() => parseGroupRoles('{}')).toThrow(/maps no group/);
  });
});
