import { describe, expect, it } from 'vitest';
import { parseGroupRoles, ROLE_RANK, roleFor } from './mapping.js';

const parse = (json: string) => parseGroupRoles(json, ROLE_RANK, 'JUNBAN_DIRECTORY_GROUPS');

describe('directory groups to roles', () => {
  const mapping = parse(
    JSON.stringify({
      'cn=junban-guide,ou=groups,dc=city,dc=jp': { role: 'guide' },
      'cn=junban-counter,ou=groups,dc=city,dc=jp': { role: 'counter' },
      'CN=Junban Admins, OU=Groups, DC=city, DC=jp': { role: 'admin' },
    }),
  );

  it('someone in several mapped groups gets the highest role; someone in none gets none', () => {
    expect(roleFor(['cn=junban-guide,ou=groups,dc=city,dc=jp', 'cn=junban-counter,ou=groups,dc=city,dc=jp'], mapping)).toBe('counter');
    expect(roleFor(['cn=junban-counter,ou=groups,dc=city,dc=jp', 'cn=junban admins,ou=groups,dc=city,dc=jp'], mapping)).toBe('admin');
    expect(roleFor(['cn=library,ou=groups,dc=city,dc=jp'], mapping)).toBeNull();
    expect(roleFor([], mapping)).toBeNull();
  });

  it('a mapping that is not JSON, names an unknown role or maps nothing is refused with the setting named', () => {
    expect(() => parse('{cn=x')).toThrow(/JUNBAN_DIRECTORY_GROUPS is not JSON/);
    expect(() => parse('{"cn=x": {"role": "boss"}}')).toThrow(/JUNBAN_DIRECTORY_GROUPS\.cn=x\.role/);
    expect(() => parse('{"cn=x": {"role": "admin", "counters": ["1"]}}')).toThrow(/counters/);
    expect(() => parse('{}')).toThrow(/maps no group/);
  });
});
