import * as ical from 'node-ical';
import { Client } from 'pg';
import { StaffSessionsService } from '../src/auth/staff-sessions.service';
import { StaffTokensService, TOKEN_CACHE_TTL_MS } from '../src/auth/staff-tokens.service';
import { bearer, createTestContext, TestContext, TestUnit } from './support/test-app';
import { bookingFixture, BookingFixture, emailOf, newClient, staffBooks } from './support/booking-fixture';
import { calendarPart, ReceivedMail, SmtpSink } from './support/smtp-sink';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';
const DAY = 86_400_000;
const MINUTE = 60_000;

interface Appointment {
  id: string;
  caseworkerId: string;
  sequence: number;
  status: string;
  startsAt: string;
}

describe('offboarding: bearer tokens, deactivation, reassignment', () => {
  let ctx: TestContext;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    ctx = await createTestContext({ SMTP_URL: sink.url, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1' });
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });
  beforeEach(() => ctx.clock.set(NOW));

  const whoami = (token: string) => ctx.http().get('/api/v1/whoami').set(bearer(token));
  /** A signed-in browser of the caseworker (the sign-in flows end in StaffSessionsService.start). */
  const signIn = async (caseworkerId: string) =>
    (await ctx.app.get(StaffSessionsService).start({ caseworkerId, method: 'email_link' })).token;
  const whoamiBySession = (session: string) =>
    ctx
      .http()
      .get('/api/v1/whoami')
      .set({ Cookie: `samtal_session=${session}` });
  const issue = async (unit: TestUnit, as: string, caseworkerId: string, body: Record<string, unknown>) =>
    (await ctx.http().post(`/api/v1/caseworkers/${caseworkerId}/tokens`).set(bearer(as)).send(body).expect(201))
      .body as { id: string; token: string; expiresAt: string };
  const listTokens = (as: string, caseworkerId: string) =>
    ctx.http().get(`/api/v1/caseworkers/${caseworkerId}/tokens`).set(bearer(as));
  const auditActions = async (unitId: string): Promise<Array<{ action: string; details: Record<string, unknown> }>> =>
    ctx.db.query(`SELECT action, details FROM audit_events WHERE unit_id = $1 ORDER BY id`, [unitId]);
  const book = (f: BookingFixture, caseworkerId: string, clientId: string, startsAt: string, mode = 'in_person') =>
    staffBooks(ctx, f, { caseworkerId, clientId, startsAt, mode });
  const publicSlots = async (f: BookingFixture, day: string): Promise<unknown[]> =>
    (
      await ctx
        .http()
        .get(`/api/v1/public/units/${f.unit.slug}/slots`)
        .query({
          meetingTypeId: f.intakeId,
          mode: 'in_person',
          from: `${day}T00:00:00+01:00`,
          to: `${day}T23:59:00+01:00`,
        })
        .expect(200)
    ).body.slots;

  describe('bearer tokens', () => {
    it('expire: expiresInDays 1 works today and answers 401 two days later; the default is 365 days', async () => {
      const f = await bookingFixture(ctx);
      const cw = f.caseworkers[0];
      const short = await issue(f.unit, cw.token, cw.id, { label: 'Short', expiresInDays: 1 });
      expect(short.expiresAt).toBe(new Date(Date.parse(NOW) + DAY).toISOString());
      const long = await issue(f.unit, cw.token, cw.id, { label: 'Default' });
      expect(long.expiresAt).toBe(new Date(Date.parse(NOW) + 365 * DAY).toISOString());
      await whoami(short.token).expect(200);

      ctx.clock.advance(2 * DAY);
      const refused = await whoami(short.token).expect(401);
      expect(refused.body.code).toBe('UNAUTHENTICATED');
      await whoami(long.token).expect(200);

      for (const expiresInDays of [0, 3651, 1.5, 'ten']) {
        await ctx
          .http()
          .post(`/api/v1/caseworkers/${cw.id}/tokens`)
          .set(bearer(cw.token))
          .send({ label: 'Bad', expiresInDays })
          .expect(400);
      }
    });

    it('are listed with label and dates, never the token; last use is recorded at most once a minute', async () => {
      const f = await bookingFixture(ctx);
      const cw = f.caseworkers[0];
      const laptop = await issue(f.unit, cw.token, cw.id, { label: 'Laptop', expiresInDays: 30 });
      const unused = (await listTokens(cw.token, cw.id).expect(200)).body.find(
        (t: { id: string }) => t.id === laptop.id,
      );
      expect(unused).toMatchObject({ label: 'Laptop', lastUsedAt: null, expiresAt: laptop.expiresAt });

      await whoami(laptop.token).expect(200);
      const firstUse = ctx.clock.now().toISOString();
      ctx.clock.advance(30_000);
      await whoami(laptop.token).expect(200); // within the minute: not written again
      const res = await listTokens(cw.token, cw.id).expect(200);
      const listed = res.body as Array<Record<string, unknown>>;
      // The fixture's own token and the laptop's, in the order they were made.
      expect(listed.map((t) => t.label)).toEqual(['test', 'Laptop']);
      const row = listed[1];
      expect(Object.keys(row).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'label', 'lastUsedAt']);
      expect(row).toMatchObject({ id: laptop.id, label: 'Laptop', lastUsedAt: firstUse, expiresAt: laptop.expiresAt });
      expect(Date.parse(row.createdAt as string)).not.toBeNaN();
      const [stored] = await ctx.db.query(`SELECT token_hash FROM staff_tokens WHERE id = $1`, [laptop.id]);
      const hash = Buffer.from(stored.token_hash);
      for (const secret of [
        laptop.token,
        cw.token,
        hash.toString('hex'),
        hash.toString('base64'),
        hash.toString('base64url'),
      ])
        expect(res.text).not.toContain(secret);

      ctx.clock.advance(2 * MINUTE);
      await whoami(laptop.token).expect(200);
      const later = (await listTokens(cw.token, cw.id).expect(200)).body[1];
      expect(later.lastUsedAt).toBe(ctx.clock.now().toISOString());
    });

    it('are checked in one prepared statement, which also records the last use', async () => {
      const f = await bookingFixture(ctx);
      const cw = f.caseworkers[0];
      const tokens = ctx.app.get(StaffTokensService);
      const sent: string[] = [];
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called back with .apply(this) on a pg Client
      const query = Client.prototype.query as (...args: unknown[]) => unknown;
      Client.prototype.query = function (this: Client, ...args: unknown[]) {
        const q = args[0] as string | { name?: string; text?: string };
        // pg-boss polls its queues on its own connections at any moment: not part of the check.
        const text = typeof q === 'string' ? q : (q.text ?? '');
        if (!/pgboss/i.test(text)) sent.push(typeof q === 'string' ? q : (q.name ?? '(unnamed)'));
        return query.apply(this, args);
      } as typeof Client.prototype.query;
      try {
        ctx.clock.advance(5 * MINUTE);
        await expect(tokens.resolve(cw.token)).resolves.toMatchObject({ caseworkerId: cw.id, unitId: f.unit.id });
        expect(sent).toEqual(['staff-token-resolve']);
        sent.length = 0;
        await expect(tokens.resolve('no-such-token-but-long-enough-to-look-like-one-000')).resolves.toBeNull();
        expect(sent).toEqual(['staff-token-resolve']);
      } finally {
        Client.prototype.query = query as typeof Client.prototype.query;
      }
      const [row] = await ctx.db.query(`SELECT last_used_at FROM staff_tokens WHERE caseworker_id = $1`, [cw.id]);
      expect(row.last_used_at.toISOString()).toBe(ctx.clock.now().toISOString());
    });

    it('revoked by id stop at once; a caseworker cannot list or revoke another one’s tokens, an admin can', async () => {
      const f = await bookingFixture(ctx, { caseworkers: 2 });
      const [cw, other] = f.caseworkers;
      const phone = await issue(f.unit, cw.token, cw.id, { label: 'Phone' });
      await whoami(phone.token).expect(200);

      expect((await listTokens(other.token, cw.id).expect(403)).body.code).toBe('FORBIDDEN');
      await ctx.http().delete(`/api/v1/caseworkers/${cw.id}/tokens/${phone.id}`).set(bearer(other.token)).expect(403);
      await whoami(phone.token).expect(200);
      // Another unit's admin does not even learn that the caseworker exists.
      const stranger = await ctx.newUnit();
      await listTokens(stranger.adminToken, cw.id).expect(404);

      expect((await listTokens(f.unit.adminToken, cw.id).expect(200)).body).toHaveLength(2);
      await ctx
        .http()
        .delete(`/api/v1/caseworkers/${cw.id}/tokens/${phone.id}`)
        .set(bearer(f.unit.adminToken))
        .expect(204);
      await whoami(phone.token).expect(401);
      await whoami(cw.token).expect(200);
      const revoked = (await listTokens(cw.token, cw.id).expect(200)).body.find(
        (t: { id: string }) => t.id === phone.id,
      );
      expect(revoked.revokedAt).toBe(ctx.clock.now().toISOString());
      // Revoking it again: nothing live by that id.
      await ctx.http().delete(`/api/v1/caseworkers/${cw.id}/tokens/${phone.id}`).set(bearer(cw.token)).expect(404);

      const events = await auditActions(f.unit.id);
      expect(events.filter((e) => e.action === 'staff_token.issued').map((e) => e.details.tokenId)).toEqual([phone.id]);
      expect(events.filter((e) => e.action === 'staff_token.revoked')).toEqual([
        { action: 'staff_token.revoked', details: { caseworkerId: cw.id, tokenId: phone.id } },
      ]);
    });

    it('revoked on another instance stop here within TOKEN_CACHE_TTL_MS; a new one works here at once', async () => {
      const f = await bookingFixture(ctx);
      const cw = f.caseworkers[0];
      const phone = await issue(f.unit, cw.token, cw.id, { label: 'Phone' });
      await whoami(phone.token).expect(200); // this instance now remembers it
      // Another instance revokes it: only the database knows.
      await ctx.db.query(`UPDATE staff_tokens SET revoked_at = $2 WHERE id = $1`, [phone.id, ctx.clock.now()]);
      ctx.clock.advance(TOKEN_CACHE_TTL_MS - 1);
      await whoami(phone.token).expect(200);
      ctx.clock.advance(1);
      await whoami(phone.token).expect(401);
      ctx.clock.advance(-TOKEN_CACHE_TTL_MS);
      await whoami(phone.token).expect(401); // a refusal is never remembered as anything else

      // Made on another instance (a row this one never saw): nothing stale stands in its way.
      const laptop = await issue(f.unit, cw.token, cw.id, { label: 'Laptop' });
      await whoami(laptop.token).expect(200);
      // A role changed elsewhere: what it allows follows within the TTL as well.
      await listTokens(laptop.token, f.unit.adminId).expect(403);
      await ctx.db.query(`UPDATE caseworkers SET role = 'admin' WHERE id = $1`, [cw.id]);
      await listTokens(laptop.token, f.unit.adminId).expect(403);
      ctx.clock.advance(TOKEN_CACHE_TTL_MS);
      await listTokens(laptop.token, f.unit.adminId).expect(200);
    });

    it('made by the CLI bootstrap have a label and the default expiry, so they are listed and revocable', async () => {
      const unit = await ctx.newUnit();
      const [row] = await ctx.db.query(`SELECT id, label, expires_at FROM staff_tokens WHERE caseworker_id = $1`, [
        unit.adminId,
      ]);
      expect(row.label).toBe('test');
      expect(row.expires_at.toISOString()).toBe(new Date(Date.parse(NOW) + 365 * DAY).toISOString());
      const listed = (await listTokens(unit.adminToken, unit.adminId).expect(200)).body;
      expect(listed.map((t: { id: string }) => t.id)).toEqual([row.id]);
    });
  });

  describe('deactivation and activation', () => {
    it('locks the leaver out at once, keeps and lists their meetings, and hides them from the public search', async () => {
      const f = await bookingFixture(ctx, { caseworkers: 2 });
      const [leaver, stays] = f.caseworkers;
      const client = await newClient(ctx, f, leaver.id);
      // Wednesday 3 March: the one who stays is away all day, so what the public page offers is the leaver's.
      await ctx
        .http()
        .post(`/api/v1/caseworkers/${stays.id}/absences`)
        .set(bearer(f.unit.adminToken))
        .send({ startsAt: '2027-03-03T00:00:00+01:00', endsAt: '2027-03-04T00:00:00+01:00' })
        .expect(201);
      expect((await publicSlots(f, '2027-03-03')).length).toBeGreaterThan(0);

      const past = await book(f, leaver.id, client.id, '2027-02-22T09:00:00+01:00');
      expect(past.status).toBe('completed');
      const later = await book(f, leaver.id, client.id, '2027-03-10T09:00:00+01:00');
      const sooner = await book(f, leaver.id, client.id, '2027-03-02T10:00:00+01:00');
      const dropped = await book(f, leaver.id, client.id, '2027-03-04T10:00:00+01:00');
      await ctx
        .http()
        .post(`/api/v1/appointments/${dropped.id}/cancel`)
        .set(bearer(f.unit.adminToken))
        .send({})
        .expect(200);
      const othersMeeting = await book(f, stays.id, client.id, '2027-03-05T10:00:00+01:00');

      const feedUrl = (
        await ctx.http().get(`/api/v1/caseworkers/${leaver.id}/feed-url`).set(bearer(leaver.token)).expect(200)
      ).body.url as string;
      const feedPath = new URL(feedUrl).pathname;
      await ctx.http().get(feedPath).expect(200);
      const spare = await issue(f.unit, leaver.token, leaver.id, { label: 'Spare' });
      const laptop = await signIn(leaver.id);
      const phone = await signIn(leaver.id);
      await whoamiBySession(laptop).expect(200);

      // Only an admin, and not on themself.
      await ctx.http().post(`/api/v1/caseworkers/${leaver.id}/deactivate`).set(bearer(stays.token)).expect(403);
      const self = await ctx
        .http()
        .post(`/api/v1/caseworkers/${f.unit.adminId}/deactivate`)
        .set(bearer(f.unit.adminToken))
        .expect(403);
      expect(self.body.code).toBe('FORBIDDEN');
      const stranger = await ctx.newUnit();
      await ctx.http().post(`/api/v1/caseworkers/${leaver.id}/deactivate`).set(bearer(stranger.adminToken)).expect(404);
      await whoami(leaver.token).expect(200);

      const res = await ctx
        .http()
        .post(`/api/v1/caseworkers/${leaver.id}/deactivate`)
        .set(bearer(f.unit.adminToken))
        .expect(200);
      expect(res.body).toMatchObject({ id: leaver.id, unitId: f.unit.id, active: false });
      const future = res.body.futureAppointments as Appointment[];
      expect(future.map((a) => a.id)).toEqual([sooner.id, later.id]);
      expect(future[0]).toMatchObject({ caseworkerId: leaver.id, status: 'confirmed', startsAt: sooner.startsAt });
      expect(future.map((a) => a.id)).not.toContain(othersMeeting.id);

      // At once: both tokens, both sessions, the feed.
      expect((await whoami(leaver.token).expect(401)).body.code).toBe('UNAUTHENTICATED');
      await whoami(spare.token).expect(401);
      expect((await whoamiBySession(laptop).expect(401)).body.code).toBe('UNAUTHENTICATED');
      await whoamiBySession(phone).expect(401);
      const [live] = await ctx.db.query(
        `SELECT count(*)::int AS n FROM staff_sessions WHERE caseworker_id = $1 AND ended_at IS NULL`,
        [leaver.id],
      );
      expect(live.n).toBe(0);
      await ctx.http().get(feedPath).expect(404);
      // No new token for them either (it could not work).
      await ctx
        .http()
        .post(`/api/v1/caseworkers/${leaver.id}/tokens`)
        .set(bearer(f.unit.adminToken))
        .send({ label: 'Sneaky' })
        .expect(409);
      // Their meetings stay, the public page no longer offers them, and staff cannot book them.
      await ctx.http().get(`/api/v1/appointments/${later.id}`).set(bearer(f.unit.adminToken)).expect(200);
      const calendar = await ctx
        .http()
        .get(`/api/v1/caseworkers/${leaver.id}/appointments`)
        .query({ from: '2027-03-01T00:00:00+01:00', to: '2027-04-01T00:00:00+01:00' })
        .set(bearer(f.unit.adminToken))
        .expect(200);
      expect(calendar.body.map((a: Appointment) => a.id)).toEqual([sooner.id, dropped.id, later.id]);
      // Moving one in time waits for its reassignment (the leaver's hours no longer count).
      const moved = await ctx
        .http()
        .post(`/api/v1/me/${client.token}/appointments/${later.id}/reschedule`)
        .send({ startsAt: '2027-03-10T10:00:00+01:00' })
        .expect(409);
      expect(moved.body.code).toBe('CONFLICT');
      await ctx
        .http()
        .post(`/api/v1/appointments/${later.id}/reschedule`)
        .set(bearer(f.unit.adminToken))
        .send({ startsAt: '2027-03-10T10:00:00+01:00' })
        .expect(409);
      expect(await publicSlots(f, '2027-03-03')).toEqual([]);
      const booking = await ctx
        .http()
        .post('/api/v1/appointments')
        .set(bearer(f.unit.adminToken))
        .send({
          caseworkerId: leaver.id,
          clientId: client.id,
          meetingTypeId: f.followUpId,
          startsAt: '2027-03-11T09:00:00+01:00',
          mode: 'in_person',
        })
        .expect(409);
      expect(booking.body.code).toBe('CONFLICT');
      // Their client's own page searches the team instead (here: the one who stays, away on Wednesday).
      const own = await ctx
        .http()
        .get(`/api/v1/me/${client.token}/slots`)
        .query({
          meetingTypeId: f.followUpId,
          mode: 'in_person',
          from: '2027-03-03T00:00:00+01:00',
          to: '2027-03-05T00:00:00+01:00',
        })
        .expect(200);
      expect(own.body.slots.length).toBeGreaterThan(0);
      expect(own.body.slots.every((s: { startsAt: string }) => s.startsAt >= '2027-03-03T23:00:00.000Z')).toBe(true);
      const listed = (
        await ctx.http().get(`/api/v1/units/${f.unit.id}/caseworkers`).set(bearer(f.unit.adminToken)).expect(200)
      ).body.find((c: { id: string }) => c.id === leaver.id);
      expect(listed).toMatchObject({ active: false, locale: null });

      // Twice is fine, and still answers the meetings to reassign.
      const again = await ctx
        .http()
        .post(`/api/v1/caseworkers/${leaver.id}/deactivate`)
        .set(bearer(f.unit.adminToken))
        .expect(200);
      expect(again.body.futureAppointments.map((a: Appointment) => a.id)).toEqual([sooner.id, later.id]);

      // Back: old tokens and the old feed stay dead; a new token works; GET feed-url mints a new feed.
      const back = await ctx
        .http()
        .post(`/api/v1/caseworkers/${leaver.id}/activate`)
        .set(bearer(f.unit.adminToken))
        .expect(200);
      expect(back.body).toMatchObject({ id: leaver.id, active: true });
      expect(back.body.futureAppointments).toBeUndefined();
      await whoami(leaver.token).expect(401);
      await whoami(spare.token).expect(401);
      await whoamiBySession(laptop).expect(401);
      await whoamiBySession(await signIn(leaver.id)).expect(200);
      const fresh = await issue(f.unit, f.unit.adminToken, leaver.id, { label: 'Back again' });
      await whoami(fresh.token).expect(200);
      await ctx.http().get(feedPath).expect(404);
      const newFeed = (
        await ctx.http().get(`/api/v1/caseworkers/${leaver.id}/feed-url`).set(bearer(fresh.token)).expect(200)
      ).body.url as string;
      expect(newFeed).not.toBe(feedUrl);
      await ctx.http().get(new URL(newFeed).pathname).expect(200);
      expect((await publicSlots(f, '2027-03-03')).length).toBeGreaterThan(0);

      const events = await auditActions(f.unit.id);
      const offboarding = events.filter((e) => e.action.startsWith('caseworker.') && e.action !== 'caseworker.created');
      expect(offboarding).toEqual([
        {
          action: 'caseworker.deactivated',
          details: { caseworkerId: leaver.id, wasActive: true, tokensRevoked: 2, sessionsEnded: 2 },
        },
        {
          action: 'caseworker.deactivated',
          details: { caseworkerId: leaver.id, wasActive: false, tokensRevoked: 0, sessionsEnded: 0 },
        },
        { action: 'caseworker.activated', details: { caseworkerId: leaver.id, wasActive: false } },
      ]);
    });

    it('activate and deactivate are for admins only; two admins deactivating each other at once: one wins', async () => {
      const f = await bookingFixture(ctx, { caseworkers: 2 });
      const [a, b] = f.caseworkers;
      await ctx.http().post(`/api/v1/caseworkers/${b.id}/activate`).set(bearer(a.token)).expect(403);
      await ctx.http().post(`/api/v1/caseworkers/${a.id}/deactivate`).set(bearer(a.token)).expect(403);
      await whoami(a.token).expect(200);

      const other = await ctx.newCaseworker(f.unit, { role: 'admin' });
      const answers = await Promise.all([
        ctx.http().post(`/api/v1/caseworkers/${other.id}/deactivate`).set(bearer(f.unit.adminToken)),
        ctx.http().post(`/api/v1/caseworkers/${f.unit.adminId}/deactivate`).set(bearer(other.token)),
      ]);
      expect(answers.map((r) => r.status).sort()).toEqual([200, 401]);
      const [left] = await ctx.db.query(
        `SELECT count(*)::int AS n FROM caseworkers WHERE unit_id = $1 AND role = 'admin' AND active`,
        [f.unit.id],
      );
      expect(left.n).toBe(1);
    });
  });

  describe('reassignment', () => {
    const to = (email: string) => (m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(email);
    const reassigned = (m: ReceivedMail) => (m.parsed.subject ?? '').endsWith(': new contact person');
    const reassign = (as: string, id: string, caseworkerId: string) =>
      ctx.http().post(`/api/v1/appointments/${id}/reassign`).set(bearer(as)).send({ caseworkerId });

    it('moves a meeting to another caseworker: same id and UID, SEQUENCE + 1, and the client is told who', async () => {
      const f = await bookingFixture(ctx, { caseworkers: 2 });
      const [leaver, taker] = f.caseworkers;
      await ctx.db.query(`UPDATE caseworkers SET name = 'Karin Ek' WHERE id = $1`, [taker.id]);
      const client = await newClient(ctx, f, leaver.id, 'en');
      const email = await emailOf(ctx, client.id);
      const a = await book(f, leaver.id, client.id, '2027-03-02T10:00:00+01:00');
      const [confirmation] = await sink.waitFor(to(email));
      const uid = `${a.id}@samtal.test`;
      expect(ical.sync.parseICS(calendarPart(confirmation)!.content)).toBeDefined();

      await ctx.http().post(`/api/v1/caseworkers/${leaver.id}/deactivate`).set(bearer(f.unit.adminToken)).expect(200);
      // Not for a caseworker to do, even their own meeting.
      expect((await reassign(taker.token, a.id, taker.id).expect(403)).body.code).toBe('FORBIDDEN');

      const res = await reassign(f.unit.adminToken, a.id, taker.id).expect(200);
      expect(res.body).toMatchObject({
        id: a.id,
        caseworkerId: taker.id,
        sequence: a.sequence + 1,
        status: 'confirmed',
        startsAt: a.startsAt,
      });

      const [mail] = await sink.waitFor((m) => to(email)(m) && reassigned(m));
      expect(mail.parsed.subject).toBe('Appointment — Appointment — Test City: new contact person');
      expect(mail.parsed.text).toContain(
        'Your meeting on Tuesday, 2 March 2027 is now with Karin Ek. Time and place are unchanged.',
      );
      const part = calendarPart(mail)!;
      expect(part.method).toBe('REQUEST');
      const event = Object.values(ical.sync.parseICS(part.content)).find((c) => c?.type === 'VEVENT') as ical.VEvent & {
        sequence?: string;
      };
      expect(event.uid).toBe(uid);
      expect(Number(event.sequence)).toBe(a.sequence + 1);
      // The job carried ids only: the name was read when the mail was composed.
      const [job] = await ctx.db.query(
        `SELECT data FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = 'reassigned'`,
        [a.id],
      );
      expect(job.data).toEqual({
        kind: 'reassigned',
        unitId: f.unit.id,
        clientId: client.id,
        appointmentId: a.id,
        sequence: a.sequence + 1,
      });

      const events = await ctx.db.query(
        `SELECT action, actor_id, details FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.reassigned'`,
        [a.id],
      );
      expect(events).toEqual([
        {
          action: 'appointment.reassigned',
          actor_id: f.unit.adminId,
          details: { fromCaseworkerId: leaver.id, toCaseworkerId: taker.id },
        },
      ]);
      // The new caseworker sees it in their calendar now.
      const theirs = await ctx
        .http()
        .get(`/api/v1/caseworkers/${taker.id}/appointments`)
        .query({ from: '2027-03-02T00:00:00+01:00', to: '2027-03-03T00:00:00+01:00' })
        .set(bearer(taker.token))
        .expect(200);
      expect(theirs.body.map((x: { id: string }) => x.id)).toEqual([a.id]);
    });

    it('needs a free, active caseworker of the same unit, and a meeting still to come; working hours do not matter', async () => {
      const f = await bookingFixture(ctx, { caseworkers: 3 });
      const [leaver, busy, gone] = f.caseworkers;
      const client = await newClient(ctx, f, leaver.id);
      const a = await book(f, leaver.id, client.id, '2027-03-02T10:00:00+01:00');
      // Overlaps a's buffered time (10:00–11:00) without the same start.
      await book(f, busy.id, client.id, '2027-03-02T10:30:00+01:00');

      const taken = await reassign(f.unit.adminToken, a.id, busy.id).expect(409);
      expect(taken.body.code).toBe('SLOT_TAKEN');

      await ctx.http().post(`/api/v1/caseworkers/${gone.id}/deactivate`).set(bearer(f.unit.adminToken)).expect(200);
      expect((await reassign(f.unit.adminToken, a.id, gone.id).expect(409)).body.code).toBe('CONFLICT');

      const stranger = await ctx.newUnit();
      expect((await reassign(f.unit.adminToken, a.id, stranger.adminId).expect(404)).body.code).toBe('NOT_FOUND');
      await reassign(stranger.adminToken, a.id, stranger.adminId).expect(404);

      // The admin has no working hours at all: still fine, the admin decides. Not when they are away.
      const away = await ctx
        .http()
        .post(`/api/v1/caseworkers/${f.unit.adminId}/absences`)
        .set(bearer(f.unit.adminToken))
        .send({ startsAt: '2027-03-02T10:45:00+01:00', endsAt: '2027-03-02T12:00:00+01:00' })
        .expect(201);
      expect((await reassign(f.unit.adminToken, a.id, f.unit.adminId).expect(422)).body.code).toBe('SLOT_UNAVAILABLE');
      await ctx.http().delete(`/api/v1/absences/${away.body.id}`).set(bearer(f.unit.adminToken)).expect(204);
      const moved = await reassign(f.unit.adminToken, a.id, f.unit.adminId).expect(200);
      expect(moved.body).toMatchObject({ caseworkerId: f.unit.adminId, sequence: a.sequence + 1 });
      const [row] = await ctx.db.query(`SELECT sequence, caseworker_id FROM appointments WHERE id = $1`, [a.id]);
      expect(row).toEqual({ sequence: a.sequence + 1, caseworker_id: f.unit.adminId });

      // Cancelled, or already started: the state refuses it.
      const cancelled = await book(f, leaver.id, client.id, '2027-03-03T10:00:00+01:00');
      await ctx
        .http()
        .post(`/api/v1/appointments/${cancelled.id}/cancel`)
        .set(bearer(f.unit.adminToken))
        .send({})
        .expect(200);
      expect((await reassign(f.unit.adminToken, cancelled.id, busy.id).expect(409)).body.code).toBe('CONFLICT');
      const soon = await book(f, leaver.id, client.id, '2027-03-04T10:00:00+01:00');
      ctx.clock.set('2027-03-04T09:10:00.000Z');
      expect((await reassign(f.unit.adminToken, soon.id, busy.id).expect(409)).body.code).toBe('CONFLICT');
      const [still] = await ctx.db.query(`SELECT caseworker_id FROM appointments WHERE id = $1`, [soon.id]);
      expect(still.caseworker_id).toBe(leaver.id);
    });

    it('a video meeting keeps its room and join link', async () => {
      const f = await bookingFixture(ctx, { caseworkers: 2 });
      const [leaver, taker] = f.caseworkers;
      const client = await newClient(ctx, f, leaver.id);
      // Met in person before, so a video follow-up is allowed.
      await book(f, leaver.id, client.id, '2027-02-22T09:00:00+01:00');
      const v = await book(f, leaver.id, client.id, '2027-03-02T14:00:00+01:00', 'video');
      const before = await ctx.db.query(`SELECT room_name FROM appointments WHERE id = $1`, [v.id]);
      expect(before[0].room_name).toBeTruthy();
      await reassign(f.unit.adminToken, v.id, taker.id).expect(200);
      const after = await ctx.db.query(`SELECT room_name, mode FROM appointments WHERE id = $1`, [v.id]);
      expect(after[0]).toEqual({ room_name: before[0].room_name, mode: 'video' });
    });
  });
});
