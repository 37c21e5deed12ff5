import request from 'supertest';
import type { TestContext } from './test-app';
import { staffSession } from './staff-pages';

type Res = request.Response;

/**
 * A signed-in staff member's browser, for supertest: keeps the cookies it is given (the session,
 * the page CSRF cookie) and posts a page's forms with the token from that page, as a browser would.
 */
export class StaffBrowser {
  private cookies = new Map<string, string>();
  /** Every URL it was sent to or redirected to: ids only, never a client's name or email. */
  readonly urls: string[] = [];

  private constructor(
    private readonly ctx: TestContext,
    private readonly language: string,
  ) {}

  /** `language`: the browser's Accept-Language (English unless said). */
  static async signIn(ctx: TestContext, caseworkerId: string, language = 'en'): Promise<StaffBrowser> {
    const b = new StaffBrowser(ctx, language);
    const { cookie } = await staffSession(ctx, caseworkerId);
    const [k, v] = cookie.split('=');
    b.cookies.set(k, v);
    return b;
  }

  private header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Res): Res {
    const set = res.headers['set-cookie'] as unknown as string[] | undefined;
    for (const c of set ?? []) {
      const [pair] = c.split(';');
      const i = pair.indexOf('=');
      this.cookies.set(pair.slice(0, i), pair.slice(i + 1));
    }
    if (res.headers.location) this.urls.push(res.headers.location);
    return res;
  }

  async get(path: string): Promise<Res> {
    this.urls.push(path);
    return this.keep(
      await this.ctx.http().get(path).set('Cookie', this.header()).set('Accept-Language', this.language).redirects(0),
    );
  }

  /** Posts the form whose action is `action` on the page at `from` (GET first, for its token). */
  async submit(from: string, action: string, fields: Record<string, string>): Promise<Res> {
    const page = await this.get(from);
    const csrf = csrfOf(page.text, action);
    return this.post(action, { _csrf: csrf, ...fields });
  }

  async post(action: string, fields: Record<string, string>): Promise<Res> {
    this.urls.push(action);
    return this.keep(
      await this.ctx
        .http()
        .post(action)
        .set('Cookie', this.header())
        .set('Accept-Language', this.language)
        .type('form')
        .send(fields)
        .redirects(0),
    );
  }
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The CSRF token of the form that posts to `action` on a page. */
export function csrfOf(html: string, action: string): string {
  const m = new RegExp(
    `<form method="post" action="${esc(action.replace(/&/g, '&amp;'))}"[^>]*>\\s*<input type="hidden" name="_csrf" value="([^"]+)">`,
  ).exec(html);
  if (!m) throw new Error(`no form posting to ${action} on the page:\n${html.slice(0, 3000)}`);
  return m[1];
}

/** The hidden fields of the form that posts to `action`. */
export function hiddenFieldsOf(html: string, action: string): Record<string, string> {
  const start = html.indexOf(`<form method="post" action="${action}"`);
  if (start < 0) throw new Error(`no form posting to ${action}`);
  const form = html.slice(start, html.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]] = m[2];
  return out;
}
