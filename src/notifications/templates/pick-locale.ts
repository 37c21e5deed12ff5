import type { Locale } from './types';

const SUPPORTED: readonly Locale[] = ['en', 'sv', 'de'];

/**
 * The first supported locale among the candidates, in order: a client's stored locale, the unit's
 * default, an Accept-Language header. Each candidate may be a tag ('sv-SE', 'de_AT', 'SV') or a
 * weighted list ('nb-NO,sv;q=0.8,en;q=0.5', read by weight). Nothing supported: 'en'.
 */
export function pickLocale(...candidates: Array<string | undefined | null>): Locale {
  for (const candidate of candidates) {
    for (const tag of byWeight(candidate ?? '')) {
      const language = tag.split(/[-_]/)[0].toLowerCase();
      if ((SUPPORTED as readonly string[]).includes(language)) return language as Locale;
    }
  }
  return 'en';
}

/** 'de;q=0.5, sv-SE' → ['sv-SE', 'de']: highest weight first, ties in written order, q=0 dropped. */
function byWeight(value: string): string[] {
  return value
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([\d.]+)\s*$/i.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), weight: q === undefined ? 1 : Number(q), index };
    })
    .filter((entry) => entry.tag && entry.tag !== '*' && entry.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.index - b.index)
    .map((entry) => entry.tag);
}
