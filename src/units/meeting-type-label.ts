import { isLocale, Locale } from '../common/locale';

/** A meeting type's public label per language; a missing or blank one falls back to `publicLabel`. */
export type PublicLabels = Partial<Record<Locale, string>>;

/** The label a client reads, in their language, else the type's default `publicLabel`. */
export function labelFor(type: { publicLabel: string; publicLabels?: PublicLabels | null }, locale: string): string {
  const labels = type.publicLabels ?? {};
  const own = isLocale(locale) ? labels[locale] : undefined;
  return typeof own === 'string' && own.trim() ? own : type.publicLabel;
}
