import * as ical from 'node-ical';
import { appointmentInvite, AppointmentInviteInput } from './appointment-invite';

const JOIN = 'https://samtal.example/join/j0in';

function input(overrides: Partial<AppointmentInviteInput> = {}): AppointmentInviteInput {
  return {
    method: 'REQUEST',
    appointment: {
      id: '7d0c3b9e-2f4a-4c1e-9b8a-1f2e3d4c5b6a',
      sequence: 1,
      startsAt: new Date('2027-03-29T06:00:00Z'),
      endsAt: new Date('2027-03-29T06:45:00Z'),
      mode: 'video',
    },
    unit: {
      publicName: 'City of Helsingborg',
      timeZone: 'Europe/Stockholm',
      address: 'Drottninggatan 14, Helsingborg',
    },
    client: { name: 'Anna Andersson', email: 'anna@example.com' },
    organizer: { name: 'City of Helsingborg', email: 'bokning@helsingborg.example' },
    joinUrl: JOIN,
    locale: 'sv',
    host: 'samtal.example',
    dtstamp: new Date('2027-03-01T10:00:00Z'),
    ...overrides,
  };
}

function event(text: string): ical.VEvent {
  return Object.values(ical.sync.parseICS(text)).find((c): c is ical.VEvent => c?.type === 'VEVENT')!;
}

const unfolded = (text: string) => text.replace(/\r\n[ \t]/g, '');

describe('appointmentInvite', () => {
  it('carries the join link of a video meeting as its URL and description, and no /me/ link anywhere', () => {
    const text = appointmentInvite(input());

    expect(unfolded(text)).not.toContain('/me/');
    expect(event(text).description).toBe(`Videomöte: ${JOIN}`);
    expect(unfolded(text)).toContain(`URL;VALUE=URI:${JOIN}`);
  });

  it('describes a meeting in person by the address only, with no link at all', () => {
    const text = appointmentInvite(input({ appointment: { ...input().appointment, mode: 'in_person' } }));

    expect(event(text).description).toBe('Drottninggatan 14, Helsingborg');
    expect(event(text).location).toBe('Drottninggatan 14, Helsingborg');
    expect(unfolded(text)).not.toContain('samtal.example/');
  });

  it('does not ask the client to reply (RSVP=FALSE): changes are made from the mail link', () => {
    expect(unfolded(appointmentInvite(input()))).toMatch(
      /^ATTENDEE;[^\r\n]*RSVP=FALSE[^\r\n]*:MAILTO:anna@example\.com$/m,
    );
  });

  it('keeps the appointment UID and SEQUENCE, and names only the unit', () => {
    const e = event(appointmentInvite(input({ method: 'CANCEL' })));

    expect(e.uid).toBe('7d0c3b9e-2f4a-4c1e-9b8a-1f2e3d4c5b6a@samtal.example');
    expect(e.sequence).toBe(1);
    expect(e.summary).toBe('City of Helsingborg');
  });
});
