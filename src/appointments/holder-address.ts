import { isIPv4, isIPv6 } from 'node:net';

/**
 * What a hold counts against: an IPv4 address as is, an IPv6 address by its /64 (one subscriber
 * gets a whole /64 and can pick any address in it). Pure, so the parsing is tested on its own.
 */
export function holderAddress(ip: string | undefined): string | null {
  if (!ip) return null;
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(ip)) return ip;
  const addr = ip.split('%')[0];
  if (!isIPv6(addr)) return null;
  const groups = expandIPv6(addr);
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(':')}::/64`;
}

function expandIPv6(addr: string): string[] {
  const count = (part: string) => (part ? part.split(':').reduce((n, g) => n + (g.includes('.') ? 2 : 1), 0) : 0);
  const [head, tail] = addr.split('::');
  const groups = (part: string) => (part ? part.split(':').flatMap((g) => (g.includes('.') ? ['0', '0'] : [g])) : []);
  if (tail === undefined) return groups(head);
  return [...groups(head), ...Array<string>(8 - count(head) - count(tail)).fill('0'), ...groups(tail)];
}
