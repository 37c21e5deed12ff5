import * as ical from 'node-ical';
import { buildInvite, InviteInput } from './build-invite';

function invite(overrides: Partial<InviteInput> = {}): InviteInput {
  return {
    method: 'REQUEST',
    uid: '7d0c3b9e-2f4a-4c1e-9b8a-1f2e3d4c5b6a@samtal.example',
    sequence: 0,
    dtstamp: new Date('2027-03-01T10:00:00Z'),
    start: new Date('2027-03-29T06:00:00Z'),
    end: new Date('2027-03-29T06:45:00Z'),
    timeZone: 'Europe/Stockholm',
    summary: 'Appointment — City of Helsingborg',
    organizer: { name: 'City of Helsingborg', email: 'bokning@helsingborg.example' },
    attendee: { name: 'Anna Andersson', email: 'anna@example.com' },
    location: 'Drottninggatan 14, 252 21 Helsingborg',
    ...overrides,
  };
}

function parse(text: string) {
  const parsed = ical.sync.parseICS(text);
  const events = Object.values(parsed).filter((c): c is ical.VEvent => c?.type === 'VEVENT');
  expect(events).toHaveLength(1);
  return { calendar: parsed.vcalendar as unknown as Record<string, unknown>, event: events[0] };
}

/** Content lines with folding undone (RFC 5545 §3.1). */
function unfolded(text: string): string[] {
  return text.replace(/\r\n[ \t]/g, '').split('\r\n');
}

