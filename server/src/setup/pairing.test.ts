import { describe, expect, it } from 'vitest';
import { addressKey } from './pairing.js';

describe('who asks to pair, for the per-address limit', () => {
  it('an IPv4 address is itself, also when Node reports it IPv4-mapped', () => {
    expect(addressKey('192.168.1.20')).toBe('192.168.1.20');
    expect(addressKey('::ffff:192.168.1.20')).toBe('192.168.1.20');
  });

  it('every IPv6 address of one /64 network counts as one caller, so a machine cannot change address to go on', () => {
    expect(addressKey('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:DB8:1::5%eth0')).toBe('2001:db8:1:0::/64');
    expect(addressKey('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
  });
});
