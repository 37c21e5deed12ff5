import type { Locale, Translate } from '../i18n';

/** The form field that carries a form's CSRF token (checked in web/http). */
export const CSRF_FIELD = '_csrf';

/** What every page needs to render: the language, the current address, and CSRF tokens for its forms. */
export interface WebContext {
  locale: Locale;
  t: Translate;
  /** The request path, without the query. */
  path: string;
  /** The query's string values, minus `lang` (the switcher adds its own). */
  query: Record<string, string>;
  /** The token to put in a form that posts to `formPath`; sets the cookie on first use. */
  csrf(formPath: string): string;
}

/**
 * The same context, seen from the page a POST came from. A page that answers a POST (form errors,
 * "the form has expired") is shown at the POST's address, which may have no GET (…/notes,
 * …/cancel): the language switcher must link to the page the reader was on, not to a 404.
 */
export function viewedAt(ctx: WebContext, path: string, query: Record<string, string> = {}): WebContext {
  return { ...ctx, path, query };
}
