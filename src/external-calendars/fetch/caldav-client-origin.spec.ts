import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { discoverCalDavCalendars, fetchCalDavEvents, REFUSED_INSECURE } from './caldav-client';
import { ByteBudget, guardedRequest, REFUSED_DOWNGRADE, REFUSED_OTHER_ORIGIN } from './guarded-request';
import { SourceRefused } from './safe-address';

// The CalDAV password goes only to the origin (scheme, host, port) the person entered, whatever the
// server's answers name: two real loopback servers, the entered one and another one that answers
// CalDAV just as well and records whether it was ever asked (and with which Authorization).

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

class DavServer {
  handler: Handler = () => undefined;
  seen: { method: string; url: string; authorization?: string }[] = [];
  base = '';
  private readonly sockets = new Set<Socket>();

  constructor(
    private readonly server: Server,
    private readonly scheme: 'http' | 'https',
  ) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
        this.handler(req, res, Buffer.concat(chunks).toString('utf8'));
      });
    });
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.base = `${this.scheme}://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
    return this;
  }

  get port(): string {
    return new URL(this.base).port;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const multistatus = (inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${inner}</d:multistatus>`;
const ok = (href: string, prop: string) =>
  `<d:response><d:href>${href}</d:href><d:propstat><d:prop>${prop}</d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`;

interface Hrefs {
  principal?: string;
  home?: string;
  calendar?: string;
}

/**
 * A CalDAV server in a few lines: principal, home and calendar hrefs as given (default: its own /p/,
 * /h/, /h/cal/), answer hrefs absolute, so that a client that went to another server would get on.
 */
