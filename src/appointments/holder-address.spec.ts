import { holderAddress } from './holder-address';

describe('holderAddress', () => {
  it('keeps an IPv4 address, also when Node gives it IPv4-mapped', () => {
    expect(holderAddress('203.0.113.7')).toBe('203.0.113.7');
    expect(holderAddress('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('reduces IPv6 to its /64, however the address is written', () => {
    const prefix = '2001:db8:85a3:12::/64';
    expect(holderAddress('2001:db8:85a3:12::1')).toBe(prefix);
    expect(holderAddress('2001:0db8:85a3:0012:ffff:ffff:ffff:ffff')).toBe(prefix);
    expect(holderAddress('2001:DB8:85A3:12:1:2:3:4%eth0')).toBe(prefix);
    expect(holderAddress('2001:db8:85a3:13::1')).toBe('2001:db8:85a3:13::/64');
    expect(holderAddress('::1')).toBe('0:0:0:0::/64');
    expect(holderAddress('fe80::1.2.3.4')).toBe('fe80:0:0:0::/64');
  });

  it('has nothing to count for a missing or malformed address', () => {
    expect(holderAddress(undefined)).toBeNull();
    expect(holderAddress('not-an-ip')).toBeNull();
  });
});
