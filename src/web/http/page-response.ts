import type { Response } from 'express';
import type { SafeHtml } from '../ui/html';
import type { WebContext } from '../ui/web-context';

/**
 * What a page service answers: which page to show with its view model, or a 303 after a POST (so a
 * reload never posts again). Rendering is the controller's last step, through the wing's table of
 * pages (`renderer`); a page is a pure function of its context and view.
 */
export interface PageView<P extends string = string, V = unknown> {
  /** The reader's context the page renders in (language, address, CSRF). */
  ctx: WebContext;
  page: P;
  view: V;
  /** 200 unless said. */
  status?: number;
  csp?: CspExtras;
}

export interface Redirect {
  redirect: string;
}

export type Renderers = Record<string, (ctx: WebContext, view: never) => SafeHtml>;

/** Every page of a table, each with its own view model. */
export type ViewsOf<R extends Renderers> = { [K in keyof R & string]: PageView<K, Parameters<R[K]>[1]> }[keyof R &
  string];

export interface PageResult {
  status: number;
  body: SafeHtml;
  /** Extra CSP sources (the join page's LiveKit server). */
  csp?: CspExtras;
}

export type PageOutcome = PageResult | Redirect;

export function renderer<R extends Renderers>(pages: R): (outcome: ViewsOf<R> | Redirect) => PageOutcome {
  return (outcome) => {
    if ('redirect' in outcome) return outcome;
    const body = pages[outcome.page](outcome.ctx, outcome.view);
    return { status: outcome.status ?? 200, body, ...(outcome.csp ? { csp: outcome.csp } : {}) };
  };
}

export function send(res: Response, outcome: PageOutcome): void {
  if ('redirect' in outcome) {
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

/**
 * ws://lk:7880 → ["ws://lk:7880", "http://lk:7880"]: the client signals over WebSocket and falls back to HTTP for
 * /rtc/validate.
 */
export function liveKitSources(livekitUrl: string): string[] {
  const u = new URL(livekitUrl);
  const secure = u.protocol === 'wss:' || u.protocol === 'https:';
  const hostPort = u.host;
  return secure ? [`wss://${hostPort}`, `https://${hostPort}`] : [`ws://${hostPort}`, `http://${hostPort}`];
}

/**
 * Pages hold personal data behind capability links: never indexed (and, as every answer, never stored: app.factory.ts).
 */
export function sendPage(res: Response, page: PageResult): void {
  res.status(page.status);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(page.csp));
  res.setHeader('X-Robots-Tag', 'noindex, nofollow');
  res.send(page.body.value);
}
