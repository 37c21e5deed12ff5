import { de } from './de';
import { en, MessageKey, Messages } from './en';
import { sv } from './sv';
import { isLocale, Locale, negotiateLocale } from '../../common/locale';

export type { MessageKey };
/** The languages (src/common/locale.ts), for the pages to reach through their i18n module. */
export { isLocale, LOCALES } from '../../common/locale';
export type { Locale };

export const CATALOGUES: Record<Locale, Messages> = { en, sv, de };
/** Each language names itself in the switcher, so a reader finds their own. */
export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', sv: 'Svenska', de: 'Deutsch' };
/** The Intl locale used for dates: en-GB gives "Tuesday 2 March" and a 24-hour clock. */
export const INTL_LOCALES: Record<Locale, string> = { en: 'en-GB', sv: 'sv-SE', de: 'de-DE' };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
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

/**
 * The language of a page. The order is fixed by the product: an explicit choice, then who the client is,
 * then the browser, then the unit; without a unit, DEFAULT_LOCALE. `?lang=` and the cookie are values
 * the switcher wrote, so only an exact language counts there.
 */
export function pickLocale(i: LocaleInputs): Locale {
  const exact = (v: unknown) => (isLocale(v) ? v : undefined);
  return negotiateLocale([exact(i.query), exact(i.cookie), i.clientLocale, i.acceptLanguage, i.unitDefault]);
}
