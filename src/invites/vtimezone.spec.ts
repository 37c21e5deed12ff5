import { vtimezoneChooser } from './vtimezone';

const HOUR = 3_600_000;

/** Every hour of [from, to) whose instant the chooser would write in UTC instead of local time. */
function writtenInUtc(timeZone: string, from: string, to: string): string[] {
  const choose = vtimezoneChooser(timeZone);
  const misses: string[] = [];
  for (let t = Date.parse(from); t < Date.parse(to); t += HOUR) {
    if (!choose([new Date(t)])) misses.push(new Date(t).toISOString());
  }
  return misses;
}

describe('vtimezoneChooser', () => {
  it('writes every hour of 2026–2027 in Europe/Stockholm as local time, except the repeated hour of each fall-back night', () => {
    expect(writtenInUtc('Europe/Stockholm', '2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual([
      '2026-10-25T01:00:00.000Z',
      '2027-10-31T01:00:00.000Z',
    ]);
  });

  it('does the same for Europe/Berlin, which shares the EU rules', () => {
    expect(writtenInUtc('Europe/Berlin', '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual([
      '2027-10-31T01:00:00.000Z',
    ]);
  });

  it('gives the VTIMEZONE with its own TZID, and one that matches it', () => {
    const zone = vtimezoneChooser('Europe/Stockholm')([new Date('2027-03-29T06:00:00Z')]);

    expect(zone?.tzid).toBe('Europe/Stockholm');
    expect(zone?.component).toMatch(/^BEGIN:VTIMEZONE\r?\nTZID:Europe\/Stockholm\r?\n/);
  });

  it('keeps local time for a zone without DST (Asia/Kolkata, +05:30) all year', () => {
    expect(writtenInUtc('Asia/Kolkata', '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toEqual([]);
  });

  it('gives up on a zone whose packaged rules are stale: America/Sao_Paulo in its former summer', () => {
    const choose = vtimezoneChooser('America/Sao_Paulo');

    expect(choose([new Date('2026-12-01T12:00:00Z')])).toBeNull();
    // In June the stale rules happen to agree (-03:00), and local time is fine.
    expect(choose([new Date('2027-06-01T12:00:00Z')])?.tzid).toBe('America/Sao_Paulo');
  });

  it('rejects a string that is not an IANA zone', () => {
    expect(() => vtimezoneChooser('Europe/Atlantis')).toThrow(RangeError);
  });
});
