import { ConnectionSecrets } from '../src/external-calendars/connection-secret';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, countRows, newClient, person } from './support/booking-fixture';
import { FeedEvent, IcsServer, startIcsServer } from './support/ics-server';

// Monday 2027-03-01 07:00 in Stockholm (UTC+1 until 28 March). The caseworkers of the fixture work
// Mon–Fri 08–12 and 13–16 local time, i.e. 07:00–11:00Z and 12:00–15:00Z.
const NOW = '2027-03-01T06:00:00.000Z';
const TUESDAY = { from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' };
const at = (hhmm: string) => `2027-03-02T${hhmm}:00.000Z`;
/** The team meeting that every test puts in the caseworker's Outlook: Tuesday 10–11 local. */
const MEETING: FeedEvent = { uid: 'team-meeting-1@outlook.example', start: at('09:00'), end: at('10:00') };

interface View {
  id: string;
  caseworkerId: string;
  kind: string;
  url: string;
  lastSyncedAt: string | null;
  lastError?: string;
  stale: boolean;
  busyCount: number;
}

describe('external calendars: ICS subscriptions over HTTP', () => {
  let ctx: TestContext;
  let ics: IcsServer;

  beforeAll(async () => {
    ics = await startIcsServer();
    ctx = await createTestContext({ EXTERNAL_CALENDAR_ALLOW_PRIVATE: 'true' });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(async () => {
    await ctx.close();
    await ics.close();
  });

  /** A fresh unit with one caseworker (so the public search shows only theirs). */
  const fixture = () => bookingFixture(ctx);
  const cwOf = (f: BookingFixture) => f.caseworkers[0];
  const connect = (f: BookingFixture, url: string, token = cwOf(f).token) =>
    ctx
      .http()
      .post(`/api/v1/caseworkers/${cwOf(f).id}/external-calendars`)
      .set(bearer(token))
      .send({ kind: 'ics', url });
  const sync = (f: BookingFixture, id: string, token = cwOf(f).token) =>
    ctx.http().post(`/api/v1/external-calendars/${id}/sync`).set(bearer(token));
  const list = async (f: BookingFixture): Promise<View[]> =>
    (
      await ctx
        .http()
        .get(`/api/v1/caseworkers/${cwOf(f).id}/external-calendars`)
        .set(bearer(cwOf(f).token))
        .expect(200)
    ).body;
  const publicSlots = async (f: BookingFixture, meetingTypeId = f.intakeId): Promise<string[]> =>
    (
      await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({ meetingTypeId, mode: 'in_person', ...TUESDAY })
        .expect(200)
    ).body.slots.map((s: { startsAt: string }) => s.startsAt);
  const staffSlots = async (f: BookingFixture, meetingTypeId = f.followUpId): Promise<string[]> =>
    (
      await ctx
        .http()
        .get(`/api/v1/caseworkers/${cwOf(f).id}/slots`)
        .set(bearer(f.unit.adminToken))
        .query({ meetingTypeId, mode: 'in_person', ...TUESDAY })
        .expect(200)
    ).body.slots.map((s: { startsAt: string }) => s.startsAt);
  const busyRows = (calendarId: string) =>
    ctx.db.query<Array<{ uid: string; busy_range: string }>>(
      `SELECT uid, busy_range::text FROM external_busy WHERE calendar_id = $1 ORDER BY lower(busy_range), uid`,
      [calendarId],
    );
  const publicBook = (f: BookingFixture, startsAt: string) =>
    ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({ meetingTypeId: f.intakeId, startsAt, mode: 'in_person', client: person() });

  describe('connect', () => {
    it('syncs at once, counts the busy events, masks the secret path, and the busy time leaves both searches with the buffers', async () => {
      const f = await fixture();
      // A type with a buffer before, to see that side too: 30 min, 15 before, none after.
      const before = await ctx
        .http()
        .post(`/api/v1/units/${f.unit.id}/meeting-types`)
        .set(bearer(f.unit.adminToken))
        .send({
          key: 'prep',
          name: 'Prepared talk',
          publicLabel: 'Talk',
          durationMinutes: 30,
          bufferBeforeMinutes: 15,
          bufferAfterMinutes: 0,
          slotStepMinutes: 15,
          minNoticeMinutes: 60,
          horizonDays: 60,
          modes: ['in_person'],
          intake: false,
        })
        .expect(201);
      const basePublic = await publicSlots(f);
      const baseFollowUp = await staffSlots(f);
      const basePrep = await staffSlots(f, before.body.id);
      expect(basePublic).toEqual(expect.arrayContaining([at('08:00'), at('08:30'), at('09:00'), at('10:00')]));

      const feed = ics.feed([
        MEETING,
        // A free event (TRANSP:TRANSPARENT) in the afternoon does not count.
        { uid: 'lunch-walk@outlook.example', start: at('12:00'), end: at('13:00'), free: true },
      ]);
      const res = await connect(f, feed.url).expect(201);
      const view = res.body as View;
      expect(view).toMatchObject({ caseworkerId: cwOf(f).id, kind: 'ics', busyCount: 1, stale: false });
      expect(view.lastError).toBeUndefined();
      expect(view.lastSyncedAt).toEqual(expect.any(String));
      expect(view.url).toContain('127.0.0.1');
      expect(JSON.stringify(res.body)).not.toContain(feed.secret);
      expect(JSON.stringify(res.body)).not.toContain('reachcalendar');
      expect(feed.requests).toHaveLength(1);
      const listed = await list(f);
      expect(listed).toEqual([view]);
      expect(JSON.stringify(listed)).not.toContain(feed.secret);
      // Only busy time is kept: no title, no description.
      await expect(busyRows(view.id)).resolves.toEqual([
        { uid: MEETING.uid, busy_range: '["2027-03-02 09:00:00+00","2027-03-02 10:00:00+00")' },
      ]);

      // Public search, intake (60 min on a 30-min grid, no buffers): 08:30 and 09:00 and 09:30 overlap 09–10.
      const pub = await publicSlots(f);
      expect(pub).toEqual(basePublic.filter((s) => ![at('08:30'), at('09:00'), at('09:30')].includes(s)));
      expect(pub).toEqual(expect.arrayContaining([at('08:00'), at('10:00')]));
      // Staff search, follow-up (45 min + 15 after, 15-min grid): 08:00 just fits (its buffer ends at 09:00),
      // 08:15 ends at 09:00 but its buffer runs into the meeting; 10:00 is free again.
      const followUp = await staffSlots(f);
      expect(followUp).toContain(at('08:00'));
      expect(followUp).not.toContain(at('08:15'));
      expect(followUp).toContain(at('10:00'));
      expect(followUp).toEqual(baseFollowUp.filter((s) => !(s > at('08:00') && s < at('10:00'))));
      // 15 min before: 10:00 starts right after the meeting but its buffer overlaps it; 10:15 fits.
      const prep = await staffSlots(f, before.body.id);
      expect(prep).not.toContain(at('10:00'));
      expect(prep).toContain(at('10:15'));
      expect(prep).toContain(at('08:30'));
      expect(prep).toEqual(basePrep.filter((s) => !(s > at('08:30') && s < at('10:15'))));
    });
  });

  describe('HTTP caching', () => {
    it('a second sync sends If-None-Match, gets 304 and changes nothing; a changed feed replaces the busy times', async () => {
      const f = await fixture();
      const feed = ics.feed([MEETING]);
      const first = (await connect(f, feed.url).expect(201)).body as View;
      const rowsBefore = await busyRows(first.id);
      expect(feed.requests).toEqual([{ status: 200, ifNoneMatch: undefined, ifModifiedSince: undefined }]);

      ctx.clock.advance(10 * 60_000);
      const second = (await sync(f, first.id).expect(200)).body as View;
      expect(feed.requests).toHaveLength(2);
      expect(feed.requests[1]).toMatchObject({ ifNoneMatch: feed.etag, status: 304 });
      expect(second).toMatchObject({ id: first.id, busyCount: 1, stale: false });
      expect(second.lastError).toBeUndefined();
      // A 304 is a successful sync: the data is confirmed current as of now.
      expect(second.lastSyncedAt).toBe('2027-03-01T06:10:00.000Z');
      await expect(busyRows(first.id)).resolves.toEqual(rowsBefore);

      // The feed changes (new ETag): the busy times are replaced, not added to.
      feed.set([
        { uid: 'court-date@outlook.example', start: at('13:00'), end: at('14:00') },
        { uid: 'home-visit@outlook.example', start: at('07:00'), end: at('07:30') },
      ]);
      const third = (await sync(f, first.id).expect(200)).body as View;
      expect(feed.requests[2]).toMatchObject({ status: 200 });
      expect(third.busyCount).toBe(2);
      await expect(busyRows(first.id)).resolves.toEqual([
        { uid: 'home-visit@outlook.example', busy_range: '["2027-03-02 07:00:00+00","2027-03-02 07:30:00+00")' },
        { uid: 'court-date@outlook.example', busy_range: '["2027-03-02 13:00:00+00","2027-03-02 14:00:00+00")' },
      ]);
      const slots = await publicSlots(f);
      expect(slots).toContain(at('09:00'));
      expect(slots).not.toContain(at('07:00'));
      expect(slots).not.toContain(at('13:00'));
    });
  });

  describe('a failing source', () => {
    it('down (connection refused): the last busy times are kept, lastError is set, searches and bookings still answer', async () => {
      const f = await fixture();
      const own = await startIcsServer();
      const feed = own.feed([MEETING]);
      const first = (await connect(f, feed.url).expect(201)).body as View;
      expect(first.busyCount).toBe(1);
      await own.close();

      ctx.clock.advance(10 * 60_000);
      const res = await sync(f, first.id).expect(200);
      const after = res.body as View;
      expect(after).toMatchObject({ id: first.id, busyCount: 1, stale: false, lastSyncedAt: first.lastSyncedAt });
      expect(after.lastError).toEqual(expect.any(String));
      expect(after.lastError).not.toContain(feed.secret);
      expect(after.lastError).not.toContain('127.0.0.1');
      expect(JSON.stringify(res.body)).not.toContain(feed.secret);
      await expect(list(f)).resolves.toEqual([after]);
      expect(await countRows(ctx, 'SELECT 1 FROM external_busy WHERE calendar_id = $1', [first.id])).toBe(1);

      const slots = await publicSlots(f);
      expect(slots).not.toContain(at('09:00'));
      expect(slots).toContain(at('10:00'));
      expect(await staffSlots(f)).not.toContain(at('09:00'));
      // A booking over the kept busy time is refused; one beside it goes through.
      expect((await publicBook(f, at('09:00'))).body).toMatchObject({ statusCode: 422, code: 'SLOT_UNAVAILABLE' });
      await publicBook(f, at('10:00')).expect(201);

      // Still down a day later: the connection shows as stale, and the search still uses its busy time.
      ctx.clock.advance(25 * 3_600_000);
      const stale = (await sync(f, first.id).expect(200)).body as View;
      expect(stale).toMatchObject({ busyCount: 1, stale: true, lastSyncedAt: first.lastSyncedAt });
      expect(stale.lastError).toEqual(expect.any(String));
      const later = await publicSlots(f);
      expect(later).not.toContain(at('09:00'));
      expect(later).toContain(at('12:00'));
    });

    it('slow (the body never ends): the sync gives up after the timeout, records the error, and the app keeps answering meanwhile', async () => {
      const f = await fixture();
      const feed = ics.feed([MEETING]);
      const first = (await connect(f, feed.url).expect(201)).body as View;
      feed.mode = 'slow';
      const started = Date.now();
      const pending = sync(f, first.id).then((r) => r);
      // While the sync waits on the source, the rest of the app answers as usual.
      await new Promise((r) => setTimeout(r, 1000));
      const during = Date.now();
      await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({ meetingTypeId: f.intakeId, mode: 'in_person', ...TUESDAY })
        .expect(200);
      // Blocked behind the source it would take the whole timeout (10 s); under load a search may take a few seconds.
      expect(Date.now() - during).toBeLessThan(5000);
      const res = await pending;
      const elapsed = Date.now() - started;
      expect(res.status).toBe(200);
      expect(elapsed).toBeGreaterThanOrEqual(9000);
      expect(elapsed).toBeLessThan(20_000);
      // The app closed the connection itself (no socket left hanging).
      expect(feed.abortedAfterMs).toEqual(expect.any(Number));
      const after = res.body as View;
      expect(after.lastError).toEqual(expect.any(String));
      expect(after.lastError).not.toContain(feed.secret);
      expect(after).toMatchObject({ busyCount: 1, lastSyncedAt: first.lastSyncedAt });
      expect(await publicSlots(f)).not.toContain(at('09:00'));
    }, 60_000);

    it('oversized (> 5 MB, chunked without Content-Length): the download is cut off, the error recorded, nothing else changes', async () => {
      const f = await fixture();
      const feed = ics.feed([MEETING]);
      const first = (await connect(f, feed.url).expect(201)).body as View;
      feed.mode = 'oversized';
      const res = await sync(f, first.id).expect(200);
      const after = res.body as View;
      expect(after.lastError).toEqual(expect.any(String));
      expect(after.lastError).not.toContain(feed.secret);
      expect(after).toMatchObject({ busyCount: 1, lastSyncedAt: first.lastSyncedAt });
      // The client stopped reading: the server never got to the end of its 64 MB.
      expect(feed.abortedAfterMs).toEqual(expect.any(Number));
      expect(feed.bytesSent).toBeLessThan(64 * 1024 * 1024);
      await expect(busyRows(first.id)).resolves.toHaveLength(1);

      // A new connection to an oversized source: created, with the error and no busy times.
      const big = ics.feed([], 'oversized');
      const created = (await connect(f, big.url).expect(201)).body as View;
      // Just made: nothing is old yet, so not stale.
      expect(created).toMatchObject({ busyCount: 0, lastSyncedAt: null, stale: false });
      expect(created.lastError).toEqual(expect.any(String));
      await ctx.http().get('/health/ready').expect(200);
      expect(await publicSlots(f)).not.toContain(at('09:00'));
    });
  });

  describe('the booking re-check', () => {
    it('a busy block synced between the search and the booking → 422 SLOT_UNAVAILABLE, nothing written', async () => {
      const f = await fixture();
      const feed = ics.feed([]);
      const cal = (await connect(f, feed.url).expect(201)).body as View;
      expect(cal.busyCount).toBe(0);
      const chosen = at('10:00');
      expect(await publicSlots(f)).toContain(chosen);

      feed.set([{ uid: 'called-in@outlook.example', start: at('10:30'), end: at('11:00') }]);
      expect(((await sync(f, cal.id).expect(200)).body as View).busyCount).toBe(1);

      const snapshot = async () => ({
        appointments: await countRows(ctx, 'SELECT 1 FROM appointments'),
        clients: await countRows(ctx, 'SELECT 1 FROM clients'),
        jobs: await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify'`),
      });
      const before = await snapshot();
      const res = await publicBook(f, chosen);
      expect(res.body).toMatchObject({ statusCode: 422, code: 'SLOT_UNAVAILABLE' });
      await expect(snapshot()).resolves.toEqual(before);
      // The staff booking path re-checks too.
      const client = await newClient(ctx, f, cwOf(f).id);
      const staff = await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({
          caseworkerId: cwOf(f).id,
          clientId: client.id,
          meetingTypeId: f.intakeId,
          startsAt: chosen,
          mode: 'in_person',
        });
      expect(staff.body).toMatchObject({ statusCode: 422, code: 'SLOT_UNAVAILABLE' });
      expect(await countRows(ctx, 'SELECT 1 FROM appointments')).toBe(before.appointments);
    });
  });

  describe("Samtal's own events in the feed", () => {
    it('an invite with UID <appointment id>@samtal.test is neither counted nor blocking (its own reschedule goes through)', async () => {
      const f = await fixture();
      const client = await newClient(ctx, f, cwOf(f).id);
      const booked = await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({
          caseworkerId: cwOf(f).id,
          clientId: client.id,
          meetingTypeId: f.followUpId,
          startsAt: at('09:00'),
          mode: 'in_person',
        })
        .expect(201);
      // The caseworker accepted the invite into Outlook: the published calendar now carries it.
      const feed = ics.feed([
        { uid: `${booked.body.id}@samtal.test`, start: at('09:00'), end: at('09:45') },
        { uid: 'team-meeting-2@outlook.example', start: at('13:00'), end: at('14:00') },
      ]);
      const cal = (await connect(f, feed.url).expect(201)).body as View;
      expect(cal.busyCount).toBe(1);
      // Moving the meeting by 15 minutes overlaps the copy in Outlook; only Samtal's own record counts.
      const moved = await ctx
        .http()
        .post(`/api/v1/appointments/${booked.body.id}/reschedule`)
        .set(bearer(f.unit.adminToken))
        .send({ startsAt: at('09:15') });
      expect(moved.status).toBe(200);
      // The outdated copy (09:00–09:45) does not block 08:15 (08:15–09:00 + 15 after = 09:15).
      expect(await staffSlots(f)).toContain(at('08:15'));
      expect(await staffSlots(f)).not.toContain(at('13:00'));
    });
  });

  describe('disconnect', () => {
    it('DELETE → 204; its busy times are gone and the slot is back', async () => {
      const f = await fixture();
      const feed = ics.feed([MEETING]);
      const cal = (await connect(f, feed.url).expect(201)).body as View;
      expect(await publicSlots(f)).not.toContain(at('09:00'));
      await ctx
        .http()
        .delete(`/api/v1/external-calendars/${cal.id}`)
        .set(bearer(cwOf(f).token))
        .expect(204);
      await expect(list(f)).resolves.toEqual([]);
      expect(await countRows(ctx, 'SELECT 1 FROM external_busy WHERE calendar_id = $1', [cal.id])).toBe(0);
      expect(await countRows(ctx, 'SELECT 1 FROM external_calendars WHERE id = $1', [cal.id])).toBe(0);
      expect(await publicSlots(f)).toContain(at('09:00'));
      expect((await sync(f, cal.id)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      await ctx
        .http()
        .delete(`/api/v1/external-calendars/${cal.id}`)
        .set(bearer(cwOf(f).token))
        .expect(404);
    });
  });

  describe('access', () => {
    it("another unit's staff get 404; a colleague may not connect for a caseworker (403), an admin may", async () => {
      const f = await fixture();
      const feed = ics.feed([MEETING]);
      const cal = (await connect(f, feed.url).expect(201)).body as View;
      const other = await ctx.newUnit();
      const outsider = other.adminToken;
      const path = `/api/v1/caseworkers/${cwOf(f).id}/external-calendars`;
      const notFound = { statusCode: 404, code: 'NOT_FOUND' };
      expect((await ctx.http().get(path).set(bearer(outsider))).body).toMatchObject(notFound);
      expect(
        (await ctx.http().post(path).set(bearer(outsider)).send({ kind: 'ics', url: feed.url })).body,
      ).toMatchObject(notFound);
      expect((await sync(f, cal.id, outsider)).body).toMatchObject(notFound);
      expect(
        (await ctx.http().patch(`/api/v1/external-calendars/${cal.id}`).set(bearer(outsider)).send({ calendars: [] }))
          .body,
      ).toMatchObject(notFound);
      expect(
        (await ctx.http().delete(`/api/v1/external-calendars/${cal.id}`).set(bearer(outsider))).body,
      ).toMatchObject(notFound);

      const colleague = await ctx.newCaseworker(f.unit, { name: 'Colleague' });
      const forbidden = { statusCode: 403, code: 'FORBIDDEN' };
      expect((await connect(f, ics.feed().url, colleague.token)).body).toMatchObject(forbidden);
      expect((await sync(f, cal.id, colleague.token)).body).toMatchObject(forbidden);
      expect(
        (await ctx.http().delete(`/api/v1/external-calendars/${cal.id}`).set(bearer(colleague.token))).body,
      ).toMatchObject(forbidden);
      await ctx.http().post(path).send({ kind: 'ics', url: feed.url }).expect(401);

      const byAdmin = await connect(f, ics.feed().url, f.unit.adminToken).expect(201);
      expect(byAdmin.body).toMatchObject({ caseworkerId: cwOf(f).id, kind: 'ics' });
      await sync(f, byAdmin.body.id, f.unit.adminToken).expect(200);
      expect((await list(f)).map((c) => c.id).sort()).toEqual([cal.id, byAdmin.body.id].sort());
      // Nothing of the refused attempts was stored.
      expect(await countRows(ctx, 'SELECT 1 FROM external_calendars WHERE caseworker_id = $1', [cwOf(f).id])).toBe(2);
    });
  });

  describe('input', () => {
    it('refuses what is not an http(s) calendar address, and incomplete CalDAV accounts, with 400 VALIDATION_FAILED', async () => {
      const f = await fixture();
      const bad = [
        { kind: 'ics', url: 'ftp://calendar.example.org/cal.ics' },
        { kind: 'ics', url: 'file:///etc/passwd' },
        { kind: 'ics', url: 'not a url' },
        { kind: 'ics' },
        { kind: 'exchange', url: ics.feed().url },
        { kind: 'caldav', url: ics.origin, username: 'someone' },
      ];
      for (const body of bad) {
        const res = await ctx
          .http()
          .post(`/api/v1/caseworkers/${cwOf(f).id}/external-calendars`)
          .set(bearer(cwOf(f).token))
          .send(body);
        expect({ body, answer: res.body }).toMatchObject({
          body,
          answer: { statusCode: 400, code: 'VALIDATION_FAILED' },
        });
      }
      await expect(list(f)).resolves.toEqual([]);
    });
  });

  describe('credentials', () => {
    it('the secret link is never returned and is sealed (AES-256-GCM) at rest; a refused CalDAV password is not echoed', async () => {
      const f = await fixture();
      const feed = ics.feed([MEETING]);
      const a = (await connect(f, feed.url).expect(201)).body as View;
      const b = (await connect(f, feed.url).expect(201)).body as View;
      const password = `app-pw-${feed.secret}`;
      // Not a CalDAV server: discovery fails while the person waits, so the connection is refused (400).
      const dav = await ctx
        .http()
        .post(`/api/v1/caseworkers/${cwOf(f).id}/external-calendars`)
        .set(bearer(cwOf(f).token))
        .send({ kind: 'caldav', url: `${ics.origin}/dav/${feed.secret}/`, username: 'caseworker', password });
      expect(dav.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      expect(JSON.stringify(dav.body)).not.toContain(password);
      expect(JSON.stringify(dav.body)).not.toContain(feed.secret);
      const listed = await list(f);
      expect(JSON.stringify(listed)).not.toContain(feed.secret);
      expect(JSON.stringify(listed)).not.toContain(password);

      const rows = await ctx.db.query<Array<{ id: string; secret: string; row: string }>>(
        `SELECT id, secret, row_to_json(c)::text AS row FROM external_calendars c WHERE caseworker_id = $1`,
        [cwOf(f).id],
      );
      expect(rows.length).toBe(2);
      const box = new ConnectionSecrets(ctx.config.TOKEN_SECRET);
      for (const r of rows) {
        expect(r.row).not.toContain(feed.secret);
        expect(r.row).not.toContain(password);
        expect(r.row).not.toContain('reachcalendar');
        expect(box.open(r.secret).url).toContain(feed.secret);
      }
      // Nor in the audit log of the connections.
      const audit = await ctx.db.query<Array<{ details: string }>>(
        `SELECT details::text FROM audit_events WHERE action LIKE 'external_calendar.%'`,
      );
      expect(audit.length).toBeGreaterThanOrEqual(2);
      for (const e of audit) expect(e.details).not.toContain(feed.secret);
      // A fresh nonce each time: the same link sealed twice gives two different texts.
      const sealed = (id: string) => rows.find((r) => r.id === id)?.secret;
      expect(sealed(a.id)).not.toEqual(sealed(b.id));
    });
  });
});

describe('external calendars: private addresses (EXTERNAL_CALENDAR_ALLOW_PRIVATE=false)', () => {
  let ctx: TestContext;
  let ics: IcsServer;

  beforeAll(async () => {
    ics = await startIcsServer();
    ctx = await createTestContext({ EXTERNAL_CALENDAR_ALLOW_PRIVATE: 'false' });
    ctx.clock.set(NOW);
  });
  afterAll(async () => {
    await ctx.close();
    await ics.close();
  });

  it('refuses loopback, private and link-local addresses with 400 VALIDATION_FAILED and never fetches them', async () => {
    const f = await bookingFixture(ctx);
    const cw = f.caseworkers[0];
    const feed = ics.feed([MEETING]);
    const port = new URL(ics.origin).port;
    const urls = [
      feed.url,
      feed.url.replace('127.0.0.1', 'localhost'),
      `http://[::1]:${port}/cal.ics`,
      'http://10.1.2.3/cal.ics',
      'https://192.168.1.10/cal.ics',
      'http://172.16.0.5/cal.ics',
      'http://169.254.169.254/latest/meta-data/',
      'http://0.0.0.0/cal.ics',
    ];
    for (const url of urls) {
      const res = await ctx
        .http()
        .post(`/api/v1/caseworkers/${cw.id}/external-calendars`)
        .set(bearer(cw.token))
        .send({ kind: 'ics', url });
      expect({ url, answer: res.body }).toMatchObject({ url, answer: { statusCode: 400, code: 'VALIDATION_FAILED' } });
      expect(JSON.stringify(res.body)).not.toContain(feed.secret);
    }
    const dav = await ctx
      .http()
      .post(`/api/v1/caseworkers/${cw.id}/external-calendars`)
      .set(bearer(cw.token))
      .send({ kind: 'caldav', url: `${ics.origin}/dav/`, username: 'u', password: 'p' });
    expect(dav.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(feed.requests).toEqual([]);
    expect(await countRows(ctx, 'SELECT 1 FROM external_calendars')).toBe(0);
  });
});
