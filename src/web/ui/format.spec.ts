import {
  formatDate,
  formatDateTime,
  formatTime,
  groupByDay,
  parseInstant,
  weekStart,
  weekView,
  zoneLabel,
} from './format';
import { translator } from '../i18n';

const ZONE = 'Europe/Stockholm';

describe('page date formatting', () => {
  it('shows the unit zone wall clock in each language', () => {
    expect(formatTime('2027-03-02T08:00:00.000Z', ZONE, 'en')).toBe('09:00');
    expect(formatDate('2027-03-02T08:00:00.000Z', ZONE, 'en')).toBe('Tuesday, 2 March 2027');
    expect(formatDate('2027-03-02T08:00:00.000Z', ZONE, 'sv')).toBe('tisdag 2 mars 2027');
    expect(formatDate('2027-03-02T08:00:00.000Z', ZONE, 'de')).toBe('Dienstag, 2. März 2027');
    expect(formatDateTime('2027-03-02T08:00:00.000Z', ZONE, 'de', translator('de'))).toBe(
      'Dienstag, 2. März 2027 um 09:00 Uhr',
    );
  });

  it('uses summer time after the spring-forward night (2026-03-29)', () => {
    expect(formatTime('2026-03-30T07:00:00.000Z', ZONE, 'sv')).toBe('09:00');
    expect(formatTime('2026-03-27T08:00:00.000Z', ZONE, 'sv')).toBe('09:00');
  });

  it('names the zone in the reader language', () => {
    expect(zoneLabel(ZONE, 'en')).toBe('Central European Time (Europe/Stockholm)');
    expect(zoneLabel(ZONE, 'de')).toContain('Mitteleuropäische');
  });
});

describe('weekStart and weekView', () => {
  const now = new Date('2027-03-03T10:00:00Z'); // Wednesday

  it('starts at Monday 00:00 local, ignores bad input and never goes into the past', () => {
    expect(weekStart(now, ZONE).toISO()).toBe('2027-03-01T00:00:00.000+01:00');
    expect(weekStart(now, ZONE, '2027-03-11').toISO()).toBe('2027-03-08T00:00:00.000+01:00');
    expect(weekStart(now, ZONE, '2027-02-01').toISO()).toBe('2027-03-01T00:00:00.000+01:00');
    expect(weekStart(now, ZONE, 'next tuesday').toISO()).toBe('2027-03-01T00:00:00.000+01:00');
    expect(weekStart(now, ZONE, '2027-02-30').toISO()).toBe('2027-03-01T00:00:00.000+01:00');
  });

  it('spans a DST week as 167 hours, Monday to Monday', () => {
    const v = weekView(
      weekStart(new Date('2026-03-24T10:00:00Z'), ZONE),
      new Date('2026-03-24T10:00:00Z'),
      ZONE,
      'en',
      translator('en'),
    );
    expect(v.from).toBe('2026-03-23T00:00:00.000+01:00');
    expect(v.to).toBe('2026-03-30T00:00:00.000+02:00');
    expect(v.prev).toBeNull();
    expect(v.next).toBe('2026-03-30');
    expect(v.label).toBe('Week 13: 23 March – 29 March');
  });

  it('offers the next week only when it starts before the booking horizon ends', () => {
    // now + 60 days = Sunday 2027-05-02 11:00: the week of 26 April is the last with a possible slot.
    const last = weekView(weekStart(now, ZONE, '2027-04-26'), now, ZONE, 'en', translator('en'), 60);
    expect(last.next).toBeNull();
    expect(weekView(weekStart(now, ZONE, '2027-04-19'), now, ZONE, 'en', translator('en'), 60).next).toBe('2027-04-26');
    // A horizon ending exactly at next Monday 00:00 offers nothing there (slots start before the horizon).
    expect(weekView(weekStart(now, ZONE), now, ZONE, 'en', translator('en'), 7).next).toBe('2027-03-08');
    expect(
      weekView(
        weekStart(new Date('2027-02-28T23:00:00Z'), ZONE),
        new Date('2027-02-28T23:00:00Z'),
        ZONE,
        'en',
        translator('en'),
        7,
      ).next,
    ).toBeNull();
  });

  it('offers the previous week only when it is not in the past', () => {
    const v = weekView(weekStart(now, ZONE, '2027-03-15'), now, ZONE, 'en', translator('en'));
    expect(v.prev).toBe('2027-03-08');
  });
});

describe('groupByDay', () => {
  it('groups by local date in order, so a 23:30 UTC slot belongs to the next local day', () => {
    const days = groupByDay(
      [
        { startsAt: '2027-03-02T09:00:00+01:00' },
        { startsAt: '2027-03-01T23:30:00Z' },
        { startsAt: '2027-03-02T08:00:00Z' },
      ],
      ZONE,
      'en',
    );
    expect(days.map((d) => [d.date, d.slots.map((s) => s.time)])).toEqual([
      ['2027-03-02', ['00:30', '09:00', '09:00']],
    ]);
  });
});

describe('parseInstant', () => {
  it('accepts ISO instants with an offset and normalises them to UTC', () => {
    expect(parseInstant('2027-03-02T09:00:00+01:00')).toBe('2027-03-02T08:00:00.000Z');
    expect(parseInstant('2027-03-02T08:00:00.000Z')).toBe('2027-03-02T08:00:00.000Z');
  });
  it('refuses local times, garbage and non-strings', () => {
    expect(parseInstant('2027-03-02T09:00:00')).toBeNull();
    expect(parseInstant('tomorrow')).toBeNull();
    expect(parseInstant(['2027-03-02T08:00:00Z'])).toBeNull();
    expect(parseInstant('2027-13-02T08:00:00Z')).toBeNull();
  });
});
