import { CATALOGUES, pickLocale, translator } from './index';

describe('web message catalogues', () => {
  const keys = (l: keyof typeof CATALOGUES) => Object.keys(CATALOGUES[l]).sort();

  it.each(['sv', 'de'] as const)('%s has exactly the keys of en', (locale) => {
    expect(keys(locale)).toEqual(keys('en'));
  });

  it.each(['sv', 'de'] as const)('%s uses the same placeholders as en for every key', (locale) => {
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of keys('en') as Array<keyof typeof CATALOGUES.en>) {
      expect([key, placeholders(CATALOGUES[locale][key])]).toEqual([key, placeholders(CATALOGUES.en[key])]);
    }
  });

  it('has no empty message', () => {
    for (const c of Object.values(CATALOGUES)) for (const v of Object.values(c)) expect(v.trim()).not.toBe('');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translator('en')('common.minutes', { minutes: 30 })).toBe('30 minutes');
    expect(translator('sv')('common.minutes')).toBe('{minutes} minuter');
  });
});

describe('pickLocale', () => {
  it('prefers ?lang, then the cookie, then the client, then Accept-Language, then the unit', () => {
    const all = { query: 'de', cookie: 'en', clientLocale: 'sv', acceptLanguage: 'en', unitDefault: 'sv' };
    expect(pickLocale(all)).toBe('de');
    expect(pickLocale({ ...all, query: undefined })).toBe('en');
    expect(pickLocale({ ...all, query: undefined, cookie: undefined })).toBe('sv');
    expect(pickLocale({ acceptLanguage: 'de-AT,en;q=0.5', unitDefault: 'sv' })).toBe('de');
    expect(pickLocale({ unitDefault: 'en' })).toBe('en');
  });

  it('ignores values that are not one of our languages', () => {
    expect(pickLocale({ query: 'fr', cookie: '<script>', clientLocale: 'xx', unitDefault: 'de' })).toBe('de');
    expect(pickLocale({ query: ['de'] })).toBe('sv');
  });
});
