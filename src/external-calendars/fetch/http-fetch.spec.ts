import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, deflateSync } from 'node:zlib';
import { fetchCalendarText } from './http-fetch';
import { REFUSED_DOWNGRADE } from './guarded-request';
import { REFUSED_CREDENTIALS, REFUSED_PRIVATE, REFUSED_SCHEME, SourceRefused } from './safe-address';
import { SourceFailed } from './source-failed';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP(S) server on a loopback address; each test sets the handler. */
class CalendarServer {
  handler: Handler = (_req, res) => res.end();
  requests: IncomingMessage[] = [];
  port = 0;
  private readonly sockets = new Set<import('node:net').Socket>();
  constructor(
    private readonly server: Server,
    readonly host: string,
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.requests.push(req);
      this.handler(req, res);
    });
    server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }
  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, this.host, resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }
  url(path: string): string {
    return `http://${this.host}:${this.port}${path}`;
  }
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const ICS = [
  'BEGIN:VCALENDAR',
  'VERSION:2.0',
  'PRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN',
  'BEGIN:VEVENT',
  'UID:040000008200E00074C5B7101A82E008',
  'DTSTAMP:20260105T080000Z',
  'DTSTART:20260105T090000Z',
  'DTEND:20260105T100000Z',
  'SUMMARY:Team meeting',
  'END:VEVENT',
  'END:VCALENDAR',
  '',
].join('\r\n');

// Every URL in these specs carries secrets in its path and query, like Outlook's published links.
const SECRET_PATH = '/owa/calendar/SECRETPATH0123/reachcalendar.ics?token=SECRETQUERY0456';
const errors: Error[] = [];

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    errors.push(err as Error);
    return err as Error;
  }
  throw new Error('expected the fetch to fail');
}

function expectFailed(err: Error, code: string): void {
  expect(err).toBeInstanceOf(SourceFailed);
  expect((err as SourceFailed).code).toBe(code);
}

let http: CalendarServer;
let other: CalendarServer; // a second loopback server, on 127.0.0.2 (a "public" address in some specs)
const open = { allowPrivate: true };

beforeAll(async () => {
  http = await new CalendarServer(createServer(), '127.0.0.1').listen();
  other = await new CalendarServer(createServer(), '127.0.0.2').listen();
});
afterAll(async () => {
  await http.close();
  await other.close();
});
beforeEach(() => {
  http.requests = [];
  other.requests = [];
});

describe('fetchCalendarText: caching', () => {
  it('returns the body with its ETag, then not-modified when If-None-Match matches', async () => {
    http.handler = (req, res) => {
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { ETag: '"v1"' });
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8', ETag: '"v1"' });
      res.end(ICS);
    };
    const first = await fetchCalendarText(http.url(SECRET_PATH), open);
    expect(first).toEqual({ status: 'ok', body: ICS, etag: '"v1"' });
    const second = await fetchCalendarText(http.url(SECRET_PATH), { ...open, etag: '"v1"' });
    expect(second).toEqual({ status: 'not-modified' });
    expect(http.requests.map((r) => r.headers['if-none-match'])).toEqual([undefined, '"v1"']);
    // A changed calendar: the old ETag no longer matches.
    const third = await fetchCalendarText(http.url(SECRET_PATH), { ...open, etag: '"v0"' });
    expect(third.status).toBe('ok');
  });

  it('sends If-Modified-Since from Last-Modified and honours 304', async () => {
    const lastModified = 'Mon, 05 Jan 2026 08:00:00 GMT';
    http.handler = (req, res) => {
      if (req.headers['if-modified-since'] === lastModified) {
        res.writeHead(304);
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/calendar', 'Last-Modified': lastModified });
      res.end(ICS);
    };
    const first = await fetchCalendarText(http.url(SECRET_PATH), open);
    expect(first).toEqual({ status: 'ok', body: ICS, lastModified });
    await expect(fetchCalendarText(http.url(SECRET_PATH), { ...open, lastModified })).resolves.toEqual({
      status: 'not-modified',
    });
    expect(http.requests[1].headers['if-modified-since']).toBe(lastModified);
  });

  it('treats a 304 that nothing asked for as an error', async () => {
    http.handler = (_req, res) => {
      res.writeHead(304);
      res.end();
    };
    expectFailed(await failure(fetchCalendarText(http.url(SECRET_PATH), open)), 'http-status');
  });

  it('passes extra headers and strips a byte-order mark', async () => {
    http.handler = (req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(req.headers['x-extra'] === 'yes' ? `\uFEFF${ICS}` : 'nope');
    };
    const result = await fetchCalendarText(http.url(SECRET_PATH), { ...open, headers: { 'X-Extra': 'yes' } });
    expect(result).toEqual({ status: 'ok', body: ICS });
  });
});