function caldav(hrefs: Hrefs = {}): Handler {
  return (req, res, body) => {
    const scheme = (req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
    const self = `${scheme}://${req.headers.host}${req.url}`;
    const xml = (inner: string) => {
      res.writeHead(207, { 'Content-Type': 'application/xml; charset=utf-8' });
      res.end(multistatus(inner));
    };
    if (req.method === 'REPORT') {
      return xml(
        ok(
          `${self}e1.ics`,
          '<d:getetag>"1"</d:getetag><c:calendar-data>BEGIN:VCALENDAR&#13;\nUID:e1&#13;\nEND:VCALENDAR</c:calendar-data>',
        ),
      );
    }
    if (req.method !== 'PROPFIND' || req.url?.startsWith('/.well-known/')) {
      res.writeHead(404);
      return res.end();
    }
    if (body.includes('current-user-principal')) {
      return xml(
        ok(self, `<d:current-user-principal><d:href>${hrefs.principal ?? '/p/'}</d:href></d:current-user-principal>`),
      );
    }
    if (body.includes('calendar-home-set')) {
      return xml(ok(self, `<c:calendar-home-set><d:href>${hrefs.home ?? '/h/'}</d:href></c:calendar-home-set>`));
    }
    return xml(
      ok(
        hrefs.calendar ?? '/h/cal/',
        '<d:displayname>Work</d:displayname><d:resourcetype><d:collection/><c:calendar/></d:resourcetype><c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set>',
      ),
    );
  };
}

let entered: DavServer;
let other: DavServer;
let tls: DavServer;
let ca: string;
let certDir: string;

beforeAll(async () => {
  entered = await new DavServer(createServer(), 'http').listen();
  other = await new DavServer(createServer(), 'http').listen();
  // A self-signed certificate for 127.0.0.1, made for this run.
  certDir = mkdtempSync(join(tmpdir(), 'samtal-caldav-tls-'));
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
      join(certDir, 'key.pem'),
      '-out',
      join(certDir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  ca = readFileSync(join(certDir, 'cert.pem'), 'utf8');
  tls = await new DavServer(
    createHttpsServer({ key: readFileSync(join(certDir, 'key.pem')), cert: ca }),
    'https',
  ).listen();
});
afterAll(async () => {
  await Promise.all([entered.close(), other.close(), tls.close()]);
  rmSync(certDir, { recursive: true, force: true });
});
beforeEach(() => {
  for (const server of [entered, other, tls]) {
    server.seen.length = 0;
    server.handler = caldav();
  }
});

const basic = `Basic ${Buffer.from('alice:SECRETPASS').toString('base64')}`;
const access = (url = entered.base) => ({
  url,
  username: 'alice',
  password: 'SECRETPASS',
  allowPrivate: true,
  ca,
  timeoutMs: 3000,
});
const range = { from: new Date('2026-01-05T00:00:00Z'), to: new Date('2026-01-12T00:00:00Z') };

async function refusal(promise: Promise<unknown>): Promise<SourceRefused> {
  const err = await promise.then(
    () => {
      throw new Error('expected the CalDAV call to be refused');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceRefused);
  expect((err as Error).message).not.toMatch(/127\.0\.0\.1|alice|SECRETPASS|https?:|\//);
  return err as SourceRefused;
}

describe('CalDAV discovery sends the password only to the entered origin', () => {
  it('discovers through relative hrefs on the entered server, over http and https', async () => {
    await expect(discoverCalDavCalendars(access())).resolves.toEqual([{ href: `${entered.base}h/cal/`, name: 'Work' }]);
    await expect(discoverCalDavCalendars(access(tls.base))).resolves.toEqual([
      { href: `${tls.base}h/cal/`, name: 'Work' },
    ]);
    expect(entered.seen.length).toBeGreaterThan(2);
    for (const r of [...entered.seen, ...tls.seen]) expect(r.authorization).toBe(basic);
  });

  it.each<[string, () => Hrefs]>([
    ['current-user-principal', () => ({ principal: `${other.base}p/` })],
    ['current-user-principal, protocol-relative', () => ({ principal: `//127.0.0.1:${other.port}/p/` })],
    ['calendar-home-set', () => ({ home: `${other.base}h/` })],
    ['calendar href', () => ({ calendar: `${other.base}h/cal/` })],
  ])('refuses a %s on another server, which is never asked', async (_what, hrefs) => {
    entered.handler = caldav(hrefs());
    expect(await refusal(discoverCalDavCalendars(access()))).toEqual(new SourceRefused(REFUSED_OTHER_ORIGIN));
    expect(other.seen).toEqual([]);
  });

  it('refuses a redirect to another server instead of following it, with or without the password', async () => {
    entered.handler = (req, res, body) => {
      if (req.url === '/p/') {
        res.writeHead(307, { Location: `${other.base}p/` });
        return res.end();
      }
      caldav()(req, res, body);
    };
    expect(await refusal(discoverCalDavCalendars(access()))).toEqual(new SourceRefused(REFUSED_OTHER_ORIGIN));
    expect(other.seen).toEqual([]);
  });

  it('ignores a well-known redirect to another server and finds the calendars at the entered address', async () => {
    entered.handler = (req, res, body) => {
      if (req.url === '/.well-known/caldav') {
        res.writeHead(301, { Location: `${other.base}dav/` });
        return res.end();
      }
      caldav()(req, res, body);
    };
    await expect(discoverCalDavCalendars(access())).resolves.toEqual([{ href: `${entered.base}h/cal/`, name: 'Work' }]);
    expect(other.seen).toEqual([]);
  });

  it.each<[string, () => Hrefs]>([
    ['on another server', () => ({ principal: `${other.base}p/` })],
    ['on the same host and port', () => ({ principal: `http://127.0.0.1:${tls.port}/p/` })],
  ])('refuses a plain http principal %s when https was entered', async (_where, hrefs) => {
    tls.handler = caldav(hrefs());
    expect(await refusal(discoverCalDavCalendars(access(tls.base)))).toEqual(new SourceRefused(REFUSED_INSECURE));
    expect(other.seen).toEqual([]);
    expect(tls.seen.every((r) => r.url !== '/p/')).toBe(true);
  });

  it('refuses a redirect from https down to http', async () => {
    tls.handler = (req, res, body) => {
      if (req.url === '/p/') {
        res.writeHead(308, { Location: `${other.base}p/` });
        return res.end();
      }
      caldav()(req, res, body);
    };
    expect(await refusal(discoverCalDavCalendars(access(tls.base)))).toEqual(new SourceRefused(REFUSED_DOWNGRADE));
    expect(other.seen).toEqual([]);
  });
});

describe('CalDAV sync sends the password only to the entered origin', () => {
  it('reads calendars on the entered server', async () => {
    const objects = await fetchCalDavEvents({ ...access(), calendars: [`${entered.base}h/cal/`], ...range });
    expect(objects).toHaveLength(1);
    expect(entered.seen).toEqual([{ method: 'REPORT', url: '/h/cal/', authorization: basic }]);
  });

  it('refuses a stored calendar on another server before reading any', async () => {
    const err = await refusal(
      fetchCalDavEvents({ ...access(), calendars: [`${entered.base}h/cal/`, `${other.base}h/cal/`], ...range }),
    );
    expect(err).toEqual(new SourceRefused(REFUSED_OTHER_ORIGIN));
    expect(other.seen).toEqual([]);
    expect(entered.seen).toEqual([]);
  });

  it('refuses a stored plain http calendar when https was entered', async () => {
    const err = await refusal(
      fetchCalDavEvents({ ...access(tls.base), calendars: [`http://127.0.0.1:${tls.port}/h/cal/`], ...range }),
    );
    expect(err).toEqual(new SourceRefused(REFUSED_INSECURE));
    expect(tls.seen).toEqual([]);
  });

  it('refuses a calendar that redirects to another server', async () => {
    entered.handler = (_req, res) => {
      res.writeHead(302, { Location: `${other.base}h/cal/` });
      res.end();
    };
    const err = await refusal(fetchCalDavEvents({ ...access(), calendars: [`${entered.base}h/cal/`], ...range }));
    expect(err).toEqual(new SourceRefused(REFUSED_OTHER_ORIGIN));
    expect(other.seen).toEqual([]);
  });
});

describe('guardedRequest redirects', () => {
  it('follows a redirect to another origin without Authorization or Cookie (ICS links)', async () => {
    entered.handler = (_req, res) => {
      res.writeHead(302, { Location: `${other.base}cal.ics` });
      res.end();
    };
    other.handler = (req, res) => {
      res.end(JSON.stringify(req.headers));
    };
    const response = await guardedRequest(`${entered.base}cal.ics`, {
      headers: { Authorization: basic, Cookie: 'session=1' },
      allowPrivate: true,
      deadline: Date.now() + 3000,
      budget: new ByteBudget(1024 * 1024),
    });
    expect(response.url).toBe(`${other.base}cal.ics`);
    const headers = JSON.parse(response.body.toString('utf8')) as Record<string, string>;
    expect(headers.authorization).toBeUndefined();
    expect(headers.cookie).toBeUndefined();
    expect(entered.seen[0].authorization).toBe(basic);
  });

  it('refuses a redirect to another origin with sameOrigin', async () => {
    entered.handler = (_req, res) => {
      res.writeHead(302, { Location: `${other.base}cal.ics` });
      res.end();
    };
    const request = guardedRequest(`${entered.base}cal.ics`, {
      headers: { Authorization: basic },
      allowPrivate: true,
      deadline: Date.now() + 3000,
      budget: new ByteBudget(1024 * 1024),
      sameOrigin: true,
    });
    await expect(request).rejects.toEqual(new SourceRefused(REFUSED_OTHER_ORIGIN));
    expect(other.seen).toEqual([]);
  });
});
