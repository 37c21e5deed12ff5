import { createHash, randomBytes } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One busy (or free) event of a fixture feed; times in UTC. */
export interface FeedEvent {
  uid: string;
  start: string;
  end: string;
  /** TRANSP:TRANSPARENT (a "free" event). */
  free?: boolean;
}

/** What the server saw of one request to a feed. */
export interface FeedRequest {
  ifNoneMatch?: string;
  ifModifiedSince?: string;
  status: number;
}

/**
 * How a feed answers: `ok` serves the calendar (ETag, Last-Modified, 304 on a matching If-None-Match);
 * `slow` sends the headers and the first line, then never finishes the body; `oversized` streams a
 * chunked body (no Content-Length) until the client gives up or 64 MB went out.
 */
export type FeedMode = 'ok' | 'slow' | 'oversized';

export interface IcsFeed {
  /** The full URL, with its secret path segment. */
  url: string;
  /** The secret path segment (must never come back from the API or sit in plain text in the database). */
  secret: string;
  mode: FeedMode;
  requests: FeedRequest[];
  /** The ETag of the current body. */
  readonly etag: string;
  /** Replaces the events (a new body, so a new ETag). */
  set(events: FeedEvent[]): void;
  /** Slow and oversized answers: when the client closed the connection (ms after the request came), if it did. */
  abortedAfterMs?: number;
  /** Oversized answers: bytes written before the client gave up. */
  bytesSent: number;
}

export interface IcsServer {
  origin: string;
  /** A new feed under its own secret path. */
  feed(events?: FeedEvent[], mode?: FeedMode): IcsFeed;
  /** Stops listening and cuts every open connection: later requests meet a refused connection. */
  close(): Promise<void>;
}

const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A calendar shaped like Outlook's published one (UTC times; the unit specs cover the zones). */
export function icsCalendar(events: FeedEvent[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Samtal tests//ICS fixture//EN', 'METHOD:PUBLISH'];
  for (const e of events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${e.uid}`,
      'DTSTAMP:20270101T000000Z',
      `DTSTART:${stamp(e.start)}`,
      `DTEND:${stamp(e.end)}`,
      'SUMMARY:Team meeting with a client name in it',
      `TRANSP:${e.free ? 'TRANSPARENT' : 'OPAQUE'}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

const CHUNK = Buffer.from(
  icsCalendar([{ uid: 'filler', start: '2027-01-01T00:00:00Z', end: '2027-01-01T01:00:00Z' }]).repeat(200),
);
const OVERSIZED_LIMIT = 64 * 1024 * 1024;

/** A loopback HTTP server that publishes ICS feeds the way calendar services do, and misbehaves on demand. */
export async function startIcsServer(): Promise<IcsServer> {
  const feeds = new Map<string, IcsFeed & { body: string; modified: Date }>();
  const server: Server = createServer((req, res) => answer(req, res));

  function answer(req: IncomingMessage, res: ServerResponse): void {
    const feed = feeds.get((req.url ?? '').split('?')[0]);
    if (!feed) {
      res.writeHead(404).end();
      return;
    }
    const seen: FeedRequest = {
      ifNoneMatch: header(req, 'if-none-match'),
      ifModifiedSince: header(req, 'if-modified-since'),
      status: 200,
    };
    feed.requests.push(seen);
    const began = Date.now();
    if (feed.mode === 'slow') {
      res.on('close', () => (feed.abortedAfterMs = Date.now() - began));
      res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8' });
      res.write('BEGIN:VCALENDAR\r\n');
      return;
    }
    if (feed.mode === 'oversized') {
      res.writeHead(200, { 'Content-Type': 'text/calendar; charset=utf-8' });
      let open = true;
      res.on('close', () => {
        if (feed.bytesSent < OVERSIZED_LIMIT) feed.abortedAfterMs = Date.now() - began;
        open = false;
      });
      const pump = (): void => {
        while (open && feed.bytesSent < OVERSIZED_LIMIT) {
          feed.bytesSent += CHUNK.length;
          if (!res.write(CHUNK)) {
            res.once('drain', pump);
            return;
          }
        }
        if (open) res.end();
      };
      pump();
      return;
    }
    if (seen.ifNoneMatch && seen.ifNoneMatch.split(/\s*,\s*/).includes(feed.etag)) {
      seen.status = 304;
      res.writeHead(304, { ETag: feed.etag }).end();
      return;
    }
    res
      .writeHead(200, {
        'Content-Type': 'text/calendar; charset=utf-8',
        ETag: feed.etag,
        'Last-Modified': feed.modified.toUTCString(),
      })
      .end(feed.body);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    feed(events = [], mode = 'ok') {
      const secret = `s3cret-${randomBytes(12).toString('hex')}`;
      const path = `/owa/calendar/${secret}/reachcalendar.ics`;
      const feed = {
        url: `${origin}${path}`,
        secret,
        mode,
        requests: [] as FeedRequest[],
        body: '',
        modified: new Date(),
        bytesSent: 0,
        abortedAfterMs: undefined as number | undefined,
        get etag() {
          return `"${createHash('sha256').update(this.body).digest('hex').slice(0, 16)}"`;
        },
        set(next: FeedEvent[]) {
          this.body = icsCalendar(next);
          this.modified = new Date();
        },
      };
      feed.set(events);
      feeds.set(path, feed);
      return feed;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}
