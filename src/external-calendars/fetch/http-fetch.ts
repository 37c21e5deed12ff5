import {
  ByteBudget,
  DEFAULT_MAX_BYTES,
  DEFAULT_TIMEOUT_MS,
  GuardedResponse,
  guardedRequest,
  MAX_REDIRECTS,
} from './guarded-request';
import { parseCalendarUrl } from './safe-address';
import { httpStatusFailure, SourceFailed } from './source-failed';

export interface FetchCalendarOptions {
  /** ETag of the last good copy: sent as If-None-Match. */
  etag?: string;
  /** Last-Modified of the last good copy: sent as If-Modified-Since. */
  lastModified?: string;
  /** Total time for the whole fetch, redirects and body included. Default 10 s. */
  timeoutMs?: number;
  /** Largest body accepted, after decompression. Default 5 MB. */
  maxBytes?: number;
  /** Allow loopback/private/link-local addresses (EXTERNAL_CALENDAR_ALLOW_PRIVATE). */
  allowPrivate: boolean;
  /** Exact private addresses let through although allowPrivate is false (see SafeUrlOptions). */
  allowedAddresses?: readonly string[];
  /** Extra trusted certificate authorities (PEM), besides Node's bundle. */
  ca?: string | Buffer;
  headers?: Record<string, string>;
}

export type FetchCalendarResult =
  { status: 'not-modified' } | { status: 'ok'; body: string; etag?: string; lastModified?: string };

function header(response: GuardedResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Whether a body is an iCalendar stream (BEGIN:VCALENDAR first, after an optional BOM and blank lines). */
export function looksLikeCalendar(body: string): boolean {
  return /^\uFEFF?\s*BEGIN:VCALENDAR\b/i.test(body);
}

/**
 * Fetches a published calendar (ICS subscription URL; webcal:// is read as https://) with HTTP caching,
 * a total timeout, a size cap and the SSRF guard on the address and on every redirect.
 * Throws SourceRefused (address not allowed) or SourceFailed (source unreadable).
 */
export async function fetchCalendarText(rawUrl: string, opts: FetchCalendarOptions): Promise<FetchCalendarResult> {
  const url = parseCalendarUrl(rawUrl, { acceptWebcal: true });
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const headers: Record<string, string> = {
    Accept: 'text/calendar, text/plain;q=0.5, */*;q=0.1',
    ...(opts.headers ?? {}),
  };
  if (opts.etag) headers['If-None-Match'] = opts.etag;
  if (opts.lastModified) headers['If-Modified-Since'] = opts.lastModified;
  const response = await guardedRequest(url, {
    method: 'GET',
    headers,
    allowPrivate: opts.allowPrivate,
    allowedAddresses: opts.allowedAddresses,
    ca: opts.ca,
    deadline: Date.now() + timeoutMs,
    budget: new ByteBudget(maxBytes),
    redirect: 'follow',
    maxRedirects: MAX_REDIRECTS,
  });
  if (response.status === 304 && (opts.etag || opts.lastModified)) return { status: 'not-modified' };
  if (response.status < 200 || response.status > 299) throw httpStatusFailure(response.status);
  const body = response.body.toString('utf8');
  if (!looksLikeCalendar(body)) {
    throw new SourceFailed('not-calendar', 'That address does not serve a calendar (iCalendar) file.');
  }
  const etag = header(response, 'etag');
  const lastModified = header(response, 'last-modified');
  return {
    status: 'ok',
    body: body.replace(/^\uFEFF/, ''),
    ...(etag ? { etag } : {}),
    ...(lastModified ? { lastModified } : {}),
  };
}
