import { DateTime } from 'luxon';
import { formatClock, formatDate, formatStart, formatWhen, TimeWords } from './format-time';

/** What format-time wrote when it went through luxon (the code before), as the reference. */
function luxonWhen(start: Date, end: Date, timeZone: string, words: TimeWords): string {
  const at = (d: Date) => DateTime.fromJSDate(d, { zone: timeZone }).setLocale(words.tag);
  const long = (d: DateTime) => d.toLocaleString({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  const clock = (d: DateTime) => d.toLocaleString({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const [from, to] = [at(start), at(end)];
  const name =
    new Intl.DateTimeFormat(words.tag, { timeZone, timeZoneName: 'longGeneric' })
      .formatToParts(start)
      .find((p) => p.type === 'timeZoneName')?.value ?? timeZone;
  const range = from.hasSame(to, 'day')
    ? `${long(from)}, ${words.timeRange(clock(from), clock(to))}`
    : `${long(from)}, ${words.clockTime(clock(from))} – ${long(to)}, ${words.clockTime(clock(to))}`;
  return `${range} (${name} / ${timeZone})`;
}

const words = (tag: string): TimeWords => ({
  tag,
  clockTime: (t) => `kl. ${t}`,
  timeRange: (a, b) => `${a}–${b}`,
});

describe('format-time', () => {
  const zones = ['Europe/Stockholm', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'UTC'];
  const tags = ['sv-SE', 'en-GB', 'de-DE'];

  it('writes what luxon wrote, across zones, languages, DST changes and midnights', () => {
    // Every 97 × 29 minutes over 2026–2027 (both DST changes of each zone, and meetings across midnight).
    let compared = 0;
    const sameDay: boolean[] = [];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2028, 0, 1); t += 97 * 60_000 * 29) {
      const start = new Date(t);
      const end = new Date(t + 45 * 60_000 + (t % 3) * 6 * 3_600_000);
      for (const zone of zones)
        for (const tag of tags) {
          expect(formatWhen(start, end, zone, words(tag))).toBe(luxonWhen(start, end, zone, words(tag)));
          compared++;
        }
      sameDay.push(formatWhen(start, end, 'UTC', words('en-GB')).includes(' – '));
    }
    expect(compared).toBeGreaterThan(5_000);
    expect(sameDay).toContain(true); // both branches were compared
    expect(sameDay).toContain(false);
  });

  it('the parts on their own, in the zone', () => {
    const at = new Date('2027-03-28T01:30:00Z'); // 03:30 summer time in Stockholm, the night the clocks go forward
    expect(formatClock(at, 'Europe/Stockholm', 'sv-SE')).toBe('03:30');
    expect(formatDate(at, 'Europe/Stockholm', words('en-GB'))).toBe('Sunday, 28 March 2027');
    expect(formatStart(at, 'America/New_York', words('de-DE'))).toBe('Samstag, 27. März 2027, kl. 21:30');
  });

  it('an unknown zone is a RangeError that names it', () => {
    expect(() => formatClock(new Date(), 'Mars/Olympus', 'en-GB')).toThrow(/Mars\/Olympus/);
  });
});