describe('fetchCalendarText: limits', () => {
  it('gives up on a server that sends headers and then a body that never ends, within the timeout', async () => {
    http.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n');
      const drip = setInterval(() => res.write('X-DRIP:1\r\n'), 50); // never idle, never done
      res.on('close', () => clearInterval(drip));
    };
    const started = Date.now();
    const err = await failure(fetchCalendarText(http.url(SECRET_PATH), { ...open, timeoutMs: 400 }));
    const elapsed = Date.now() - started;
    expectFailed(err, 'timeout');
    expect(err.message).toBe('The calendar server did not answer in time.');
    expect(elapsed).toBeGreaterThanOrEqual(390);
    expect(elapsed).toBeLessThan(1500);
  });

  it('times out a server that never answers at all', async () => {
    http.handler = () => undefined;
    const started = Date.now();
    expectFailed(await failure(fetchCalendarText(http.url(SECRET_PATH), { ...open, timeoutMs: 300 })), 'timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('stops reading a chunked body (no Content-Length) past maxBytes', async () => {
    let written = 0;
    http.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.write('BEGIN:VCALENDAR\r\n');
      const line = `X-FILL:${'x'.repeat(1000)}\r\n`;
      const pump = setInterval(() => {
        for (let i = 0; i < 20; i++) res.write(line);
        written += 20 * line.length;
      }, 5);
      res.on('close', () => clearInterval(pump));
    };
    const err = await failure(
      fetchCalendarText(http.url(SECRET_PATH), { ...open, maxBytes: 64 * 1024, timeoutMs: 5000 }),
    );
    expectFailed(err, 'too-large');
    expect(err.message).toBe('The calendar is larger than the 64 KB limit.');
    expect(written).toBeLessThan(1024 * 1024);
  });

  it('refuses a Content-Length above maxBytes before reading the body', async () => {
    http.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar', 'Content-Length': String(50 * 1024 * 1024) });
      res.write('BEGIN:VCALENDAR\r\n'); // and nothing more: reading would only end at the timeout
    };
    const started = Date.now();
    const err = await failure(fetchCalendarText(http.url(SECRET_PATH), { ...open, timeoutMs: 3000 }));
    expectFailed(err, 'too-large');
    expect(err.message).toBe('The calendar is larger than the 5 MB limit.');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('accepts gzip and deflate bodies', async () => {
    for (const [encoding, compress] of [
      ['gzip', gzipSync],
      ['deflate', deflateSync],
    ] as const) {
      http.handler = (req, res) => {
        expect(req.headers['accept-encoding']).toMatch(/gzip/);
        res.writeHead(200, { 'Content-Type': 'text/calendar', 'Content-Encoding': encoding });
        res.end(compress(Buffer.from(ICS)));
      };
      await expect(fetchCalendarText(http.url(SECRET_PATH), open)).resolves.toEqual({ status: 'ok', body: ICS });
    }
  });

  it('counts the decompressed size toward the cap (a small gzip that inflates to megabytes)', async () => {
    const bomb = gzipSync(Buffer.from(`BEGIN:VCALENDAR\r\n${'X-PAD:0000000000\r\n'.repeat(200_000)}`));
    expect(bomb.length).toBeLessThan(64 * 1024);
    http.handler = (_req, res) => {
      res.writeHead(200, {
        'Content-Type': 'text/calendar',
        'Content-Encoding': 'gzip',
        'Content-Length': bomb.length,
      });
      res.end(bomb);
    };
    expectFailed(
      await failure(fetchCalendarText(http.url(SECRET_PATH), { ...open, maxBytes: 1024 * 1024 })),
      'too-large',
    );
  });

  it('reports a damaged gzip body', async () => {
    http.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar', 'Content-Encoding': 'gzip' });
      res.end('this is not gzip');
    };
    expectFailed(await failure(fetchCalendarText(http.url(SECRET_PATH), open)), 'bad-response');
  });
});

