import { de } from './de';
import { en, MessageKey, Messages } from './en';
import { sv } from './sv';

export type WebLocale = 'en' | 'sv' | 'de';
export type { MessageKey };

export const CATALOGUES: Record<WebLocale, Messages> = { en, sv, de };
export const WEB_LOCALES = Object.keys(CATALOGUES) as WebLocale[];
/** Each language names itself in the switcher, so a reader finds their own. */
export const LANGUAGE_NAMES: Record<WebLocale, string> = { en: 'English', sv: 'Svenska', de: 'Deutsch' };
/** The Intl locale used for dates: en-GB gives "Tuesday 2 March" and a 24-hour clock. */
export const INTL_LOCALES: Record<WebLocale, string> = { en: 'en-GB', sv: 'sv-SE', de: 'de-DE' };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function isWebLocale(v: unknown): v is WebLocale {
  return typeof v === 'string' && (WEB_LOCALES as string[]).includes(v);
}

export function translator(locale: WebLocale): Translate {
  const messages = CATALOGUES[locale];
  return (key, params = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export interface LocaleInputs {
  /** `?lang=`: an explicit choice on this request. */
  query?: unknown;
  /** The `lang` cookie: an earlier explicit choice. */
  cookie?: string;
  /** The client's stored locale (pages reached by a personal token). */
  clientLocale?: string | null;
  acceptLanguage?: string;
  unitDefault?: string | null;
}

/** The order is fixed by the product: an explicit choice, then who the client is, then the browser, then the unit. */
export function pickLocale(i: LocaleInputs): WebLocale {
  if (isWebLocale(i.query)) return i.query;
  if (isWebLocale(i.cookie)) return i.cookie;
  if (isWebLocale(i.clientLocale)) return i.clientLocale;
  const fromHeader = fromAcceptLanguage(i.acceptLanguage);
  if (fromHeader) return fromHeader;
  return isWebLocale(i.unitDefault) ? i.unitDefault : 'sv';
}

/** "de-CH,de;q=0.9,en;q=0.8" → de. Region subtags are ignored; q=0 means "not this one". */
export function fromAcceptLanguage(header: string | undefined): WebLocale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .slice(0, 20)
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), index };
    })
    .filter((x) => x.q > 0 && isWebLocale(x.lang))
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.length ? (ranked[0].lang as WebLocale) : null;
}
