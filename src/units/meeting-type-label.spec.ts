import { labelFor } from './meeting-type-label';

describe('labelFor', () => {
  const type = { publicLabel: 'First meeting', publicLabels: { sv: 'Första mötet', de: '  ' } };

  it("answers the label in the client's language", () => {
    expect(labelFor(type, 'sv')).toBe('Första mötet');
  });

  it('falls back to publicLabel when the language has none, a blank one, or is unknown', () => {
    expect(labelFor(type, 'en')).toBe('First meeting');
    expect(labelFor(type, 'de')).toBe('First meeting');
    expect(labelFor(type, 'fi')).toBe('First meeting');
    expect(labelFor({ publicLabel: 'Intake', publicLabels: null }, 'sv')).toBe('Intake');
    expect(labelFor({ publicLabel: 'Intake' }, 'sv')).toBe('Intake');
  });
});
