import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Config } from '../../../config/config';
import { CONFIG } from '../../common/injection-tokens';
import { isLocale, pickLocale, translator } from '../i18n';
import { CSRF_FIELD, WebContext } from '../ui/web-context';
import {
  cookieHeader,
  csrfCookieName,
  csrfToken,
  isCsrfSecret,
  newCsrfSecret,
  parseCookies,
  verifyCsrf,
  visitorFormKey,
} from './csrf';

/**
 * One request as a page service sees it: no Express, only what a page may depend on. The language
 * is picked once the service knows whose page it is (`page(hints)`), since the client's stored
 * language outranks the browser's.
 */
export interface RequestContext {
  /** The request path, without the query. */
  path: string;
  /** The query's string values, minus `lang`. */
  query: Record<string, string>;
  /**
   * The posted form was made at this path for this signed-in session (staff pages) or this visitor
   * (anonymous pages), see csrf.ts. Always false on a GET. Read by PageFormGuard (page-forms.ts),
   * which checks every page POST; page services never check it themselves.
   */
  formVerified: boolean;
  /** The posted CSRF token as sent ('' when absent): it tells one filled-in form from a reload of it. */
  formToken: string;
  page(hints?: LocaleHints): WebContext;
}

export interface LocaleHints {
  clientLocale?: string | null;
  unitDefault?: string | null;
}

const YEAR_SECONDS = 365 * 86_400;

@Injectable()
export class WebContextFactory {
  readonly secure: boolean;
  /** One context per request, so a page and the error filter after it set each cookie once. */
  private readonly contexts = new WeakMap<Request, RequestContext>();
  /** The form key of a request signed in as staff: its session's CSRF token (bindFormsToSession). */
  private readonly sessionKeys = new WeakMap<Request, string>();
  private readonly serverSecret: string;

  constructor(@Inject(CONFIG) config: Config) {
    this.secure = config.PUBLIC_URL.startsWith('https:');
    this.serverSecret = config.TOKEN_SECRET;
  }

  /**
   * Binds this request's forms to a live staff session (StaffPageSessions, once it knows the
   * session): the tokens it makes and the one it checks are then the session's, not the visitor's.
   * Whichever comes first, this or the context, the context asks at use.
   */
  bindFormsToSession(req: Request, sessionCsrfToken: string): void {
    this.sessionKeys.set(req, sessionCsrfToken);
  }

  /** Whether this request's forms are a live staff session's (sign-out checks its token only then). */
  boundToSession(req: Request): boolean {
    return this.sessionKeys.has(req);
  }

  context(req: Request, res: Response): RequestContext {
    const known = this.contexts.get(req);
    if (known) return known;
    const cookies = parseCookies(req.headers.cookie);
    const lang = req.query.lang;
    // An explicit choice is remembered, so the next page (and the next visit) keeps it.
    if (isLocale(lang) && cookies.lang !== lang)
      res.append('Set-Cookie', cookieHeader('lang', lang, { secure: this.secure, maxAgeSeconds: YEAR_SECONDS }));
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.query)) if (typeof v === 'string' && k !== 'lang') query[k] = v;
    const cookieName = csrfCookieName(this.secure);
    let visitorSecret = isCsrfSecret(cookies[cookieName]) ? cookies[cookieName] : null;
    const formKey = (): string | null =>
      this.sessionKeys.get(req) ?? (visitorSecret ? visitorFormKey(this.serverSecret, visitorSecret) : null);
    const posted = req.method === 'POST' ? ((req.body ?? {}) as Record<string, unknown>)[CSRF_FIELD] : undefined;
    const csrf = (formPath: string) => {
      let key = formKey();
      if (!key) {
        visitorSecret = newCsrfSecret();
        res.append(
          'Set-Cookie',
          cookieHeader(cookieName, visitorSecret, { secure: this.secure, maxAgeSeconds: 30 * 86_400 }),
        );
        key = visitorFormKey(this.serverSecret, visitorSecret);
      }
      return csrfToken(key, formPath);
    };
    const ctx: RequestContext = {
      path: req.path,
      query,
      // A POST is ours when its token was made for this path with this session's or visitor's key.
      get formVerified() {
        return verifyCsrf(formKey(), req.path, posted);
      },
      formToken: typeof posted === 'string' ? posted : '',
      page: (hints: LocaleHints = {}) => {
        const locale = pickLocale({
          query: lang,
          cookie: cookies.lang,
          clientLocale: hints.clientLocale,
          acceptLanguage: req.headers['accept-language'],
          unitDefault: hints.unitDefault,
        });
        return { locale, t: translator(locale), path: req.path, query, csrf };
      },
    };
    this.contexts.set(req, ctx);
    return ctx;
  }

  /** The page context without hints: for answers that come before (or instead of) a page service. */
  create(req: Request, res: Response): WebContext {
    return this.context(req, res).page();
  }
}
