import { parseWallClock, wallClockMinutes } from './wall-clock';

describe('parseWallClock', () => {
  it('reads "HH:mm" from 00:00 to 24:00 as minutes after midnight', () => {
    expect(parseWallClock('00:00')).toBe(0);
    expect(parseWallClock('08:30')).toBe(510);
    expect(parseWallClock('23:59')).toBe(1439);
    expect(parseWallClock('24:00')).toBe(1440);
  });

  it('refuses anything else: "24:01", "25:00", "8:00", "08:60", "08:00:00", ""', () => {
    for (const text of ['24:01', '25:00', '8:00', '08:60', '08:00:00', '']) expect(parseWallClock(text)).toBeNull();
  });
});

describe('wallClockMinutes', () => {
  it('throws on a malformed time, which validated rules never contain', () => {
    expect(() => wallClockMinutes('7:30')).toThrow(RangeError);
  });
});