describe('buildInvite', () => {
  it('writes a REQUEST that parses back with its UID, SEQUENCE, DTSTAMP and status', () => {
    const text = buildInvite(
      invite({
        sequence: 2,
        location: 'Video meeting: https://samtal.example/join/xyz',
        joinUrl: 'https://samtal.example/join/xyz',
      }),
    );
    const { calendar, event } = parse(text);

    expect(calendar.method).toBe('REQUEST');
    expect(event.uid).toBe('7d0c3b9e-2f4a-4c1e-9b8a-1f2e3d4c5b6a@samtal.example');
    expect(event.sequence).toBe(2);
    expect(new Date(event.dtstamp).toISOString()).toBe('2027-03-01T10:00:00.000Z');
    expect(event.status).toBe('CONFIRMED');
    expect(event.class).toBe('PRIVATE');
    expect(event.summary).toBe('Appointment — City of Helsingborg');
    expect(event.location).toBe('Video meeting: https://samtal.example/join/xyz');
    expect(event.description).toBe('Video meeting: https://samtal.example/join/xyz');
    expect(unfolded(text)).toContain('URL;VALUE=URI:https://samtal.example/join/xyz');
  });

  it('describes a meeting in person by its address alone, with no URL', () => {
    const text = buildInvite(invite());
    const { event } = parse(text);

    expect(event.description).toBe('Drottninggatan 14, 252 21 Helsingborg');
    expect(unfolded(text).some((l) => l.startsWith('URL'))).toBe(false);
  });

  it('writes a CANCEL with the same UID, the given SEQUENCE and STATUS:CANCELLED', () => {
    const text = buildInvite(invite({ method: 'CANCEL', sequence: 3 }));
    const { calendar, event } = parse(text);

    expect(calendar.method).toBe('CANCEL');
    expect(event.uid).toBe('7d0c3b9e-2f4a-4c1e-9b8a-1f2e3d4c5b6a@samtal.example');
    expect(event.sequence).toBe(3);
    expect(event.status).toBe('CANCELLED');
    expect(unfolded(text)).toContain('CLASS:PRIVATE');
  });

  it('names the organizer and invites the client as a required participant who is not asked to reply (RSVP=FALSE)', () => {
    const lines = unfolded(buildInvite(invite()));

    expect(lines).toContain('ORGANIZER;CN="City of Helsingborg":mailto:bokning@helsingborg.example');
    expect(lines).toContain(
      'ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE;CN="Anna Andersson":MAILTO:anna@example.com',
    );
  });

  it('marks the event CLASS:PRIVATE and the calendar with one VTIMEZONE for the zone', () => {
    const text = buildInvite(invite());
    const lines = unfolded(text);

    expect(lines).toContain('CLASS:PRIVATE');
    expect(lines.filter((l) => l === 'BEGIN:VTIMEZONE')).toHaveLength(1);
    expect(text).toMatch(/BEGIN:VTIMEZONE\r\nTZID:Europe\/Stockholm\r\n[\s\S]*END:VTIMEZONE\r\n/);
    // The zone comes before the event that refers to it.
    expect(text.indexOf('END:VTIMEZONE')).toBeLessThan(text.indexOf('BEGIN:VEVENT'));
  });

  describe('times across the Europe/Stockholm DST changes', () => {
    it.each([
      ['Friday before spring-forward (CET, +01:00)', '2027-03-26T07:00:00Z', '20270326T080000'],
      ['Monday after spring-forward (CEST, +02:00)', '2027-03-29T06:00:00Z', '20270329T080000'],
      ['Friday before fall-back (CEST, +02:00)', '2027-10-29T06:00:00Z', '20271029T080000'],
      ['Monday after fall-back (CET, +01:00)', '2027-11-01T07:00:00Z', '20271101T080000'],
    ])('writes 08:00 local with TZID on the %s, and it parses back to %s', (_, iso, local) => {
      const start = new Date(iso);
      const text = buildInvite(invite({ start, end: new Date(start.getTime() + 45 * 60_000) }));
      const { event } = parse(text);

      expect(unfolded(text)).toContain(`DTSTART;TZID=Europe/Stockholm:${local}`);
      expect(event.start.toISOString()).toBe(start.toISOString());
      expect(event.end?.toISOString()).toBe(new Date(start.getTime() + 45 * 60_000).toISOString());
    });

    it('writes the first 02:30 of the fall-back night (00:30Z) as local time: RFC 5545 reads it as the first', () => {
      const lines = unfolded(
        buildInvite(invite({ start: new Date('2027-10-31T00:30:00Z'), end: new Date('2027-10-31T00:50:00Z') })),
      );

      expect(lines).toContain('DTSTART;TZID=Europe/Stockholm:20271031T023000');
      expect(lines).toContain('DTEND;TZID=Europe/Stockholm:20271031T025000');
    });

    it('writes the second 02:30 of the fall-back night (01:30Z) in UTC, which a local time cannot say', () => {
      const text = buildInvite(
        invite({ start: new Date('2027-10-31T01:30:00Z'), end: new Date('2027-10-31T02:15:00Z') }),
      );
      const { event } = parse(text);

      expect(unfolded(text)).toContain('DTSTART:20271031T013000Z');
      expect(unfolded(text)).toContain('DTEND:20271031T021500Z');
      expect(event.start.toISOString()).toBe('2027-10-31T01:30:00.000Z');
    });

    it('does not depend on the server time zone', () => {
      const saved = process.env.TZ;
      process.env.TZ = 'America/New_York';
      try {
        expect(unfolded(buildInvite(invite()))).toContain('DTSTART;TZID=Europe/Stockholm:20270329T080000');
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });
  });

  describe('zones the packaged VTIMEZONE data cannot carry', () => {
    it('writes UTC times without a VTIMEZONE when the packaged rules are stale (Brazil dropped DST in 2019)', () => {
      const text = buildInvite(
        invite({
          timeZone: 'America/Sao_Paulo',
          start: new Date('2026-12-01T12:00:00Z'),
          end: new Date('2026-12-01T12:45:00Z'),
        }),
      );
      const { event } = parse(text);

      expect(unfolded(text)).toContain('DTSTART:20261201T120000Z');
      expect(text).not.toContain('BEGIN:VTIMEZONE');
      expect(event.start.toISOString()).toBe('2026-12-01T12:00:00.000Z');
    });

    it('writes UTC times for a zone newer than the package (Europe/Kyiv)', () => {
      const text = buildInvite(invite({ timeZone: 'Europe/Kyiv' }));

      expect(unfolded(text)).toContain('DTSTART:20270329T060000Z');
      expect(text).not.toContain('TZID');
    });

    it('uses the canonical TZID of the VTIMEZONE for an alias (Asia/Calcutta → Asia/Kolkata)', () => {
      const text = buildInvite(invite({ timeZone: 'Asia/Calcutta' }));

      expect(unfolded(text)).toContain('DTSTART;TZID=Asia/Kolkata:20270329T113000');
      expect(unfolded(text)).toContain('TZID:Asia/Kolkata');
    });

    it('rejects a string that is not an IANA zone', () => {
      expect(() => buildInvite(invite({ timeZone: 'Mars/Olympus_Mons' }))).toThrow(RangeError);
    });
  });

  describe('hostile or unusual text', () => {
    const hostile = invite({
      uid: 'abc@samtal.example\r\nX-INJECTED:uid',
      summary: 'Appointment — Kommun\r\nX-INJECTED:summary',
      attendee: { name: 'Eve "the client"; Örn, 😀👩🏽‍💻\r\nATTENDEE:mailto:evil@example.com', email: 'eve@example.com' },
      organizer: { name: 'Stad; "Väst"\nX-INJECTED:organizer', email: 'bokning@example.com' },
      location: 'Gata 1;\r\nX-INJECTED:location, 😀',
      joinUrl: 'https://samtal.example/j/1\r\nX-INJECTED:url',
    });

    it('still parses, with the client as the only attendee', () => {
      const { event } = parse(buildInvite(hostile));

      expect(event.uid).toBe('abc@samtal.example X-INJECTED:uid');
      expect(event.summary).toBe('Appointment — Kommun X-INJECTED:summary');
      expect(event.location).toBe('Gata 1; X-INJECTED:location, 😀');
      expect(event.description).toBe('Gata 1; X-INJECTED:location, 😀');
      const attendee = event.attendee as unknown as { params: { CN: string }; val: string };
      expect(attendee.val).toBe('MAILTO:eve@example.com');
      expect(attendee.params.CN).toBe("Eve 'the client', Örn, 😀👩🏽‍💻 ATTENDEE:mailto:evil@example.com");
    });

    it('injects no property: no line starts with X-INJECTED and there is one ATTENDEE', () => {
      const lines = unfolded(buildInvite(hostile));

      expect(lines.filter((l) => l.startsWith('X-INJECTED'))).toEqual([]);
      expect(lines.filter((l) => l.startsWith('ATTENDEE'))).toHaveLength(1);
      expect(lines.filter((l) => l.startsWith('ORGANIZER'))).toHaveLength(1);
    });

    it('uses CRLF only, ends with CRLF and folds every line at 75 octets', () => {
      const text = buildInvite(hostile);

      expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
      expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
      const tooLong = text.split('\r\n').filter((line) => Buffer.byteLength(line, 'utf8') > 75);
      expect(tooLong).toEqual([]);
    });

    it('never splits a UTF-8 character when folding a long emoji name', () => {
      const name = '😀'.repeat(60);
      const text = buildInvite(invite({ attendee: { name, email: 'e@example.com' } }));
      const attendee = parse(text).event.attendee as unknown as { params: { CN: string } };

      expect(text).not.toContain('\uFFFD');
      expect(attendee.params.CN).toBe(name);
    });
  });

  it('leaves out the attendee name and the location when they are empty', () => {
    const lines = unfolded(buildInvite(invite({ attendee: { name: ' ', email: 'anna@example.com' }, location: '' })));

    expect(lines).toContain('ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:MAILTO:anna@example.com');
    expect(lines.some((l) => l.startsWith('LOCATION'))).toBe(false);
  });

  it('is deterministic and does not change its input', () => {
    const input = invite();
    const copy = structuredClone(input);

    expect(buildInvite(input)).toBe(buildInvite(input));
    expect(input).toEqual(copy);
  });

  it('rejects an end that is not after the start, and a negative sequence', () => {
    expect(() => buildInvite(invite({ end: new Date('2027-03-29T06:00:00Z') }))).toThrow(RangeError);
    expect(() => buildInvite(invite({ sequence: -1 }))).toThrow(RangeError);
  });
});
