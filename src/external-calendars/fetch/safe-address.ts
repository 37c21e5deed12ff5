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

const IPV6_BLOCKED: [string, number][] = [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard-only
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local (private)
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still private)
  ['ff00::', 8], // multicast
];

function buildBlockList(): BlockList {
  const list = new BlockList();
  for (const [net, prefix] of IPV4_BLOCKED) {
    // BlockList also matches the IPv4-mapped IPv6 forms (::ffff:127.0.0.1) against these rules.
    list.addSubnet(net, prefix, 'ipv4');
    // NAT64 (64:ff9b::/96) reaches the embedded IPv4 address through a gateway.
    list.addSubnet(`64:ff9b::${net}`, 96 + prefix, 'ipv6');
  }
  for (const [net, prefix] of IPV6_BLOCKED) list.addSubnet(net, prefix, 'ipv6');
  return list;
}

const BLOCKED = buildBlockList();

/** Whether an IP address (v4 or v6, without brackets) is one Samtal must not connect to by default. */
export function isBlockedAddress(address: string, allowedAddresses: readonly string[] = []): boolean {
  const family = isIP(address);
  if (family === 0) return true; // not an address at all: refuse rather than guess
  if (allowedAddresses.length > 0) {
    const allowed = new BlockList();
    for (const a of allowedAddresses) if (isIP(a)) allowed.addAddress(a, isIP(a) === 4 ? 'ipv4' : 'ipv6');
    if (allowed.check(address, family === 4 ? 'ipv4' : 'ipv6')) return false;
  }
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
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
