/** A meeting type's public label per language; a missing or blank one falls back to `publicLabel`. */
export interface PublicLabels {
  en?: string;
  sv?: string;
  de?: string;
}

/** The label a client reads, in their language (en, sv, de), else the type's default `publicLabel`. */
export function labelFor(type: { publicLabel: string; publicLabels?: PublicLabels | null }, locale: string): string {
  const labels = type.publicLabels ?? {};
  const own = locale === 'en' || locale === 'sv' || locale === 'de' ? labels[locale] : undefined;
  return typeof own === 'string' && own.trim() ? own : type.publicLabel;
}
