import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Config } from '../../../config/config';
import { CONFIG } from '../../common/injection-tokens';
import { SafeHtml } from '../ui/html';
import { isWebLocale, pickLocale, translator, Translate, WebLocale } from '../i18n';
import { cookieHeader, CSRF_FIELD, csrfCookieName, csrfToken, isCsrfSecret, newCsrfSecret, parseCookies, verifyCsrf } from './csrf';

/** What every page needs to render: the language, the current address, and CSRF tokens for its forms. */
export interface WebContext {
  locale: WebLocale;
  t: Translate;
  /** The request path, without the query. */
  path: string;
  /** The query's string values, minus `lang` (the switcher adds its own). */
  query: Record<string, string>;
  /** The token to put in a form that posts to `formPath`; sets the cookie on first use. */
  csrf(formPath: string): string;
}

export interface LocaleHints {
  clientLocale?: string | null;
  unitDefault?: string | null;
}

const YEAR_SECONDS = 365 * 86_400;

@Injectable()
export class WebContextFactory {
  readonly secure: boolean;

  constructor(@Inject(CONFIG) config: Config) {
    this.secure = config.PUBLIC_URL.startsWith('https:');
  }

  create(req: Request, res: Response, hints: LocaleHints = {}): WebContext {
    const cookies = parseCookies(req.headers.cookie);
    const lang = req.query.lang;
    const locale = pickLocale({ query: lang, cookie: cookies.lang, clientLocale: hints.clientLocale, acceptLanguage: req.headers['accept-language'], unitDefault: hints.unitDefault });
    // An explicit choice is remembered, so the next page (and the next visit) keeps it.
    if (isWebLocale(lang) && cookies.lang !== lang) res.append('Set-Cookie', cookieHeader('lang', lang, { secure: this.secure, maxAgeSeconds: YEAR_SECONDS }));
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string' && k !== 'lang') query[k] = v;
    let secret = cookies[csrfCookieName(this.secure)];
    return {
      locale,
      t: translator(locale),
      path: req.path,
      query,
      csrf: (formPath: string) => {
        if (!isCsrfSecret(secret)) {
          secret = newCsrfSecret();
          res.append('Set-Cookie', cookieHeader(csrfCookieName(this.secure), secret, { secure: this.secure, maxAgeSeconds: 30 * 86_400 }));
        }
        return csrfToken(secret, formPath);
      },
    };
  }

  /** A POST is ours when its token was made for this path with this browser's cookie. */
  verify(req: Request): boolean {
    const secret = parseCookies(req.headers.cookie)[csrfCookieName(this.secure)];
    const body = (req.body ?? {}) as Record<string, unknown>;
    return verifyCsrf(secret, req.path, body[CSRF_FIELD]);
  }
}

/**
 * The same context, seen from the page a POST came from. A page that answers a POST (form errors,
 * "the form has expired") is shown at the POST's address, which may have no GET (…/notes,
 * …/cancel): the language switcher must link to the page the reader was on, not to a 404.
 */
export function viewedAt(ctx: WebContext, path: string, query: Record<string, string> = {}): WebContext {
  return { ...ctx, path, query };
}

export interface PageResult {
  status: number;
  body: SafeHtml;
  /** Extra CSP sources (the join page's LiveKit server). */
  csp?: CspExtras;
}

/** What a page handler answers: a page, or a 303 after a POST (so reload never re-posts). */
export type PageOutcome = PageResult | { redirect: string };

export function respond(res: Response, outcome: PageOutcome): void {
  if ('redirect' in outcome) {
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(303, outcome.redirect);
    return;
  }
  sendPage(res, outcome);
}

export interface CspExtras {
  connect?: string[];
  media?: string[];
}

/** Strict by default: our own scripts and styles only, no inline anything, no framing, forms post home. */
export function contentSecurityPolicy(extra: CspExtras = {}): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    ...(extra.connect ? [`connect-src 'self' ${extra.connect.join(' ')}`.trim()] : []),
    ...(extra.media ? [`media-src 'self' ${extra.media.join(' ')}`.trim()] : []),
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** ws://lk:7880 → ["ws://lk:7880", "http://lk:7880"]: the client signals over WebSocket and falls back to HTTP for /rtc/validate. */
export function liveKitSources(livekitUrl: string): string[] {
  const u = new URL(livekitUrl);
  const secure = u.protocol === 'wss:' || u.protocol === 'https:';
  const hostPort = u.host;
  return secure ? [`wss://${hostPort}`, `https://${hostPort}`] : [`ws://${hostPort}`, `http://${hostPort}`];
}

/** Pages hold personal data behind capability links: never cached, never indexed. */
export function sendPage(res: Response, page: PageResult): void {
  res.status(page.status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(page.csp));
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.send(page.body.value);
}