describe('fetchCalendarText: statuses and content', () => {
  it.each([
    [404, 'The calendar was not found at that address (status 404).'],
    [410, 'The calendar was not found at that address (status 410).'],
    [403, 'The calendar server refused access (status 403).'],
    [500, 'The calendar server had an error (status 500).'],
    [503, 'The calendar server had an error (status 503).'],
    [418, 'The calendar server answered with status 418.'],
  ])('maps %i to http-status', async (status, message) => {
    http.handler = (_req, res) => {
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end(`<h1>${status}</h1> for ${SECRET_PATH}`);
    };
    const err = await failure(fetchCalendarText(http.url(SECRET_PATH), open));
    expectFailed(err, 'http-status');
    expect((err as SourceFailed).status).toBe(status);
    expect(err.message).toBe(message);
  });

  it('refuses a body that is not iCalendar (a sign-in page, say)', async () => {
    http.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end('<!doctype html><title>Sign in</title>');
    };
    expectFailed(await failure(fetchCalendarText(http.url(SECRET_PATH), open)), 'not-calendar');
  });

  it('reports a server that is down as a network failure', async () => {
    const down = await new CalendarServer(createServer(), '127.0.0.1').listen();
    const url = down.url(SECRET_PATH);
    await down.close();
    const err = await failure(fetchCalendarText(url, open));
    expectFailed(err, 'network');
    expect(err.message).toBe('The calendar server refused the connection.');
  });

  it('turns a header Node refuses to send into a SourceFailed, not a raw TypeError', async () => {
    const err = await failure(fetchCalendarText(http.url(SECRET_PATH), { ...open, headers: { 'X-Bad': 'a\r\nb' } }));
    expectFailed(err, 'network');
  });

  it('reports a connection cut in the middle of the body', async () => {
    http.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar', 'Content-Length': '5000' });
      res.write('BEGIN:VCALENDAR\r\n');
      setTimeout(() => res.socket?.destroy(), 20);
    };
    expectFailed(await failure(fetchCalendarText(http.url(SECRET_PATH), open)), 'network');
  });
});

describe('fetchCalendarText: addresses and redirects', () => {
  it('refuses loopback when allowPrivate is false, without sending a request', async () => {
    http.handler = (_req, res) => res.end(ICS);
    for (const url of [http.url(SECRET_PATH), `http://localhost:${http.port}${SECRET_PATH}`]) {
      const err = await failure(fetchCalendarText(url, { allowPrivate: false }));
      expect(err).toEqual(new SourceRefused(REFUSED_PRIVATE));
    }
    expect(http.requests).toHaveLength(0);
  });

  it.each([
    ['ftp://127.0.0.1/SECRETPATH/cal.ics', REFUSED_SCHEME],
    ['file:///tmp/SECRETPATH/cal.ics', REFUSED_SCHEME],
    ['https://alice:SECRETPASS@example.com/cal.ics', REFUSED_CREDENTIALS],
  ])('refuses %s', async (url, message) => {
    const err = await failure(fetchCalendarText(url, open));
    expect(err).toEqual(new SourceRefused(message));
  });

  it('follows up to 3 redirects', async () => {
    http.handler = (req, res) => {
      const step = Number(/step=(\d)/.exec(req.url ?? '')?.[1] ?? 0);
      if (step < 3) {
        res.writeHead(step % 2 ? 302 : 301, { Location: `/next?step=${step + 1}` });
        return res.end();
      }
      res.writeHead(200, { 'Content-Type': 'text/calendar', ETag: '"r"' });
      res.end(ICS);
    };
    await expect(fetchCalendarText(http.url('/start?step=0'), open)).resolves.toEqual({
      status: 'ok',
      body: ICS,
      etag: '"r"',
    });
    expect(http.requests).toHaveLength(4);
  });

  it('gives up after the 3rd redirect', async () => {
    http.handler = (_req, res) => {
      res.writeHead(307, { Location: SECRET_PATH });
      res.end();
    };
    expectFailed(await failure(fetchCalendarText(http.url(SECRET_PATH), open)), 'too-many-redirects');
    expect(http.requests).toHaveLength(4);
  });

  it('refuses a redirect into a private address when allowPrivate is false', async () => {
    // 127.0.0.2 plays the public server (explicitly allowed); it redirects to loopback 127.0.0.1.
    const guard = { allowPrivate: false, allowedAddresses: ['127.0.0.2'] };
    http.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar' });
      res.end(ICS);
    };
    for (const target of [http.url(SECRET_PATH), `http://localhost:${http.port}${SECRET_PATH}`]) {
      other.handler = (_req, res) => {
        res.writeHead(302, { Location: target });
        res.end();
      };
      const err = await failure(fetchCalendarText(other.url(SECRET_PATH), guard));
      expect(err).toEqual(new SourceRefused(REFUSED_PRIVATE));
    }
    expect(other.requests).toHaveLength(2);
    expect(http.requests).toHaveLength(0);
    // The same redirect is followed when private addresses are allowed.
    await expect(fetchCalendarText(other.url(SECRET_PATH), open)).resolves.toMatchObject({ status: 'ok' });
    expect(http.requests).toHaveLength(1);
  });

  it('refuses a redirect to another scheme', async () => {
    http.handler = (_req, res) => {
      res.writeHead(301, { Location: 'file:///etc/passwd' });
      res.end();
    };
    expect(await failure(fetchCalendarText(http.url(SECRET_PATH), open))).toEqual(new SourceRefused(REFUSED_SCHEME));
  });
});

