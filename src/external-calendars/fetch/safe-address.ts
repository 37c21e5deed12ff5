import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP, LookupFunction } from 'node:net';

/**
 * A calendar address that may not be fetched: not http(s), credentials in it, or it points into a
 * private network. The message is safe to show to the user and never contains the address.
 */
export class SourceRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SourceRefused';
  }
}

export const REFUSED_SCHEME = 'Only http and https addresses can be used.';
export const REFUSED_CREDENTIALS = 'The address must not contain a username or password.';
export const REFUSED_PRIVATE = 'That address points into a private network.';
export const REFUSED_INVALID = 'That is not a valid web address.';
export const REFUSED_UNKNOWN_HOST = 'The server name of that address could not be found.';

const IPV4_BLOCKED: [string, number][] = [
  ['0.0.0.0', 8], // "this network", unspecified
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, including the broadcast address 255.255.255.255
];

/**
 * Special-purpose ranges inside global unicast (2000::/3) that are not a public server's address (IANA
 * IPv6 special-purpose registry). Teredo (2001::/32) and 6to4 (2002::/16) are handled before these:
 * they embed IPv4 addresses, which decide.
 */
const IPV6_SPECIAL: [string, number][] = [
  // IETF protocol assignments: benchmarking (2001:2::/48), ORCHID (2001:10::/28, 2001:20::/28), anycast
  // services; all of it rather than the few globally reachable pieces no calendar server lives in.
  ['2001::', 23],
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation
  ['5f00::', 16], // segment routing (SRv6) SIDs
];

function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of IPV4_BLOCKED) list.addSubnet(net, prefix, 'ipv4');
  return list;
}

const BLOCKED_V4 = buildBlockList();
const SPECIAL_V6 = new BlockList();
for (const [net, prefix] of IPV6_SPECIAL) SPECIAL_V6.addSubnet(net, prefix, 'ipv6');

