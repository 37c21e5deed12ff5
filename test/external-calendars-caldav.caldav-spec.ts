import { discoverCalDavCalendars, fetchCalDavEvents } from '../src/external-calendars/fetch/caldav-client';
import { REFUSED_PRIVATE, SourceRefused } from '../src/external-calendars/fetch/safe-address';
import { SourceFailed } from '../src/external-calendars/fetch/source-failed';
import { RadicaleServer, startRadicale } from './support/radicale';

// The CalDAV client against a real Radicale server (started per file on a loopback port).

function event(uid: string, start: string, end: string, extra: string[] = []): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samtal spec//CalDAV//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20260101T000000Z',
    `DTSTART:${start}`,
    `DTEND:${end}`,
    'SUMMARY:Court date & home visit <private>',
    ...extra,
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

let radicale: RadicaleServer;
let work: string;
let team: string;
const errors: Error[] = [];

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (err) {
    errors.push(err as Error);
    return err as Error;
  }
  throw new Error('expected the CalDAV call to fail');
}

const from = new Date('2026-01-05T00:00:00Z');
const to = new Date('2026-01-12T00:00:00Z');

beforeAll(async () => {
  radicale = await startRadicale();
  work = await radicale.mkcalendar('work', { displayName: 'Arbete' });
  team = await radicale.mkcalendar('team', { displayName: 'Team 2026' });
  await radicale.mkcalendar('tasks', { displayName: 'Tasks', components: ['VTODO'] });
});
afterAll(async () => {
  await radicale?.stop();
});

function access(extra: Partial<Parameters<typeof discoverCalDavCalendars>[0]> = {}) {
  return {
    url: radicale.url,
    username: radicale.username,
    password: radicale.password,
    allowPrivate: true,
    timeoutMs: 5000,
    ...extra,
  };
}

describe('discoverCalDavCalendars', () => {
  it('finds the event calendars from the server root (principal → home set → calendars)', async () => {
    const calendars = await discoverCalDavCalendars(access());
    expect(calendars.sort((a, b) => a.name.localeCompare(b.name))).toEqual([
      { href: work, name: 'Arbete' },
      { href: team, name: 'Team 2026' },
    ]);
    expect(work).toBe(`${radicale.url}${radicale.username}/work/`);
  });

  it('finds the same calendars from the principal URL', async () => {
    const calendars = await discoverCalDavCalendars(access({ url: `${radicale.url}${radicale.username}/` }));
    expect(calendars.map((c) => c.href).sort()).toEqual([team, work].sort());
  });

  it('reports a wrong password as unauthorized', async () => {
    const err = await failure(discoverCalDavCalendars(access({ password: 'wrong-password-123' })));
    expect(err).toBeInstanceOf(SourceFailed);
    expect((err as SourceFailed).code).toBe('unauthorized');
    expect(err.message).toBe('The calendar server refused the username or password.');
  });

  it('refuses the loopback server when private addresses are not allowed', async () => {
    const err = await failure(discoverCalDavCalendars(access({ allowPrivate: false })));
    expect(err).toEqual(new SourceRefused(REFUSED_PRIVATE));
  });

  it('stops at the deadline', async () => {
    const err = await failure(discoverCalDavCalendars(access({ timeoutMs: 1 })));
    expect((err as SourceFailed).code).toBe('timeout');
  });
});

describe('fetchCalDavEvents', () => {
  it('returns the events in the time range, and follows changes and deletions', async () => {
    await radicale.putEvent('work', 'in-range', event('in-range', '20260106T090000Z', '20260106T100000Z'));
    await radicale.putEvent('work', 'before', event('before', '20251201T090000Z', '20251201T100000Z'));
    await radicale.putEvent('work', 'after', event('after', '20260201T090000Z', '20260201T100000Z'));
    // Weekly since December: an occurrence falls in the range although the first one does not.
    await radicale.putEvent(
      'team',
      'weekly',
      event('weekly', '20251201T130000Z', '20251201T140000Z', ['RRULE:FREQ=WEEKLY;BYDAY=MO']),
    );

    const read = () => fetchCalDavEvents({ ...access(), calendars: [work, team], from, to, maxBytes: 1024 * 1024 });
    const uids = (objects: string[]) => objects.map((o) => /^UID:(.+)$/m.exec(o)?.[1]?.trim()).sort();

    const objects = await read();
    expect(uids(objects)).toEqual(['in-range', 'weekly']);
    for (const o of objects) expect(o).toMatch(/^BEGIN:VCALENDAR/);
    // Text with XML-special characters comes back decoded.
    expect(objects[0]).toContain('SUMMARY:Court date & home visit <private>');
    expect(objects.find((o) => o.includes('UID:weekly'))).toContain('RRULE:FREQ=WEEKLY;BYDAY=MO');

    // Moved out of the range, and one moved in.
    await radicale.putEvent('work', 'in-range', event('in-range', '20260301T090000Z', '20260301T100000Z'));
    await radicale.putEvent('work', 'after', event('after', '20260108T090000Z', '20260108T100000Z'));
    expect(uids(await read())).toEqual(['after', 'weekly']);

    await radicale.deleteEvent('team', 'weekly');
    expect(uids(await read())).toEqual(['after']);

    // Only the calendars asked for.
    expect(uids(await fetchCalDavEvents({ ...access(), calendars: [team], from, to }))).toEqual([]);
  });

  it('fails on a calendar that is gone instead of answering "no events"', async () => {
    const err = await failure(
      fetchCalDavEvents({ ...access(), calendars: [`${radicale.url}${radicale.username}/removed/`], from, to }),
    );
    expect(err).toBeInstanceOf(SourceFailed);
    expect((err as SourceFailed).code).toBe('http-status');
    expect((err as SourceFailed).status).toBe(404);
  });

  it('caps the total size of what it reads', async () => {
    const padding = Array.from({ length: 40 }, (_, i) => `X-PAD-${i}:${'p'.repeat(60)}`);
    for (let i = 0; i < 5; i++) {
      await radicale.putEvent('team', `big-${i}`, event(`big-${i}`, '20260107T090000Z', '20260107T100000Z', padding));
    }
    const err = await failure(
      fetchCalDavEvents({ ...access(), calendars: [work, team], from, to, maxBytes: 8 * 1024 }),
    );
    expect((err as SourceFailed).code).toBe('too-large');
    // The same read fits a larger cap.
    const objects = await fetchCalDavEvents({ ...access(), calendars: [work, team], from, to, maxBytes: 1024 * 1024 });
    expect(objects.length).toBe(6);
  });

  it('reports a wrong password as unauthorized', async () => {
    const err = await failure(fetchCalDavEvents({ ...access({ password: 'nope-nope' }), calendars: [work], from, to }));
    expect((err as SourceFailed).code).toBe('unauthorized');
    expect(err.message).toBe('The calendar server refused the username or password.');
  });

  it('refuses calendars on a private address when private addresses are not allowed', async () => {
    const err = await failure(fetchCalDavEvents({ ...access({ allowPrivate: false }), calendars: [work], from, to }));
    expect(err).toEqual(new SourceRefused(REFUSED_PRIVATE));
  });
});

it('never puts the URL, username or password in an error message', () => {
  expect(errors.length).toBeGreaterThanOrEqual(7);
  for (const err of errors) {
    expect(err.message).not.toMatch(
      /127\.0\.0\.1|https?:|caseworker|wrong-password|nope-nope|\/(work|team|removed)\//i,
    );
    expect(err.message).not.toContain(radicale.password);
  }
});
