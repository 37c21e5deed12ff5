import { DateTime, IANAZone } from 'luxon';
import { ZoneOffsets } from './zone-offsets';

const at = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
/** Local epoch ms: the wall-clock digits read as if they were UTC. */
const local = (wall: string) => Date.parse(`${wall}Z`);

describe('ZoneOffsets', () => {
  // Half-hour and 45-minute offsets and DST steps, Southern hemisphere, Morocco's Ramadan switch
  // (the shortest gap between changes in use), a zone that changes at midnight, one without DST.
  const zones = [
    'Europe/Stockholm',
    'America/New_York',
    'America/St_Johns',
    'Australia/Adelaide',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Africa/Casablanca',
    'America/Santiago',
    'Asia/Kolkata',
  ];

  it.each(zones)('matches luxon every 2 hours through 2026–2028 in %s', (zone) => {
    const from = at('2026-01-01T00:00:00Z');
    const to = at('2029-01-01T00:00:00Z');
    const offsets = ZoneOffsets.around(zone, from, to);
    const iana = IANAZone.create(zone);
    const wrong: string[] = [];
    for (let t = from; t < to; t += 2 * HOUR) {
      if (offsets.offsetAt(t) !== iana.offset(t) * 60_000) wrong.push(new Date(t).toISOString());
    }
    expect(wrong).toEqual([]);
  });

  it('finds each change to the second: Europe/Stockholm 2027-03-28T01:00:00Z', () => {
    const offsets = ZoneOffsets.around('Europe/Stockholm', at('2027-03-01T00:00:00Z'), at('2027-04-30T00:00:00Z'));
    expect(offsets.offsetAt(at('2027-03-28T00:59:59.999Z'))).toBe(HOUR);
    expect(offsets.offsetAt(at('2027-03-28T01:00:00Z'))).toBe(2 * HOUR);
  });

  it('finds a change that is not on a quarter hour: Africa/Monrovia 1972-01-07T00:44:30Z', () => {
    const offsets = ZoneOffsets.around('Africa/Monrovia', at('1972-01-01T00:00:00Z'), at('1972-01-20T00:00:00Z'));
    expect(offsets.offsetAt(at('1972-01-07T00:44:29.999Z'))).toBe(-44.5 * 60_000);
    expect(offsets.offsetAt(at('1972-01-07T00:44:30Z'))).toBe(0);
  });

  it('agrees with luxon for the wall-clock times that exist once: 08:00 and 16:30 every day of 2027 in New York', () => {
    const offsets = ZoneOffsets.around('America/New_York', at('2027-01-01T00:00:00Z'), at('2028-01-01T00:00:00Z'));
    for (let day = DateTime.fromISO('2027-01-01', { zone: 'UTC' }); day.year === 2027; day = day.plus({ days: 1 })) {
      for (const [hour, minute] of [
        [8, 0],
        [16, 30],
      ]) {
        const luxon = DateTime.fromObject(
          { year: day.year, month: day.month, day: day.day, hour, minute },
          { zone: 'America/New_York' },
        ).toMillis();
        expect(offsets.instantOf(day.toMillis() + (hour * 60 + minute) * 60_000)).toBe(luxon);
      }
    }
  });

  describe('instantOf: the first instant the wall clock reads that time or later', () => {
    const stockholm = ZoneOffsets.around('Europe/Stockholm', at('2027-03-01T00:00:00Z'), at('2027-11-30T00:00:00Z'));

    it('maps 02:30 on 2027-03-28, which does not exist, to 03:00 CEST, the first instant after the gap', () => {
      expect(stockholm.instantOf(local('2027-03-28T02:30:00'))).toBe(at('2027-03-28T03:00:00+02:00'));
      expect(stockholm.instantOf(local('2027-03-28T02:00:00'))).toBe(at('2027-03-28T03:00:00+02:00'));
    });

    it('keeps the times either side of the gap: 01:59 CET and 03:00 CEST', () => {
      expect(stockholm.instantOf(local('2027-03-28T01:59:00'))).toBe(at('2027-03-28T01:59:00+01:00'));
      expect(stockholm.instantOf(local('2027-03-28T03:00:00'))).toBe(at('2027-03-28T03:00:00+02:00'));
    });

    it('maps the repeated 02:30 on 2027-10-31 to its first showing, 02:30 CEST', () => {
      expect(stockholm.instantOf(local('2027-10-31T02:30:00'))).toBe(at('2027-10-31T02:30:00+02:00'));
    });

    it('maps 03:00 on 2027-10-31, right after the repeated hour, to 03:00 CET', () => {
      expect(stockholm.instantOf(local('2027-10-31T03:00:00'))).toBe(at('2027-10-31T03:00:00+01:00'));
    });
  });

  it('refuses a zone that is not in the tz database', () => {
    expect(() => ZoneOffsets.around('Mars/Olympus_Mons', 0, 1)).toThrow(RangeError);
  });
});
