import { isIPv6 } from 'node:net';

/**
 * The unit a client is counted by: an IPv4 address as it is, an IPv6 address by its /64. One IPv6
 * subscriber or server gets a whole /64 and can pick any address in it, so counting single
 * addresses would count nothing. IPv4-mapped addresses (`::ffff:203.0.113.7`) are IPv4.
 */
export function addressKey(ip: string): string {
  const addr = ip.split('%')[0];
  if (!isIPv6(addr)) return addr;
  const g = ipv6Groups(addr);
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff)
    return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.');
  return `${g
    .slice(0, 4)
    .map((x) => x.toString(16))
    .join(':')}::/64`;
}

/** The eight 16-bit groups. The URL parser does the hard part (`::`, embedded IPv4, case). */
function ipv6Groups(addr: string): number[] {
  const canonical = new URL(`http://[${addr}]/`).hostname.slice(1, -1);
  const [head, tail] = canonical.split('::');
  const parse = (s: string | undefined) => (s ? s.split(':').map((x) => parseInt(x, 16)) : []);
  const h = parse(head);
  const t = parse(tail);
  return tail === undefined ? h : [...h, ...new Array<number>(8 - h.length - t.length).fill(0), ...t];
}
