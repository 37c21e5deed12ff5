import { isoInstant } from './iso-time';

describe('isoInstant', () => {
  it.each([
    '2026-12-01T08:15:00.000Z',
    '2026-12-31T23:59:59.999Z',
    '2027-01-01T00:00:00.000Z',
    '2028-02-29T12:34:56.789Z',
    '1970-01-01T00:00:00.000Z',
    '1969-12-31T23:59:59.001Z',
    '9999-12-31T23:59:59.999Z',
  ])('formats %s exactly as Date#toISOString', (iso) => {
    expect(isoInstant(Date.parse(iso))).toBe(iso);
  });

  it('agrees with Date#toISOString over a year of 7-minute steps, crossing days in any order', () => {
    const start = Date.parse('2027-03-27T00:00:00.000Z');
    const values = Array.from({ length: (365 * 24 * 60) / 7 }, (_, i) => start + i * 7 * 60_000 + (i % 1000));
    for (const v of [...values, ...values.reverse()]) expect(isoInstant(v)).toBe(new Date(v).toISOString());
  });

  it('falls back to Date for years outside 0000–9999', () => {
    const far = Date.parse('+010000-01-01T00:00:00.000Z');
    expect(isoInstant(far)).toBe('+010000-01-01T00:00:00.000Z');
  });
});
