import { calendarQuery, createAccount, DAVCalendar, fetchCalendars } from 'tsdav';
import {
  ByteBudget,
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  GuardedResponse,
  guardedRequest,
  REFUSED_OTHER_ORIGIN,
  withDeadline,
} from './guarded-request';
import { assertSafeUrl, parseCalendarUrl, SafeUrlOptions, SourceRefused } from './safe-address';
import { httpStatusFailure, SourceFailed, UNAUTHORIZED_MESSAGE } from './source-failed';

export interface CalDavAccess {
  /** The CalDAV server address the person typed (root, principal or home URL). */
  url: string;
  username: string;
  password: string;
  allowPrivate: boolean;
  /** Exact private addresses let through although allowPrivate is false (see SafeUrlOptions). */
  allowedAddresses?: readonly string[];
  /** Extra trusted certificate authorities (PEM), besides Node's bundle. */
  ca?: string | Buffer;
  /** Total time for the whole operation (all its requests). Default 10 s. */
  timeoutMs?: number;
  /** Total bytes read over all requests of the operation, after decompression. Default 5 MB. */
  maxBytes?: number;
}

export interface CalDavCalendar {
  /** Full URL of the calendar collection. */
  href: string;
  name: string;
}

export interface CalDavEventsQuery extends CalDavAccess {
  /** hrefs (full URLs) of the calendars to read, as discoverCalDavCalendars returned them. */
  calendars: string[];
  from: Date;
  to: Date;
}

function guardOf(access: CalDavAccess): SafeUrlOptions {
  return { allowPrivate: access.allowPrivate, allowedAddresses: access.allowedAddresses };
}

const NOT_CALDAV = 'That address does not look like a CalDAV server.';
export const REFUSED_INSECURE =
  'The calendar server pointed to an unencrypted http address. The password is only sent over https.';

/**
 * One CalDAV operation: a `fetch` for tsdav that goes through guardedRequest (SSRF guard on every
 * request and redirect, one deadline and one byte budget for all requests), adds Basic auth, and
 * remembers the first failure, because tsdav swallows some errors while it probes for the principal.
 * The password goes only to the origin (scheme, host, port) the person entered: the server's answers
 * (well-known redirect, current-user-principal, calendar-home-set, calendar hrefs) and its redirects
 * may name any other server, or plain http, and none of those is asked anything.
 */
class CalDavSession {
  private readonly deadline: number;
  private readonly budget: ByteBudget;
  private readonly authorization: string;
  /** The address the person entered: the only origin that gets the password. */
  private readonly entered: URL;
  /** A failure that ends the operation whatever tsdav does with it (deadline, budget, bad password). */
  private fatal: Error | null = null;
  private unauthorized = false;
  /**
   * The first refused address. tsdav may get past it (a well-known redirect elsewhere, after which it
   * tries the entered address itself); when it does not, this says why better than "not CalDAV".
   */
  private refused: SourceRefused | null = null;
  /** In strict mode every HTTP error status is a failure (tsdav would turn some into empty lists). */
  strict = false;

  constructor(private readonly access: CalDavAccess) {
    this.deadline = Date.now() + (access.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    this.budget = new ByteBudget(access.maxBytes ?? DEFAULT_MAX_BYTES);
    this.authorization = `Basic ${Buffer.from(`${access.username}:${access.password}`, 'utf8').toString('base64')}`;
    this.entered = parseCalendarUrl(access.url);
  }

  /**
   * Resolves an href (relative ones against the entered address) and refuses it unless it is on the
   * entered origin. Throws SourceRefused.
   */
  onEnteredOrigin(href: string): URL {
    let url: URL;
    try {
      url = new URL(href, this.entered);
    } catch {
      throw new SourceFailed('bad-response', 'The calendar server sent an invalid address.');
    }
    if (this.entered.protocol === 'https:' && url.protocol !== 'https:') throw new SourceRefused(REFUSED_INSECURE);
    if (url.origin !== this.entered.origin) throw new SourceRefused(REFUSED_OTHER_ORIGIN);
    return url;
  }

  readonly fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    if (this.fatal) throw this.fatal;
    const target = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let url: URL;
    try {
      url = this.onEnteredOrigin(target);
    } catch (err) {
      throw this.failed(err);
    }
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    headers['authorization'] = this.authorization;
    let response: GuardedResponse;
    try {
      response = await guardedRequest(url, {
        method: init.method ?? 'GET',
        headers,
        body: typeof init.body === 'string' ? init.body : undefined,
        allowPrivate: this.access.allowPrivate,
        allowedAddresses: this.access.allowedAddresses,
        ca: this.access.ca,
        deadline: this.deadline,
        budget: this.budget,
        redirect: init.redirect === 'manual' ? 'manual' : 'follow',
        // A redirect elsewhere would be followed without the password; refused instead, so that the
        // answer never comes from a server the person did not enter.
        sameOrigin: true,
      });
    } catch (err) {
      throw this.failed(err);
    }
    if (response.status === 401) {
      this.unauthorized = true;
      const failure = new SourceFailed('unauthorized', UNAUTHORIZED_MESSAGE, 401);
      if (this.strict) this.fatal = failure;
      throw failure;
    }
    if (this.strict && response.status >= 400) throw httpStatusFailure(response.status);
    return toResponse(response);
  };

