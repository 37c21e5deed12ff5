import { isPhoneCountry, maskPhone, normalisePhone } from './phone-number';

describe('normalisePhone', () => {
  it('reads a Swedish mobile as typed at home into E.164', () => {
    expect(normalisePhone('070-123 45 67', 'SE', ['SE'])).toBe('+46701234567');
    expect(normalisePhone(' 070 123 45 67 ', 'SE', ['SE'])).toBe('+46701234567');
  });

  it('keeps a number already in E.164', () => {
    expect(normalisePhone('+46701234567', 'SE', ['SE'])).toBe('+46701234567');
    expect(normalisePhone('+46 70 123 45 67', 'SE', ['SE'])).toBe('+46701234567');
  });

  it("refuses a number of a country outside the unit's smsCountries", () => {
    expect(normalisePhone('+358 40 123 4567', 'SE', ['SE'])).toBeNull();
    expect(normalisePhone('+358 40 123 4567', 'SE', ['SE', 'FI'])).toBe('+358401234567');
  });

  it('allows any country when no list is given (the unit’s own number)', () => {
    expect(normalisePhone('+358 40 123 4567', 'SE')).toBe('+358401234567');
  });

  it('refuses garbage, an empty text and a number too short to be one', () => {
    expect(normalisePhone('garbage', 'SE', ['SE'])).toBeNull();
    expect(normalisePhone('', 'SE', ['SE'])).toBeNull();
    expect(normalisePhone('070', 'SE', ['SE'])).toBeNull();
    expect(normalisePhone('+46 70 123 45 67 89 01 23 45 67 89 01 23 45 67 89', 'SE', ['SE'])).toBeNull();
  });

  it('knows ISO 3166 alpha-2 codes', () => {
    expect(isPhoneCountry('SE')).toBe(true);
    expect(isPhoneCountry('se')).toBe(false);
    expect(isPhoneCountry('XX')).toBe(false);
  });
});

describe('maskPhone', () => {
  it('hides all but the last four digits', () => {
    expect(maskPhone('+46701234567')).toBe('•••• •• 45 67');
    expect(maskPhone('+46701234567')).not.toContain('70123');
  });
});
