import { ConnectionSecrets } from '../src/external-calendars/connection-secret';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, countRows } from './support/booking-fixture';
import { RadicaleServer, startRadicale } from './support/radicale';

// A real CalDAV server (Radicale, started on a loopback port with a temp folder and htpasswd auth):
// events are written into it over CalDAV, then Samtal reads their busy time. Runs in the `caldav` Jest
// project (`npx jest --selectProjects caldav`; .ci/run installs radicale), not in `npm test`.

// Monday 2027-03-01 07:00 in Stockholm (UTC+1). The fixture's caseworker works Tue 07:00–11:00Z and 12:00–15:00Z.
const NOW = '2027-03-01T06:00:00.000Z';
const TUESDAY = { from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' };
const at = (hhmm: string) => `2027-03-02T${hhmm}:00.000Z`;
const stamp = (iso: string) => iso.replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** One event as a CalDAV client (Thunderbird, Outlook's CalDAV sync) would PUT it. */
function event(uid: string, start: string, end: string, sequence = 0): string {
  return [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Samtal tests//CalDAV fixture//EN',
    'BEGIN:VEVENT',
    `UID:${uid}`,
    'DTSTAMP:20270101T000000Z',
    `DTSTART:${stamp(start)}`,
    `DTEND:${stamp(end)}`,
    `SEQUENCE:${sequence}`,
    'SUMMARY:Meeting about a client',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');
}

interface View {
  username?: string;
  id: string;
  caseworkerId: string;
  kind: string;
  url: string;
  calendars?: string[];
  availableCalendars?: Array<{ href: string; name: string }>;
  lastSyncedAt: string | null;
  lastError?: string;
  stale: boolean;
  busyCount: number;
}

describe('external calendars: CalDAV (Radicale)', () => {
  let dav: RadicaleServer;
  let ctx: TestContext;
  let f: BookingFixture;
  let work: string;
  let personal: string;

  beforeAll(async () => {
    dav = await startRadicale();
    ctx = await createTestContext({ EXTERNAL_CALENDAR_ALLOW_PRIVATE: 'true' });
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
    work = await dav.mkcalendar('work', { displayName: 'Work' });
    personal = await dav.mkcalendar('personal', { displayName: 'Personal' });
    await dav.putEvent('work', 'court-date', event('court-date', at('09:00'), at('10:00')));
    await dav.putEvent('work', 'team-meeting', event('team-meeting', at('13:00'), at('14:00')));
    await dav.putEvent('work', 'home-visit', event('home-visit', at('07:00'), at('07:30')));
    await dav.putEvent('personal', 'dentist', event('dentist', at('10:00'), at('11:00')));
  });
  afterAll(async () => {
    await ctx?.close();
    await dav?.stop();
  });

  const cw = () => f.caseworkers[0];
  const slots = async (): Promise<string[]> =>
    (
      await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({ meetingTypeId: f.intakeId, mode: 'in_person', ...TUESDAY })
        .expect(200)
    ).body.slots.map((s: { startsAt: string }) => s.startsAt);
  const staffSlots = async (): Promise<string[]> =>
    (
      await ctx
        .http()
        .get(`/api/v1/caseworkers/${cw().id}/slots`)
        .set(bearer(cw().token))
        .query({ meetingTypeId: f.intakeId, mode: 'in_person', ...TUESDAY })
        .expect(200)
    ).body.slots.map((s: { startsAt: string }) => s.startsAt);
  const connect = (body: Record<string, unknown>) =>
    ctx
      .http()
      .post(`/api/v1/caseworkers/${cw().id}/external-calendars`)
      .set(bearer(cw().token))
      .send({ kind: 'caldav', url: dav.url, username: dav.username, password: dav.password, ...body });

  it('discovers the calendars, counts the picked one, and follows changes and deletions on sync', async () => {
    const base = await slots();
    // Intake: 60 min on a 30-min grid, no buffers.
    expect(base).toEqual(expect.arrayContaining([at('07:00'), at('09:00'), at('10:00'), at('12:00'), at('13:00')]));

    const created = await connect({}).expect(201);
    const conn = created.body as View;
    // Without a choice, every event calendar of the account counts.
    expect(conn).toMatchObject({ caseworkerId: cw().id, kind: 'caldav', stale: false, busyCount: 4 });
    expect([...(conn.calendars ?? [])].sort()).toEqual([personal, work].sort());
    expect(conn.url).toBe(`${dav.url}…`);
    expect(conn.lastError).toBeUndefined();
    expect(conn.availableCalendars).toEqual(
      expect.arrayContaining([
        { href: work, name: 'Work' },
        { href: personal, name: 'Personal' },
      ]),
    );
    expect(JSON.stringify(created.body)).not.toContain(dav.password);

    const picked = await ctx
      .http()
      .patch(`/api/v1/external-calendars/${conn.id}`)
      .set(bearer(cw().token))
      .send({ calendars: [work] })
      .expect(200);
    expect(picked.body).toMatchObject({ id: conn.id, calendars: [work], busyCount: 3 });
    expect(picked.body.lastError).toBeUndefined();
    expect(picked.body.lastSyncedAt).toEqual(expect.any(String));
    // Only busy time is kept, with the events' UIDs.
    const rows = await ctx.db.query<Array<{ uid: string; busy_range: string }>>(
      `SELECT uid, busy_range::text FROM external_busy WHERE calendar_id = $1 ORDER BY lower(busy_range)`,
      [conn.id],
    );
    expect(rows).toEqual([
      { uid: 'home-visit', busy_range: '["2027-03-02 07:00:00+00","2027-03-02 07:30:00+00")' },
      { uid: 'court-date', busy_range: '["2027-03-02 09:00:00+00","2027-03-02 10:00:00+00")' },
      { uid: 'team-meeting', busy_range: '["2027-03-02 13:00:00+00","2027-03-02 14:00:00+00")' },
    ]);

    // 07:00 (home visit), 08:30 and 09:00 and 09:30 (court date), 12:30, 13:00, 13:30 (team meeting) are gone;
    // 10:00 stays (the dentist is in the calendar that was not picked).
    const gone = [at('07:00'), at('08:30'), at('09:00'), at('09:30'), at('12:30'), at('13:00'), at('13:30')];
    expect(await slots()).toEqual(base.filter((s) => !gone.includes(s)));
    expect(await staffSlots()).toEqual(base.filter((s) => !gone.includes(s)));

    // The court date moves to 10–11 (same UID, PUT again) and the team meeting is deleted.
    await dav.putEvent('work', 'court-date', event('court-date', at('10:00'), at('11:00'), 1));
    await dav.deleteEvent('work', 'team-meeting');
    const synced = await ctx
      .http()
      .post(`/api/v1/external-calendars/${conn.id}/sync`)
      .set(bearer(cw().token))
      .expect(200);
    expect(synced.body).toMatchObject({ id: conn.id, busyCount: 2 });
    expect(synced.body.lastError).toBeUndefined();
    const after = await slots();
    // Freed: 08:30, 09:00 and the afternoon; taken: 09:30 and 10:00 (both overlap 10–11).
    expect(after).toEqual(expect.arrayContaining([at('08:30'), at('09:00'), at('12:30'), at('13:00'), at('13:30')]));
    expect(after).not.toContain(at('09:30'));
    expect(after).not.toContain(at('10:00'));
    expect(after).not.toContain(at('07:00'));
    const goneNow = [at('07:00'), at('09:30'), at('10:00')];
    expect(after).toEqual(base.filter((s) => !goneNow.includes(s)));

    // Disconnected: all of it is free again.
    await ctx.http().delete(`/api/v1/external-calendars/${conn.id}`).set(bearer(cw().token)).expect(204);
    expect(await slots()).toEqual(base);
  });

  it('calendars picked in the POST count at once; the account is named, the password never returned and sealed at rest', async () => {
    const created = await connect({ calendars: [personal] }).expect(201);
    expect(created.body).toMatchObject({ calendars: [personal], busyCount: 1 });
    expect(await slots()).not.toContain(at('10:00'));
    expect(await slots()).toContain(at('09:00'));
    const listed = await ctx
      .http()
      .get(`/api/v1/caseworkers/${cw().id}/external-calendars`)
      .set(bearer(cw().token))
      .expect(200);
    expect(JSON.stringify(listed.body)).not.toContain(dav.password);
    const [row] = await ctx.db.query<Array<{ secret: string; row: string }>>(
      `SELECT secret, row_to_json(c)::text AS row FROM external_calendars c WHERE id = $1`,
      [created.body.id],
    );
    expect(row.row).not.toContain(dav.password);
    expect(new ConnectionSecrets(ctx.config.TOKEN_SECRET).open(row.secret)).toMatchObject({
      url: dav.url,
      username: dav.username,
      password: dav.password,
    });
    await ctx.http().delete(`/api/v1/external-calendars/${created.body.id}`).set(bearer(cw().token)).expect(204);
    // The account is named (staff see which one is connected); the password is a credential and is not.
    expect(listed.body).toEqual([expect.objectContaining({ id: created.body.id, username: dav.username })]);
  });

  it('a wrong password is refused at connect with 400 VALIDATION_FAILED, without the password in the answer', async () => {
    const wrong = `wrong-${dav.password}`;
    const before = await countRows(ctx, 'SELECT 1 FROM external_calendars');
    const res = await connect({ password: wrong });
    expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(JSON.stringify(res.body)).not.toContain(wrong);
    expect(JSON.stringify(res.body)).not.toContain(dav.password);
    expect(await countRows(ctx, 'SELECT 1 FROM external_calendars')).toBe(before);
    // A calendar that is not the account's is refused too.
    const foreign = await connect({ calendars: [`${dav.url}someone-else/work/`] });
    expect(foreign.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(await countRows(ctx, 'SELECT 1 FROM external_calendars')).toBe(before);
  });

  it('the server gone: the sync records the error and keeps the busy time it had', async () => {
    const conn = (await connect({ calendars: [work] }).expect(201)).body as View;
    expect(conn.busyCount).toBe(2);
    expect(await slots()).not.toContain(at('10:00'));
    await dav.stop();
    ctx.clock.advance(10 * 60_000);
    const res = await ctx.http().post(`/api/v1/external-calendars/${conn.id}/sync`).set(bearer(cw().token)).expect(200);
    expect(res.body).toMatchObject({ id: conn.id, busyCount: 2, lastSyncedAt: conn.lastSyncedAt, stale: false });
    expect(res.body.lastError).toEqual(expect.any(String));
    expect(res.body.lastError).not.toContain(dav.password);
    expect(await slots()).not.toContain(at('10:00'));
    expect(await slots()).not.toContain(at('07:00'));
  });
});
