import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { discoverCalDavCalendars, fetchCalDavEvents } from './caldav-client';
import { REFUSED_OTHER_ORIGIN } from './guarded-request';
import { SourceRefused } from './safe-address';
import { SourceFailed } from './source-failed';

// How the CalDAV client fails against servers that misbehave (the happy paths run against a real
// Radicale in test/external-calendars-caldav.caldav-spec.ts).

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

let server: Server;
let base: string;
let handler: Handler;
const seen: { method: string; url: string; authorization?: string }[] = [];
const sockets = new Set<Socket>();

const multistatus = (inner: string) =>
  `<?xml version="1.0" encoding="utf-8"?><d:multistatus xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">${inner}</d:multistatus>`;

/** Answers discovery like a minimal CalDAV server: principal /p/, home /h/, one calendar /h/cal/. */
const discovery: Handler = (req, res, body) => {
  const xml = (status: number, inner: string) => {
    res.writeHead(status, { 'Content-Type': 'application/xml; charset=utf-8' });
    res.end(multistatus(inner));
  };
  if (req.method !== 'PROPFIND') {
    res.writeHead(405);
    return res.end();
  }
  if (body.includes('current-user-principal')) {
    return xml(
      207,
      `<d:response><d:href>${req.url}</d:href><d:propstat><d:prop><d:current-user-principal><d:href>/p/</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
    );
  }
  if (body.includes('calendar-home-set')) {
    return xml(
      207,
      `<d:response><d:href>/p/</d:href><d:propstat><d:prop><c:calendar-home-set><d:href>/h/</d:href></c:calendar-home-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
    );
  }
  return xml(
    207,
    `<d:response><d:href>/h/cal/</d:href><d:propstat><d:prop><d:displayname>Work</d:displayname><d:resourcetype><d:collection/><c:calendar/></d:resourcetype><c:supported-calendar-component-set><c:comp name="VEVENT"/></c:supported-calendar-component-set></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
  );
};

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', authorization: req.headers.authorization });
      handler(req, res, Buffer.concat(chunks).toString('utf8'));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => {
  for (const s of sockets) s.destroy();
  return new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
});

const access = () => ({ url: base, username: 'alice', password: 'SECRETPASS', allowPrivate: true, timeoutMs: 2000 });
const range = { from: new Date('2026-01-05T00:00:00Z'), to: new Date('2026-01-12T00:00:00Z') };

async function failure(promise: Promise<unknown>): Promise<SourceFailed> {
  const err = await promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(SourceFailed);
  expect((err as Error).message).not.toMatch(/127\.0\.0\.1|alice|SECRETPASS|https?:/);
  return err as SourceFailed;
}

describe('discoverCalDavCalendars against misbehaving servers', () => {
  it('discovers through a minimal server, sending Basic auth on every request', async () => {
    handler = discovery;
    await expect(discoverCalDavCalendars(access())).resolves.toEqual([{ href: `${base}h/cal/`, name: 'Work' }]);
    const expected = `Basic ${Buffer.from('alice:SECRETPASS').toString('base64')}`;
    expect(seen.length).toBeGreaterThan(2);
    for (const request of seen) expect(request.authorization).toBe(expected);
  });

  it('fails on an error listing the calendars instead of returning none', async () => {
    handler = (req, res, body) => {
      if (req.url === '/h/') {
        res.writeHead(500);
        return res.end('boom');
      }
      discovery(req, res, body);
    };
    const err = await failure(discoverCalDavCalendars(access()));
    expect(err.code).toBe('http-status');
    expect(err.status).toBe(500);
  });

  it('says "not CalDAV" for a web server that is not one', async () => {
    handler = (_req, res) => {
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<h1>Not found</h1>');
    };
    const err = await failure(discoverCalDavCalendars(access()));
    expect(err.code).toBe('not-caldav');
    expect(err.message).toBe('That address does not look like a CalDAV server.');
  });

  it('times out a server that never answers, within the timeout for the whole discovery', async () => {
    handler = () => undefined;
    const started = Date.now();
    const err = await failure(discoverCalDavCalendars({ ...access(), timeoutMs: 300 }));
    expect(err.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports 401 as unauthorized', async () => {
    handler = (_req, res) => {
      res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="x"' });
      res.end();
    };
    const err = await failure(discoverCalDavCalendars(access()));
    expect(err.code).toBe('unauthorized');
  });

  it('refuses a principal on another, private, address when private addresses are not allowed', async () => {
    // The server (on 127.0.0.1, let through explicitly) names a principal on another loopback address:
    // refused for being another origin before the private-network check is reached (the password stays
    // with the entered server; caldav-client-origin.spec.ts covers that rule).
    handler = (req, res, body) => {
      if (body.includes('current-user-principal')) {
        res.writeHead(207, { 'Content-Type': 'application/xml' });
        return res.end(
          multistatus(
            `<d:response><d:href>${req.url}</d:href><d:propstat><d:prop><d:current-user-principal><d:href>http://127.0.0.2:${new URL(base).port}/p/</d:href></d:current-user-principal></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
          ),
        );
      }
      discovery(req, res, body);
    };
    const err: unknown = await discoverCalDavCalendars({
      ...access(),
      allowPrivate: false,
      allowedAddresses: ['127.0.0.1'],
    }).catch((e: unknown) => e);
    expect(err).toEqual(new SourceRefused(REFUSED_OTHER_ORIGIN));
    expect(seen.every((r) => r.url !== '/p/')).toBe(true);
  });
});

describe('fetchCalDavEvents against misbehaving servers', () => {
  it('fails on a server error instead of answering "no events"', async () => {
    handler = (_req, res) => {
      res.writeHead(503, { 'Content-Type': 'text/plain' });
      res.end('maintenance');
    };
    const err = await failure(fetchCalDavEvents({ ...access(), calendars: [`${base}h/cal/`], ...range }));
    expect(err.code).toBe('http-status');
    expect(err.status).toBe(503);
  });

  it('sends one calendar-query with the time range per calendar', async () => {
    const bodies: string[] = [];
    handler = (req, res, body) => {
      bodies.push(body);
      res.writeHead(207, { 'Content-Type': 'application/xml' });
      res.end(
        multistatus(
          `<d:response><d:href>${req.url}e1.ics</d:href><d:propstat><d:prop><d:getetag>"1"</d:getetag><c:calendar-data>BEGIN:VCALENDAR&#13;
UID:e1&#13;
END:VCALENDAR</c:calendar-data></d:prop><d:status>HTTP/1.1 200 OK</d:status></d:propstat></d:response>`,
        ),
      );
    };
    const objects = await fetchCalDavEvents({ ...access(), calendars: [`${base}a/`, `${base}b/`], ...range });
    expect(objects).toHaveLength(2);
    expect(objects[0]).toMatch(/^BEGIN:VCALENDAR\r?\nUID:e1/);
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(['REPORT /a/', 'REPORT /b/']);
    for (const body of bodies) {
      expect(body).toContain('calendar-query');
      expect(body).toMatch(/time-range start="20260105T000000Z" end="20260112T000000Z"/);
    }
  });

  it('stops at the deadline across calendars', async () => {
    handler = () => undefined;
    const err = await failure(
      fetchCalDavEvents({ ...access(), timeoutMs: 300, calendars: [`${base}a/`, `${base}b/`], ...range }),
    );
    expect(err.code).toBe('timeout');
  });
});
