import { ClientRequest, IncomingHttpHeaders, IncomingMessage, request as httpRequest, RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import * as tls from 'node:tls';
import { createGunzip, createInflate } from 'node:zlib';
import { Readable } from 'node:stream';
import { assertSafeUrl, createSafeLookup, SourceRefused } from './safe-address';
import { SourceFailed } from './source-failed';

export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
export const MAX_REDIRECTS = 3;

export const REFUSED_DOWNGRADE = 'The calendar address redirected from https to an unencrypted http address.';
export const REFUSED_OTHER_ORIGIN =
  'The calendar server pointed to a different server address. The password is only sent to the address you entered.';

/** Bytes that may still be read, shared by all requests of one operation (a sync, a discovery). */
export class ByteBudget {
  used = 0;
  constructor(readonly limit: number) {}
  get remaining(): number {
    return this.limit - this.used;
  }
}

export function tooLarge(limit: number): SourceFailed {
  const mb = limit / (1024 * 1024);
  const size = mb >= 1 ? `${Math.round(mb * 10) / 10} MB` : `${Math.max(1, Math.round(limit / 1024))} KB`;
  return new SourceFailed('too-large', `The calendar is larger than the ${size} limit.`);
}

export function timedOut(): SourceFailed {
  return new SourceFailed('timeout', 'The calendar server did not answer in time.');
}

/**
 * Rejects with the timeout failure if `work` has not settled by `deadline` (for steps without their
 * own timer, such as the DNS lookup of the address check; the lookup itself runs on in the background).
 */
export function withDeadline<T>(work: Promise<T>, deadline: number): Promise<T> {
  const remainingMs = deadline - Date.now();
  if (remainingMs <= 0) {
    work.catch(() => undefined);
    return Promise.reject(timedOut());
  }
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(timedOut()), remainingMs);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err: Error) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

export interface GuardedRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  allowPrivate: boolean;
  /** Exact private addresses let through anyway (see SafeUrlOptions). */
  allowedAddresses?: readonly string[];
  /** Extra trusted certificate authorities (PEM) for https, besides Node's bundle. */
  ca?: string | Buffer;
  /** Absolute time (Date.now() scale) by which the whole exchange, body included, must be done. */
  deadline: number;
  budget: ByteBudget;
  /** 'follow' (default): up to maxRedirects, each target re-checked. 'manual': 3xx is returned. */
  redirect?: 'follow' | 'manual';
  maxRedirects?: number;
  /**
   * Refuse a redirect to any other origin (scheme, host, port) instead of following it without the
   * credentials: for requests that carry a password, whose answer must come from the server it was
   * entered for.
   */
  sameOrigin?: boolean;
}