describe('fetchCalendarText over https (webcal://)', () => {
  let dir: string;
  let tlsServer: CalendarServer;
  let ca: string;

  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made for this run.
    dir = mkdtempSync(join(tmpdir(), 'samtal-fetch-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
      ],
      { stdio: 'ignore' },
    );
    ca = readFileSync(join(dir, 'cert.pem'), 'utf8');
    const server = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: ca });
    tlsServer = await new CalendarServer(server, '127.0.0.1').listen();
  });
  afterAll(async () => {
    await tlsServer.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads webcal:// as https://', async () => {
    tlsServer.handler = (_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/calendar', ETag: '"w"' });
      res.end(ICS);
    };
    const url = `webcal://127.0.0.1:${tlsServer.port}${SECRET_PATH}`;
    await expect(fetchCalendarText(url, { ...open, ca })).resolves.toEqual({ status: 'ok', body: ICS, etag: '"w"' });
    expect(tlsServer.requests).toHaveLength(1);
  });

  it("refuses a certificate it cannot verify, with a message that doesn't name the host", async () => {
    tlsServer.handler = (_req, res) => res.end(ICS);
    const err = await failure(fetchCalendarText(`webcal://127.0.0.1:${tlsServer.port}${SECRET_PATH}`, open));
    expectFailed(err, 'tls');
  });

  it('refuses a redirect from https down to http', async () => {
    http.handler = (_req, res) => res.end(ICS);
    tlsServer.handler = (_req, res) => {
      res.writeHead(302, { Location: http.url(SECRET_PATH) });
      res.end();
    };
    const err = await failure(fetchCalendarText(`https://127.0.0.1:${tlsServer.port}${SECRET_PATH}`, { ...open, ca }));
    expect(err).toEqual(new SourceRefused(REFUSED_DOWNGRADE));
    expect(http.requests).toHaveLength(0);
  });
});

// Runs last (Jest runs a file's tests in order): every failure above, refused or failed.
it('never puts the URL, its path, query, credentials, host or port in an error message', () => {
  expect(errors.length).toBeGreaterThan(25);
  for (const err of errors) {
    expect(err).toBeInstanceOf(err instanceof SourceRefused ? SourceRefused : SourceFailed);
    expect(err.message).not.toMatch(/SECRET|alice|127\.0\.0|localhost|example|owa|token|reachcalendar|https?:|\//i);
    expect(err.message).not.toContain(String(http.port));
    expect(err.message).not.toContain(String(other.port));
  }
});
