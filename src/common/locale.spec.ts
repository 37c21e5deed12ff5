import { acceptedLanguages, DEFAULT_LOCALE, isLocale, LOCALES, negotiateLocale } from './locale';

describe('LOCALES', () => {
  it('are Swedish, English and German, in the order the pickers show them; the default is Swedish', () => {
    expect(LOCALES).toEqual(['sv', 'en', 'de']);
    expect(DEFAULT_LOCALE).toBe('sv');
  });

  it('isLocale takes exactly a listed language', () => {
    expect(LOCALES.every(isLocale)).toBe(true);
    for (const v of ['SV', 'sv-SE', 'fi', '', ' sv', undefined, null, ['sv'], 1]) expect(isLocale(v)).toBe(false);
  });
});

describe('negotiateLocale', () => {
  // The mails' cases (a client's or caseworker's locale, then the unit's default), from the former
  // notifications/templates/pick-locale.spec.ts. Nothing supported now gives DEFAULT_LOCALE (sv) instead of
  // en: the one fallback of pages and mails (see DEFAULT_LOCALE).
  it.each([
    [['sv-SE'], 'sv'],
    [['de'], 'de'],
    [['en-US'], 'en'],
    [['SV'], 'sv'],
    [['de_AT'], 'de'],
    [[undefined, null, '', 'de-CH'], 'de'],
    [['fi-FI', 'sv'], 'sv'],
    [['fi-FI'], 'sv'],
    [[], 'sv'],
    [['nb-NO,sv;q=0.8,en;q=0.5'], 'sv'],
    [['en;q=0.4, de;q=0.9'], 'de'],
    [['fi, *;q=0.5'], 'sv'],
    [['sv;q=0, de;q=0.1'], 'de'],
    [['fr-FR', 'sv-SE,sv;q=0.9'], 'sv'],
    [['de', 'sv'], 'de'],
  ] as Array<[Array<string | null | undefined>, string]>)('picks from %j: %s', (candidates, expected) => {
    expect(negotiateLocale(candidates)).toBe(expected);
  });

  it('falls back to the default when nothing is supported, and only then', () => {
    expect(negotiateLocale(['fi', 'fr-FR,ar;q=0.5'])).toBe(DEFAULT_LOCALE);
    expect(negotiateLocale(['fi', 'en'])).toBe('en');
    // A mail to a client without a locale of ours goes out in the unit's language, not the default.
    expect(negotiateLocale([null, 'de'])).toBe('de');
    expect(negotiateLocale(['xx', 'en'])).toBe('en');
  });

  // Accept-Language headers, from the former fromAcceptLanguage spec in src/web/i18n/i18n.spec.ts.
  it('ranks a header by q and then by order, skipping languages we do not have', () => {
    expect(negotiateLocale(['fr-FR,fr;q=0.9,sv;q=0.8,en;q=0.7'])).toBe('sv');
    expect(negotiateLocale(['en;q=0.5,de;q=0.6'])).toBe('de');
    expect(negotiateLocale(['de;q=0,en'])).toBe('en');
    // 'fr' names nothing of ours (null before), so the next preference decides.
    expect(negotiateLocale(['fr', 'de'])).toBe('de');
    expect(negotiateLocale([undefined, 'de'])).toBe('de');
  });

  it('skips what is no language: malformed tags, wildcards, non-strings', () => {
    expect(negotiateLocale(['<script>', '*', 'en'])).toBe('en');
    expect(negotiateLocale([['de'], { lang: 'de' }, 42, 'en'])).toBe('en');
    // An unreadable weight is no weight: the tag counts as q=1, as a browser means it.
    expect(negotiateLocale(['en;q=0.5,de;q=abc'])).toBe('de');
    expect(negotiateLocale([';q=1,de'])).toBe('de');
  });

  it('matches a language whatever its region, script or case', () => {
    expect(negotiateLocale(['sv-Latn-SE'])).toBe('sv');
    expect(negotiateLocale(['EN-gb'])).toBe('en');
    expect(negotiateLocale(['de-u-ca-gregory'])).toBe('de');
    expect(negotiateLocale(['en;Q=0.2, de ; q = 0.3'])).toBe('de');
  });

  it('takes no near language for ours (lookup, not best fit): Swiss German and Norwegian fall through', () => {
    expect(negotiateLocale(['gsw', 'en'])).toBe('en');
    expect(negotiateLocale(['lb', 'en'])).toBe('en');
    expect(negotiateLocale(['nb', 'da', 'en'])).toBe('en');
  });
});

describe('acceptedLanguages', () => {
  it('orders by weight, then as written, and drops q=0, wildcards and malformed tags', () => {
    expect(acceptedLanguages('de;q=0.5, sv-SE, *')).toEqual(['sv-SE', 'de']);
    expect(acceptedLanguages('fr-FR,fr;q=0.9,sv;q=0.8,en;q=0.7')).toEqual(['fr-FR', 'fr', 'sv', 'en']);
    expect(acceptedLanguages('en;q=0.5,de;q=0.5,sv')).toEqual(['sv', 'en', 'de']);
    expect(acceptedLanguages('de;q=0,<b>,de_AT')).toEqual(['de-AT']);
    expect(acceptedLanguages('')).toEqual([]);
  });

  it('reads at most 20 entries of a header', () => {
    const header = [...Array.from({ length: 20 }, () => 'fi'), 'de'].join(',');
    expect(acceptedLanguages(header)).toHaveLength(20);
    expect(negotiateLocale([header])).toBe(DEFAULT_LOCALE);
  });
});