  /** Records a failure of one request (the ones tsdav must not get past become fatal) and returns it. */
  private failed(err: unknown): unknown {
    if (err instanceof SourceFailed && (err.code === 'timeout' || err.code === 'too-large')) this.fatal = err;
    if (err instanceof SourceRefused) {
      this.refused ??= err;
      if (this.strict) this.fatal = err;
    }
    return err;
  }

  /** The address check before any request, within the operation's deadline. */
  check(raw: string): Promise<URL> {
    return withDeadline(assertSafeUrl(raw, guardOf(this.access)), this.deadline);
  }

  /** Runs tsdav calls; any failure comes out as SourceRefused or SourceFailed with a safe message. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work();
    } catch (err) {
      if (this.fatal) throw this.fatal;
      if (err instanceof SourceFailed || err instanceof SourceRefused) throw err;
      if (this.unauthorized) throw new SourceFailed('unauthorized', UNAUTHORIZED_MESSAGE, 401);
      if (this.refused) throw this.refused;
      // tsdav's own errors ("cannot find principalUrl", …) may quote URLs: never pass them on.
      throw new SourceFailed('not-caldav', NOT_CALDAV);
    }
    if (this.fatal) throw this.fatal;
    return result;
  }
}

function toResponse(response: GuardedResponse): Response {
  const headers = new Headers();
  for (const [name, value] of Object.entries(response.headers)) {
    if (value === undefined || name === 'set-cookie') continue;
    headers.set(name, Array.isArray(value) ? value.join(', ') : value);
  }
  // The body is already decompressed.
  headers.delete('content-encoding');
  headers.delete('content-length');
  const noBody = response.status === 204 || response.status === 304 || response.status < 200;
  const result = new Response(noBody ? null : new Uint8Array(response.body), {
    status: response.status < 200 ? 502 : response.status,
    statusText: response.statusText,
    headers,
  });
  Object.defineProperty(result, 'url', { value: response.url });
  return result;
}

function displayName(calendar: DAVCalendar): string {
  const raw = calendar.displayName as unknown;
  if (typeof raw === 'string' && raw.trim()) return raw.trim();
  if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
  const cdata = (raw as { _cdata?: unknown } | null)?._cdata;
  if (typeof cdata === 'string' && cdata.trim()) return cdata.trim();
  const segments = new URL(calendar.url).pathname.split('/').filter(Boolean);
  return segments.length ? decodeURIComponent(segments[segments.length - 1]) : 'Calendar';
}

/**
 * Finds the person's calendars: principal → calendar-home-set → calendar collections, keeping those
 * that can hold events (VEVENT, or no component restriction). Throws SourceRefused / SourceFailed
 * ('unauthorized' for a refused username or password).
 */
export async function discoverCalDavCalendars(access: CalDavAccess): Promise<CalDavCalendar[]> {
  const session = new CalDavSession(access);
  const serverUrl = await session.check(access.url);
  return session.run(async () => {
    const account = await createAccount({
      account: { serverUrl: serverUrl.href, accountType: 'caldav' },
      fetch: session.fetch,
    });
    session.strict = true;
    const calendars = await fetchCalendars({ account, fetch: session.fetch });
    return (
      calendars
        .filter((c) => c.components === undefined || c.components.length === 0 || c.components.includes('VEVENT'))
        // A calendar elsewhere would be read with this password at every sync: refused now.
        .map((c) => ({ href: session.onEnteredOrigin(c.url).href, name: displayName(c) }))
    );
  });
}

function icalUtc(date: Date): string {
  return `${date.toISOString().slice(0, 19).replace(/[-:]/g, '')}Z`;
}

function calendarData(props: Record<string, unknown> | undefined): string | null {
  const raw = props?.calendarData;
  if (typeof raw === 'string') return raw;
  const cdata = (raw as { _cdata?: unknown } | null | undefined)?._cdata;
  return typeof cdata === 'string' ? cdata : null;
}

/**
 * Reads the events of the chosen calendars that overlap [from, to) with one CalDAV calendar-query
 * (time-range filter) per calendar. Returns the iCalendar text of each calendar object (recurring
 * events come whole, master and overrides, for the caller to expand). The byte cap covers all the
 * responses together. Throws SourceRefused / SourceFailed.
 */
export async function fetchCalDavEvents(query: CalDavEventsQuery): Promise<string[]> {
  const session = new CalDavSession(query);
  session.strict = true;
  await session.check(query.url);
  const hrefs: string[] = [];
  // Stored hrefs came from discovery; checked again, as the password goes with every request.
  for (const href of query.calendars) hrefs.push((await session.check(session.onEnteredOrigin(href).href)).href);
  return session.run(async () => {
    const objects: string[] = [];
    for (const href of hrefs) {
      const responses = await calendarQuery({
        url: href,
        props: { 'd:getetag': {}, 'c:calendar-data': {} },
        filters: {
          'comp-filter': {
            _attributes: { name: 'VCALENDAR' },
            'comp-filter': {
              _attributes: { name: 'VEVENT' },
              'time-range': { _attributes: { start: icalUtc(query.from), end: icalUtc(query.to) } },
            },
          },
        },
        depth: '1',
        fetch: session.fetch,
      });
      for (const response of responses) {
        const text = calendarData(response.props);
        if (text !== null && text.trim()) objects.push(text);
      }
    }
    return objects;
  });
}