export interface GuardedResponse {
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The URL that answered (after redirects). */
  url: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Maps a socket/TLS/zlib error to a user-safe failure (the original messages may name the host). */
export function toSourceError(err: unknown): Error {
  if (err instanceof SourceFailed || err instanceof SourceRefused) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' ? code : '';
  if (text === 'ENOTFOUND' || text === 'EAI_AGAIN') {
    return new SourceFailed('network', 'The calendar server name could not be found.');
  }
  if (text === 'ECONNREFUSED') return new SourceFailed('network', 'The calendar server refused the connection.');
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|HOSTNAME/.test(text)) {
    return new SourceFailed('tls', "The calendar server's certificate could not be verified.");
  }
  if (text.startsWith('Z_') || text === 'ERR_ZLIB') {
    return new SourceFailed('bad-response', 'The calendar server sent a damaged response.');
  }
  if (text === 'HPE_HEADER_OVERFLOW' || text.startsWith('HPE_')) {
    return new SourceFailed('bad-response', 'The calendar server sent an invalid response.');
  }
  return new SourceFailed('network', 'The connection to the calendar server failed.');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  const drop = new Set(names.map((n) => n.toLowerCase()));
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !drop.has(k.toLowerCase())));
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** One request/response, no redirects. Rejects with SourceFailed / SourceRefused only. */
function exchange(url: URL, options: GuardedRequestOptions): Promise<GuardedResponse> {
  const { budget } = options;
  return new Promise<GuardedResponse>((resolve, reject) => {
    const remainingMs = options.deadline - Date.now();
    if (remainingMs <= 0) return reject(timedOut());
    let settled = false;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (!hasHeader(headers, 'accept-encoding')) headers['Accept-Encoding'] = 'gzip, deflate';
    if (!hasHeader(headers, 'user-agent')) headers['User-Agent'] = 'Samtal-Calendar-Sync/1';
    if (options.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(options.body));
    const requestOptions: RequestOptions = {
      method: options.method ?? 'GET',
      headers,
      // A fresh connection each time: a pooled socket would skip the guarded lookup.
      agent: false,
      ...(options.allowPrivate ? {} : { lookup: createSafeLookup(options.allowedAddresses) }),
      ...(options.ca ? { ca: [...tls.rootCertificates, options.ca.toString()] } : {}),
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let req: ClientRequest | null = null;
    let stream: Readable | null = null;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req?.destroy();
      stream?.destroy();
      reject(toSourceError(err));
    };
    const timer = setTimeout(() => fail(timedOut()), remainingMs);
    try {
      req = send(url, requestOptions);
    } catch (err) {
      // Invalid header values and the like; the original message is not passed on.
      return fail(err);
    }
    req.on('error', fail);
    req.on('response', (res: IncomingMessage) => {
      res.on('error', fail);
      const status = res.statusCode ?? 0;
      const done = (body: Buffer): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ status, statusText: res.statusMessage ?? '', headers: res.headers, body, url: url.href });
      };
      // Redirects and bodiless answers: their bodies are not needed.
      if (
        (REDIRECTS.has(status) && headerValue(res.headers, 'location')) ||
        status === 304 ||
        status === 204 ||
        options.method === 'HEAD'
      ) {
        res.resume();
        req?.destroy();
        return done(Buffer.alloc(0));
      }
      const declared = Number(headerValue(res.headers, 'content-length'));
      if (Number.isFinite(declared) && declared > budget.remaining) return fail(tooLarge(budget.limit));
      const encoding = (headerValue(res.headers, 'content-encoding') ?? '').trim().toLowerCase();
      if (encoding === 'gzip' || encoding === 'x-gzip') stream = res.pipe(createGunzip());
      else if (encoding === 'deflate') stream = res.pipe(createInflate());
      else if (encoding === '' || encoding === 'identity') stream = res;
      else return fail(new SourceFailed('bad-response', 'The calendar server used an unsupported compression.'));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        budget.used += chunk.length;
        if (budget.used > budget.limit) return fail(tooLarge(budget.limit));
        chunks.push(chunk);
      });
      stream.on('error', fail);
      stream.on('end', () => done(Buffer.concat(chunks)));
      res.on('aborted', () => fail(new SourceFailed('network', 'The calendar server closed the connection early.')));
    });
    req.end(options.body);
  });
}

/**
 * An HTTP(S) request that may leave Samtal only for public addresses (unless allowPrivate): the URL is
 * checked before, the connection resolves through safeLookup, and every redirect target is checked
 * again (no https → http downgrade). A total deadline and a byte budget cover the whole exchange.
 * Rejects with SourceRefused or SourceFailed, whose messages never contain the URL.
 */
export async function guardedRequest(raw: string | URL, options: GuardedRequestOptions): Promise<GuardedResponse> {
  const guard = { allowPrivate: options.allowPrivate, allowedAddresses: options.allowedAddresses };
  let url = await withDeadline(assertSafeUrl(raw, guard), options.deadline);
  let method = options.method ?? 'GET';
  let body = options.body;
  let headers = { ...(options.headers ?? {}) };
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  for (let hop = 0; ; hop++) {
    const response = await exchange(url, { ...options, method, body, headers });
    const location = headerValue(response.headers, 'location');
    if (options.redirect === 'manual' || !REDIRECTS.has(response.status) || !location) return response;
    if (hop >= maxRedirects) {
      throw new SourceFailed('too-many-redirects', 'The calendar address redirected too many times.');
    }
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new SourceFailed('bad-response', 'The calendar server sent an invalid redirect.');
    }
    if (url.protocol === 'https:' && next.protocol === 'http:') throw new SourceRefused(REFUSED_DOWNGRADE);
    if (options.sameOrigin && next.origin !== url.origin) throw new SourceRefused(REFUSED_OTHER_ORIGIN);
    next = await withDeadline(assertSafeUrl(next, guard), options.deadline);
    if (next.origin !== url.origin) headers = withoutHeaders(headers, ['authorization', 'cookie']);
    if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) {
      method = method === 'HEAD' ? 'HEAD' : 'GET';
      body = undefined;
      headers = withoutHeaders(headers, ['content-type']);
    }
    if (Date.now() >= options.deadline) throw timedOut();
    url = next;
  }
}
