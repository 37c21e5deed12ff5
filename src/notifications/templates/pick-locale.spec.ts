import { pickLocale } from './pick-locale';

describe('pickLocale', () => {
  it.each([
    [['sv-SE'], 'sv'],
    [['de'], 'de'],
    [['en-US'], 'en'],
    [['SV'], 'sv'],
    [['de_AT'], 'de'],
    [[undefined, null, '', 'de-CH'], 'de'],
    [['fi-FI', 'sv'], 'sv'],
    [['fi-FI'], 'en'],
    [[], 'en'],
    [['nb-NO,sv;q=0.8,en;q=0.5'], 'sv'],
    [['en;q=0.4, de;q=0.9'], 'de'],
    [['fi, *;q=0.5'], 'en'],
    [['sv;q=0, de;q=0.1'], 'de'],
    [['fr-FR', 'sv-SE,sv;q=0.9'], 'sv'],
    [['de', 'sv'], 'de'],
  ] as Array<[Array<string | null | undefined>, string]>)('picks from %j: %s', (candidates, expected) => {
    expect(pickLocale(...candidates)).toBe(expected);
  });
});