/** The eight 16-bit groups of an IPv6 address (a trailing dotted IPv4 allowed); null if not one. */
function ipv6Groups(address: string): number[] | null {
  // A zone index (fe80::1%eth0) only makes sense for link-local addresses: refuse rather than guess.
  if (isIP(address) !== 6 || address.includes('%')) return null;
  let text = address.toLowerCase();
  const dotted = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted[2].split('.').map(Number);
    text = `${dotted[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const parse = (part: string): number[] => (part ? part.split(':').map((g) => parseInt(g, 16)) : []);
  const head = parse(halves[0]);
  const tail = halves.length === 2 ? parse(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function ipv4Of(high: number, low: number): string {
  return `${high >> 8}.${high & 0xff}.${low >> 8}.${low & 0xff}`;
}

function blockedV4(address: string): boolean {
  return BLOCKED_V4.check(address, 'ipv4');
}

/**
 * Only global unicast (2000::/3) outside the special-purpose ranges, and where an address carries an IPv4
 * address inside it, that address must pass the IPv4 rules: a NAT64 gateway, a 6to4 or Teredo relay
 * would otherwise carry the request to 127.0.0.1 or 10.x. Two forms outside 2000::/3 are IPv4 itself:
 * IPv4-mapped (::ffff:a.b.c.d, the socket speaks IPv4) and the well-known NAT64 prefix (64:ff9b::/96,
 * what DNS64 hands IPv6-only hosts). IPv4-compatible (::a.b.c.d, deprecated), SIIT (::ffff:0:a.b.c.d)
 * and local-use NAT64 (64:ff9b:1::/48, where the IPv4 may sit at several offsets) are refused.
 */
function blockedV6(address: string): boolean {
  const g = ipv6Groups(address);
  if (!g) return true;
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return blockedV4(ipv4Of(g[6], g[7])); // ::ffff:0:0/96
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return blockedV4(ipv4Of(g[6], g[7])); // 64:ff9b::/96
  if ((g[0] & 0xe000) !== 0x2000) return true; // not global unicast
  if (g[0] === 0x2002) return blockedV4(ipv4Of(g[1], g[2])); // 6to4: the relay's IPv4 is bits 16-47
  if (g[0] === 0x2001 && g[1] === 0) {
    // Teredo: the server's IPv4 is bits 32-63, the client's the last 32 bits inverted.
    return blockedV4(ipv4Of(g[2], g[3])) || blockedV4(ipv4Of(g[6] ^ 0xffff, g[7] ^ 0xffff));
  }
  return SPECIAL_V6.check(address, 'ipv6');
}

/** Whether an IP address (v4 or v6, without brackets) is one Samtal must not connect to by default. */
export function isBlockedAddress(address: string, allowedAddresses: readonly string[] = []): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  if (allowedAddresses.length > 0) {
    const allowed = new BlockList();
    for (const a of allowedAddresses) if (isIP(a)) allowed.addAddress(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
    if (allowed.check(address, family === 4 ? 'ipv4' : 'ipv6')) return false;
  }
  return family === 4 ? blockedV4(address) : blockedV6(address);
}

export interface SafeUrlOptions {
  allowPrivate: boolean;
  /**
   * Single addresses let through although they are private (an operator's own calendar server on the
   * internal network; the specs' loopback servers). Exact IP addresses, no ranges.
   */
  allowedAddresses?: readonly string[];
  /** Accept webcal:// (and webcals://) as https://, as calendar apps hand them out. */
  acceptWebcal?: boolean;
}

/**
 * Parses and checks the form of an address: http(s) only (webcal → https when accepted), no
 * credentials. Does not resolve the host. Throws SourceRefused.
 */
export function parseCalendarUrl(raw: string, options: Pick<SafeUrlOptions, 'acceptWebcal'> = {}): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new SourceRefused(REFUSED_INVALID);
  }
  if (options.acceptWebcal && (url.protocol === 'webcal:' || url.protocol === 'webcals:')) {
    // The WHATWG parser treats webcal as an opaque scheme: re-parse with https so host and port work.
    try {
      url = new URL(`https:${raw.trim().slice(url.protocol.length)}`);
    } catch {
      throw new SourceRefused(REFUSED_INVALID);
    }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new SourceRefused(REFUSED_SCHEME);
  if (url.username || url.password) throw new SourceRefused(REFUSED_CREDENTIALS);
  if (!url.hostname) throw new SourceRefused(REFUSED_INVALID);
  return url;
}

/** The host of a URL as dns.lookup wants it (IPv6 literals without their brackets). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

function resolveAll(host: string): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) => {
    dnsLookup(host, { all: true, verbatim: true }, (err, addresses) => {
      if (err) reject(err);
      else resolve(addresses);
    });
  });
}

/**
 * Checks an address before it is fetched: its form (see parseCalendarUrl) and, unless allowPrivate,
 * that every address its host resolves to is public. Returns the parsed URL. Throws SourceRefused.
 * The connection itself must still use safeLookup (the name may resolve differently a moment later).
 */
export async function assertSafeUrl(raw: string | URL, options: SafeUrlOptions): Promise<URL> {
  const url = typeof raw === 'string' ? parseCalendarUrl(raw, options) : parseCalendarUrl(raw.href, options);
  if (options.allowPrivate) return url;
  const host = hostOf(url);
  const allowed = options.allowedAddresses ?? [];
  if (isIP(host)) {
    if (isBlockedAddress(host, allowed)) throw new SourceRefused(REFUSED_PRIVATE);
    return url;
  }
  let addresses: LookupAddress[];
  try {
    addresses = await resolveAll(host);
  } catch {
    throw new SourceRefused(REFUSED_UNKNOWN_HOST);
  }
  if (addresses.length === 0) throw new SourceRefused(REFUSED_UNKNOWN_HOST);
  if (addresses.some((a) => isBlockedAddress(a.address, allowed))) throw new SourceRefused(REFUSED_PRIVATE);
  return url;
}

/**
 * A `lookup` for http.request / net.connect that resolves like dns.lookup and refuses (with
 * SourceRefused) when any resolved address is blocked, so a name that is re-pointed at a private
 * address between the check and the connect (DNS rebinding) is refused too. Note: Node does not call
 * `lookup` for IP literals; assertSafeUrl covers those.
 */
export function createSafeLookup(allowedAddresses: readonly string[] = []): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = addresses;
      if (list.length === 0 || list.some((a) => isBlockedAddress(a.address, allowedAddresses))) {
        return callback(Object.assign(new SourceRefused(REFUSED_PRIVATE), { code: 'EREFUSEDPRIVATE' }), '', 0);
      }
      if (options.all) {
        (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      } else {
        callback(null, list[0].address, list[0].family);
      }
    });
  };
}

/** createSafeLookup() without exceptions. */
export const safeLookup: LookupFunction = createSafeLookup();
