import { match } from '@formatjs/intl-localematcher';

/**
 * The languages Samtal speaks: of its pages, its mails and the API's `locale` fields. The one list: add
 * a language here (and its catalogues in src/web/i18n and src/notifications/templates, which the
 * `Record<Locale, …>` types then ask for). In the order the pickers and a public unit's `locales` list them.
 */
export const LOCALES = ['sv', 'en', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

/**
 * The language when nothing else names one. Where a unit is known its default language comes first
 * (pages and mails pass it as the last preference, see negotiateLocale), so this is only reached
 * without a unit (a staff sign-in page before sign-in, an error page) or with a unit default that is
 * not supported. Swedish, deliberately: it is what a new unit and a new client get
 * (units.default_locale and clients.locale both default to 'sv'), and what the pages always fell back
 * to. The mails used to fall back to English, but only in that unreachable case (a unit's default is
 * required and validated), so one fallback changes no mail that is sent.
 */
export const DEFAULT_LOCALE: Locale = 'sv';

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * The first supported language among the preferences, in order; none: DEFAULT_LOCALE. Each preference
 * may be a language tag ('sv-SE', 'de_AT', 'SV') or a weighted list, an Accept-Language header
 * ('nb-NO,sv;q=0.8,en;q=0.5', read by weight); anything else (null, an array from a repeated query
 * parameter) is skipped. A region or script never stops a match: de-CH is German. The matching is
 * @formatjs/intl-localematcher's RFC 4647 "lookup", not its "best fit", so a language we do not
 * speak is never taken for a near one (Swiss German for German): it falls through to the next
 * preference, as the reader asked.
 */
export function negotiateLocale(preferences: readonly unknown[]): Locale {
  const requested = preferences.flatMap((p) => (typeof p === 'string' ? acceptedLanguages(p) : []));
  return match(requested, LOCALES, DEFAULT_LOCALE, { algorithm: 'lookup' }) as Locale;
}

/**
 * 'de;q=0.5, sv-SE, *' → ['sv-SE', 'de']: the well-formed tags of a weighted list (or of one tag), highest
 * weight first, ties in written order; q=0 ("not this one"), '*' and malformed tags dropped. At most
 * 20 entries are read, so a long header costs nothing.
 */
export function acceptedLanguages(value: string): string[] {
  return value
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: wellFormed(tag.trim().replace(/_/g, '-')), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry): entry is { tag: string; weight: number; index: number } => !!entry.tag && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}

/** The tag in canonical form ('SV' → 'sv'), or null when it is no language tag ('*', '<script>'). */
function wellFormed(tag: string): string | null {
  try {
    return tag ? (Intl.getCanonicalLocales(tag)[0] ?? null) : null;
  } catch {
    return null;
  }
}
