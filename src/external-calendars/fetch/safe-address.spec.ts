import { createServer, request, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  assertSafeUrl,
  createSafeLookup,
  isBlockedAddress,
  parseCalendarUrl,
  REFUSED_CREDENTIALS,
  REFUSED_INVALID,
  REFUSED_PRIVATE,
  REFUSED_SCHEME,
  REFUSED_UNKNOWN_HOST,
  SourceRefused,
} from './safe-address';

describe('isBlockedAddress', () => {
  it.each([
    '127.0.0.1',
    '127.255.255.254',
    '0.0.0.0',
    '0.1.2.3',
    '10.0.0.1',
    '10.255.255.255',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254', // cloud metadata
    '100.64.0.1',
    '100.127.255.255',
    '224.0.0.1',
    '239.255.255.250',
    '255.255.255.255',
    '240.0.0.1',
    '::1',
    '::',
    'fe80::1',
    'febf::1',
    'fc00::1',
    'fd12:3456::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.1.2.3',
    '::ffff:169.254.169.254',
    '::ffff:192.168.0.1',
    '64:ff9b::10.0.0.1',
    '64:ff9b::7f00:1',
    'not-an-address',
  ])('refuses %s', (address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.216.34',
    '172.15.255.255', // just below 172.16/12
    '172.32.0.1', // just above
    '100.63.255.255', // just below 100.64/10
    '100.128.0.1', // just above
    '11.0.0.1',
    '169.253.1.1',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
  ])('lets %s through', (address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('lets an explicitly allowed private address through, and only that one', () => {
    expect(isBlockedAddress('10.1.2.3', ['10.1.2.3'])).toBe(false);
    expect(isBlockedAddress('10.1.2.4', ['10.1.2.3'])).toBe(true);
    expect(isBlockedAddress('::1', ['127.0.0.1'])).toBe(true);
  });
});

describe('isBlockedAddress: IPv6 forms that carry an IPv4 address, and special-purpose ranges', () => {
  // Each form with a loopback, private and metadata IPv4 inside: a gateway or relay would deliver there.
  const inner: [string, string][] = [
    ['127.0.0.1', '7f00:1'],
    ['10.1.2.3', 'a01:203'],
    ['192.168.0.1', 'c0a8:1'],
    ['169.254.169.254', 'a9fe:a9fe'],
  ];
  const forms: [string, (v4: string, hex: string) => string][] = [
    ['IPv4-compatible ::/96', (v4) => `::${v4}`],
    ['IPv4-compatible ::/96 in hex', (_v4, hex) => `::${hex}`],
    ['IPv4-mapped ::ffff:0:0/96', (v4) => `::ffff:${v4}`],
    ['SIIT ::ffff:0:0:0/96', (v4) => `::ffff:0:${v4}`],
    ['SIIT ::ffff:0:0:0/96 in hex', (_v4, hex) => `::ffff:0:${hex}`],
    ['NAT64 64:ff9b::/96', (v4) => `64:ff9b::${v4}`],
    ['NAT64 64:ff9b::/96 written out', (_v4, hex) => `0064:ff9b:0000:0000:0000:0000:${hex}`],
    ['local-use NAT64 64:ff9b:1::/48', (v4) => `64:ff9b:1::${v4}`],
    ['local-use NAT64 64:ff9b:1::/48 at /64', (_v4, hex) => `64:ff9b:1:0:${hex}::`],
    ['6to4 2002::/16', (_v4, hex) => `2002:${hex}::1`],
    ['6to4 2002::/16 host part', (_v4, hex) => `2002:${hex}:1:2:3:4:5`],
    ['Teredo 2001::/32 (server)', (_v4, hex) => `2001:0:${hex}:0:8000:f7f7:f7f7`],
    [
      'Teredo 2001::/32 (client, inverted)',
      (_v4, hex) => {
        const [hi, lo] = hex.split(':').map((h) => (parseInt(h, 16) ^ 0xffff).toString(16));
        return `2001:0:808:808:0:8000:${hi}:${lo}`; // server 8.8.8.8, public
      },
    ],
  ];
  const cases = forms.flatMap(([name, write]) => inner.map(([v4, hex]) => [name, v4, write(v4, hex)] as const));

  it.each(cases)('refuses %s carrying %s (%s)', (_name, _v4, address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    ['documentation 2001:db8::/32', '2001:db8::1'],
    ['documentation 3fff::/20', '3fff:fff::1'],
    ['benchmarking 2001:2::/48', '2001:2::1'],
    ['ORCHIDv2 2001:20::/28', '2001:20::1'],
    ['deprecated ORCHID 2001:10::/28', '2001:10::1'],
    ['IETF protocol assignments 2001::/23', '2001:1ff::1'],
    ['SRv6 SIDs 5f00::/16', '5f00::1'],
    ['discard-only 100::/64', '100::1'],
    ['dummy prefix 100:0:0:1::/64', '100:0:0:1::1'],
    ['not global unicast (4000::/2)', '4000::1'],
    ['IPv4-compatible with a public IPv4 (deprecated)', '::8.8.8.8'],
    ['SIIT with a public IPv4', '::ffff:0:8.8.8.8'],
    ['local-use NAT64 with a public IPv4', '64:ff9b:1::8.8.8.8'],
    ['a zone index', 'fe80::1%eth0'],
    ['Teredo with a private server', '2001:0:a00:1:0:8000:f7f7:f7f7'],
  ])('refuses %s (%s)', (_name, address) => {
    expect(isBlockedAddress(address)).toBe(true);
  });

  it.each([
    ['global unicast', '2606:4700:4700::1111'],
    ['global unicast', '2a00:1450:4001:80b::200e'],
    ['global unicast near 2001::/23', '2001:200::1'],
    ['global unicast next to 2001:db8::/32', '2001:db9::1'],
    ['global unicast next to 3fff::/20', '3fff:1000::1'],
    ['global unicast at the top of 2000::/3', '3ffe:ffff::1'],
    ['IPv4-mapped with a public IPv4', '::ffff:8.8.8.8'],
    ['IPv4-mapped in hex', '::ffff:808:808'],
    ['NAT64 with a public IPv4 (DNS64)', '64:ff9b::1.1.1.1'],
    ['6to4 with a public IPv4', '2002:808:808::1'],
    ['Teredo with public server and client', '2001:0:808:808:0:8000:fefe:fefe'], // client 1.1.1.1
  ])('lets %s through (%s)', (_name, address) => {
    expect(isBlockedAddress(address)).toBe(false);
  });

  it('refuses the same addresses when written as URL hosts', async () => {
    for (const host of [
      '[::127.0.0.1]',
      '[::ffff:0:a01:203]',
      '[2002:7f00:1::1]',
      '[2001:0:808:808:0:8000:80ff:fffe]',
    ]) {
      await expect(assertSafeUrl(`https://${host}/cal.ics`, { allowPrivate: false })).rejects.toThrow(
        new SourceRefused(REFUSED_PRIVATE),
      );
    }
  });
});

describe('parseCalendarUrl', () => {
  it.each([
    ['ftp://example.com/cal.ics', REFUSED_SCHEME],
    ['file:///etc/passwd', REFUSED_SCHEME],
    ['javascript:alert(1)', REFUSED_SCHEME],
    ['gopher://example.com/', REFUSED_SCHEME],
    ['webcal://example.com/cal.ics', REFUSED_SCHEME], // only where webcal is accepted
    ['https://user:secret@example.com/cal.ics', REFUSED_CREDENTIALS],
    ['https://user@example.com/cal.ics', REFUSED_CREDENTIALS],
    ['not a url', REFUSED_INVALID],
    ['', REFUSED_INVALID],
  ])('refuses %s', (raw, message) => {
    expect(() => parseCalendarUrl(raw)).toThrow(new SourceRefused(message));
  });

  it('reads webcal:// and webcals:// as https:// where accepted, keeping host, port, path and query', () => {
    expect(
      parseCalendarUrl('webcal://cal.example.com:8443/owa/calendar/abc/calendar.ics?x=1', { acceptWebcal: true }).href,
    ).toBe('https://cal.example.com:8443/owa/calendar/abc/calendar.ics?x=1');
    expect(parseCalendarUrl('WEBCALS://cal.example.com/a.ics', { acceptWebcal: true }).href).toBe(
      'https://cal.example.com/a.ics',
    );
    expect(() => parseCalendarUrl('webcal://u:p@cal.example.com/a.ics', { acceptWebcal: true })).toThrow(
      REFUSED_CREDENTIALS,
    );
  });

  it('keeps http and https as they are', () => {
    expect(parseCalendarUrl(' https://example.com/a.ics ').href).toBe('https://example.com/a.ics');
    expect(parseCalendarUrl('http://example.com/a.ics').protocol).toBe('http:');
  });
});

describe('assertSafeUrl', () => {
  const refuse = { allowPrivate: false };

  it.each([
    'http://127.0.0.1/cal.ics',
    'http://localhost:8080/cal.ics', // resolves to loopback
    'http://[::1]/cal.ics',
    'http://[::ffff:127.0.0.1]/cal.ics',
    'http://2130706433/cal.ics', // 127.0.0.1 written as one number
    'http://0x7f.1/cal.ics',
    'http://169.254.169.254/latest/meta-data/',
    'https://10.0.0.5/cal.ics',
    'https://192.168.1.10/cal.ics',
    'http://0.0.0.0/',
  ])('refuses %s as private', async (raw) => {
    await expect(assertSafeUrl(raw, refuse)).rejects.toThrow(new SourceRefused(REFUSED_PRIVATE));
  });

  it('allows private addresses when allowPrivate is true', async () => {
    await expect(assertSafeUrl('http://127.0.0.1:9/cal.ics', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
    await expect(assertSafeUrl('http://localhost/cal.ics', { allowPrivate: true })).resolves.toBeInstanceOf(URL);
  });

  it('still refuses other schemes when allowPrivate is true', async () => {
    await expect(assertSafeUrl('file:///etc/passwd', { allowPrivate: true })).rejects.toThrow(REFUSED_SCHEME);
  });

  it('lets a public address literal through without DNS', async () => {
    await expect(assertSafeUrl('https://93.184.216.34/cal.ics', refuse)).resolves.toBeInstanceOf(URL);
  });

  it('refuses a name that does not resolve', async () => {
    await expect(assertSafeUrl('https://no-such-host.invalid/cal.ics', refuse)).rejects.toThrow(
      new SourceRefused(REFUSED_UNKNOWN_HOST),
    );
  });

  it('never puts the address in its messages', async () => {
    const secret = 'https://alice:s3cr3t@10.0.0.1/owa/calendar/TOKEN123/calendar.ics';
    const messages: string[] = [];
    for (const raw of [secret, secret.replace('alice:s3cr3t@', ''), 'ftp://10.0.0.1/TOKEN123']) {
      await assertSafeUrl(raw, refuse).catch((err: Error) => messages.push(err.message));
    }
    expect(messages).toHaveLength(3);
    for (const m of messages) expect(m).not.toMatch(/10\.0\.0\.1|TOKEN123|s3cr3t|alice|owa/);
  });
});

describe('createSafeLookup (checked again when the connection is made)', () => {
  let server: Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = createServer((_req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  function get(host: string, lookup: ReturnType<typeof createSafeLookup>): Promise<string> {
    return new Promise((resolve, reject) => {
      const req = request({ host, port, path: '/', agent: false, lookup }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      });
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses to connect when the name resolves to a private address at connect time', async () => {
    // No check before: this is the path a DNS rebinding would take after assertSafeUrl said yes.
    const before = hits;
    await expect(get('localhost', createSafeLookup())).rejects.toThrow(new SourceRefused(REFUSED_PRIVATE));
    expect(hits).toBe(before);
  });

  it('connects when the resolved address is explicitly allowed', async () => {
    await expect(get('localhost', createSafeLookup(['127.0.0.1', '::1']))).resolves.toBe('200');
  });
});
