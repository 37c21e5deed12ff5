import * as ical from 'node-ical';
import { buildFeed, FeedInput } from './build-feed';

const feed: FeedInput = {
  name: 'Samtal — Karin, Team Nord; bokningar',
  timeZone: 'Europe/Stockholm',
  dtstamp: new Date('2027-03-20T12:00:00Z'),
  events: [
    {
      uid: 'a1@samtal.example',
      sequence: 0,
      start: new Date('2027-03-26T07:00:00Z'),
      end: new Date('2027-03-26T07:45:00Z'),
      summary: 'Anna A. — in person',
      location: 'Drottninggatan 14, Helsingborg',
      status: 'CONFIRMED',
    },
    {
      uid: 'a2@samtal.example',
      sequence: 4,
      start: new Date('2027-03-29T06:00:00Z'),
      end: new Date('2027-03-29T06:30:00Z'),
      summary: 'Bo B. — video',
      description: 'Join: https://samtal.example/join/2',
      status: 'TENTATIVE',
    },
    {
      uid: 'a3@samtal.example',
      sequence: 1,
      start: new Date('2027-03-30T12:00:00Z'),
      end: new Date('2027-03-30T12:30:00Z'),
      summary: 'Cilla C.',
      status: 'CANCELLED',
    },
  ],
};

function unfolded(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('buildFeed', () => {
  it('parses back with every event, its UID, SEQUENCE, status and local time', () => {
    const parsed = ical.sync.parseICS(buildFeed(feed));
    const events = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === 'VEVENT');

    expect(events.map((e) => [e.uid, e.sequence, e.status, e.start.toISOString()])).toEqual([
      ['a1@samtal.example', 0, 'CONFIRMED', '2027-03-26T07:00:00.000Z'],
      ['a2@samtal.example', 4, 'TENTATIVE', '2027-03-29T06:00:00.000Z'],
      ['a3@samtal.example', 1, 'CANCELLED', '2027-03-30T12:00:00.000Z'],
    ]);
  });

  it('is a plain subscription: no METHOD, the name in X-WR-CALNAME, every event CLASS:PRIVATE', () => {
    const text = buildFeed(feed);
    const lines = unfolded(text);
    const calendar = ical.sync.parseICS(text).vcalendar as unknown as Record<string, unknown>;

    expect(lines.some((l) => l.startsWith('METHOD'))).toBe(false);
    expect(lines).toContain('X-WR-CALNAME:Samtal — Karin\\, Team Nord\\; bokningar');
    expect(calendar['WR-CALNAME']).toBe('Samtal — Karin, Team Nord; bokningar');
    expect(lines.filter((l) => l === 'CLASS:PRIVATE')).toHaveLength(3);
  });

  it('carries one VTIMEZONE however many events use it, and local times with TZID', () => {
    const lines = unfolded(buildFeed(feed));

    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(lines).toContain('DTSTART;TZID=Europe/Stockholm:20270326T080000');
    expect(lines).toContain('DTSTART;TZID=Europe/Stockholm:20270329T080000');
  });

  it('writes in UTC only the event whose local time would be ambiguous (the second 02:30 of 2027-10-31)', () => {
    const second = {
      ...feed.events[0],
      uid: 'a4@samtal.example',
      start: new Date('2027-10-31T01:30:00Z'),
      end: new Date('2027-10-31T01:50:00Z'),
    };
    const lines = unfolded(buildFeed({ ...feed, events: [feed.events[0], second] }));

    expect(lines).toContain('DTSTART;TZID=Europe/Stockholm:20270326T080000');
    expect(lines).toContain('DTSTART:20271031T013000Z');
  });

  it('cannot be broken by a line break in the calendar name', () => {
    const lines = unfolded(buildFeed({ ...feed, name: 'Karin\r\nX-INJECTED:1' }));

    expect(lines).toContain('X-WR-CALNAME:Karin X-INJECTED:1');
    expect(lines.filter((l) => l.startsWith('X-INJECTED'))).toEqual([]);
  });

  it('is a valid calendar with no events', () => {
    const text = buildFeed({ ...feed, events: [] });

    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*END:VCALENDAR\r\n$/);
    expect(text).not.toContain('BEGIN:VTIMEZONE');
    expect(() => ical.sync.parseICS(text)).not.toThrow();
  });
});
