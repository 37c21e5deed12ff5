import { createHash } from 'node:crypto';
import { AccessToken, TokenVerifier } from 'livekit-server-sdk';
import { bearer, bootInstance, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, countRows, dueOnClock, videoFollowUp } from './support/booking-fixture';
import { startLiveKitDouble } from './support/livekit-double';

const KEY = 'devkey';
const SECRET = 'secret';
// Monday 2027-03-01 07:00 in Stockholm; the video meeting is Tuesday 13:00–13:45 (12:00Z–12:45Z).
const NOW = '2027-03-01T06:00:00.000Z';
const OPENS = '2027-03-02T11:45:00.000Z';

describe('video meetings on LiveKit', () => {
  let ctx: TestContext;
  let lk: Awaited<ReturnType<typeof startLiveKitDouble>>;
  let f: BookingFixture;
  let cw: { id: string; token: string };

  beforeAll(async () => {
    lk = await startLiveKitDouble({ apiKey: KEY, apiSecret: SECRET });
    ctx = await createTestContext({
      LIVEKIT_URL: lk.url,
      LIVEKIT_API_KEY: KEY,
      LIVEKIT_API_SECRET: SECRET,
      LIVEKIT_TIMEOUT_SECONDS: '1',
    });
    f = await bookingFixture(ctx);
    cw = f.caseworkers[0];
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(async () => {
    await ctx.close();
    await lk.close();
  });

  /** A video follow-up for a client who met in person; the join token from its confirmation mail. */
  async function videoMeeting(startsAt = '2027-03-02T13:00:00+01:00') {
    const m = await videoFollowUp(ctx, f, startsAt);
    expect(m.joinUrl).toMatch(/^http:\/\/samtal\.test\/join\/[A-Za-z0-9_-]{43}$/);
    return { ...m, joinToken: m.joinUrl.split('/').pop()! };
  }
  const join = (token: string) => ctx.http().post(`/api/v1/join/${token}`);

  it('gives each video appointment its own unguessable room, created at the first join, not at booking', async () => {
    const a = await videoMeeting();
    const b = await videoMeeting('2027-03-02T14:00:00+01:00');
    expect(a.roomName).toMatch(/^[A-Za-z0-9_-]{20,}/);
    expect(a.roomName).not.toBe(b.roomName);
    expect(lk.rooms.has(a.roomName)).toBe(false);
    ctx.clock.set(OPENS);
    await join(a.joinToken).expect(200);
    expect(lk.rooms.get(a.roomName)).toMatchObject({ maxParticipants: 3 });
    expect(lk.requests.every((r) => r.authorized)).toBe(true);
  });

  it('mints a client token only inside the window: one second before, at, and after the edges', async () => {
    const m = await videoMeeting('2027-03-03T13:00:00+01:00');
    const opens = new Date('2027-03-03T11:45:00.000Z');
    ctx.clock.set(new Date(opens.getTime() - 1000));
    const early = await join(m.joinToken);
    expect(early.body).toMatchObject({ statusCode: 403, code: 'JOIN_NOT_OPEN', opensAt: opens.toISOString() });
    ctx.clock.set(opens);
    const ok = await join(m.joinToken).expect(200);
    expect(ok.body).toMatchObject({ serverUrl: lk.url, roomName: m.roomName, identity: expect.any(String) });
    const closes = new Date('2027-03-03T13:15:00.000Z');
    ctx.clock.set(new Date(closes.getTime() - 1000));
    await join(m.joinToken).expect(200);
    ctx.clock.set(closes);
    const late = await join(m.joinToken);
    expect(late.body).toMatchObject({ statusCode: 403, code: 'JOIN_NOT_OPEN' });
  });

  it('client tokens verify with TokenVerifier: one room, publish and subscribe, no room admin, at most 10 minutes', async () => {
    const m = await videoMeeting('2027-03-04T13:00:00+01:00');
    ctx.clock.set('2027-03-04T12:10:00.000Z');
    const res = await join(m.joinToken).expect(200);
    const claims = await new TokenVerifier(KEY, SECRET).verify(res.body.token);
    expect(claims.video).toMatchObject({ roomJoin: true, room: m.roomName, canPublish: true, canSubscribe: true });
    expect(claims.video?.roomAdmin).toBeFalsy();
    expect(claims.sub).toBe(res.body.identity);
    expect(claims.name).toBe('Test');
    // LiveKit stamps exp from the real clock; the token is valid for at most 10 minutes from now.
    expect((claims.exp as number) - Math.floor(Date.now() / 1000)).toBeLessThanOrEqual(600);
    await expect(new TokenVerifier(KEY, 'another-secret').verify(res.body.token)).rejects.toThrow();
  });

  it('gives the caseworker a host token with room admin; other caseworkers are refused', async () => {
    const m = await videoMeeting('2027-03-05T13:00:00+01:00');
    ctx.clock.set('2027-03-05T11:40:00.000Z');
    const res = await ctx.http().post(`/api/v1/appointments/${m.id}/video-token`).set(bearer(cw.token)).expect(200);
    const claims = await new TokenVerifier(KEY, SECRET).verify(res.body.token);
    expect(claims.video).toMatchObject({ roomJoin: true, room: m.roomName, roomAdmin: true });
    const other = await ctx.newCaseworker(f.unit);
    await ctx.http().post(`/api/v1/appointments/${m.id}/video-token`).set(bearer(other.token)).expect(403);
  });

  it('a cancelled meeting, one switched to in person, and a link of another purpose answer 404', async () => {
    const cancelled = await videoMeeting('2027-03-08T13:00:00+01:00');
    await ctx
      .http()
      .post(`/api/v1/appointments/${cancelled.id}/cancel`)
      .set(bearer(f.unit.adminToken))
      .send({})
      .expect(200);
    ctx.clock.set('2027-03-08T12:00:00.000Z');
    expect((await join(cancelled.joinToken)).body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });

    const switched = await videoMeeting('2027-03-09T13:00:00+01:00');
    ctx.clock.set(NOW);
    await ctx
      .http()
      .post(`/api/v1/me/${switched.client.token}/appointments/${switched.id}/mode`)
      .send({ mode: 'in_person' })
      .expect(200);
    await expect(
      countRows(
        ctx,
        `SELECT 1 FROM pgboss.job WHERE name = 'room-cleanup' AND data->>'roomName' = $1 AND start_after <= now() + interval '1 minute'`,
        [switched.roomName],
      ),
    ).resolves.toBe(1);
    ctx.clock.set('2027-03-09T12:00:00.000Z');
    expect((await join(switched.joinToken)).status).toBe(404);

    expect((await join(switched.client.token)).status).toBe(404);
    expect((await join('x'.repeat(43))).status).toBe(404);
  });

  it("a token of another appointment only ever opens that appointment's room", async () => {
    const a = await videoMeeting('2027-03-10T13:00:00+01:00');
    const b = await videoMeeting('2027-03-10T14:00:00+01:00');
    ctx.clock.set('2027-03-10T12:50:00.000Z');
    const res = await join(b.joinToken);
    // b's window is open (13:00Z start − 15 min = 12:45Z), and its token is for b's room only.
    expect(res.status).toBe(200);
    expect(res.body.roomName).toBe(b.roomName);
    expect(res.body.roomName).not.toBe(a.roomName);
  });

  it('when LiveKit is down: booking still works, the join API answers 503 with Retry-After', async () => {
    const m = await videoMeeting('2027-03-11T13:00:00+01:00');
    ctx.clock.set('2027-03-11T12:00:00.000Z');
    lk.failNext(503);
    const res = await join(m.joinToken);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('15');
    expect(res.body.code).toBe('VIDEO_UNAVAILABLE');
    lk.hangNext();
    const hung = await join(m.joinToken);
    expect(hung.status).toBe(503);
    await videoMeeting('2027-03-11T14:00:00+01:00');
    // Back up: the same link works again.
    await join(m.joinToken).expect(200);
  });

  it('deletes the room after the meeting, when the join window has closed', async () => {
    const m = await videoMeeting('2027-03-15T13:00:00+01:00');
    ctx.clock.set('2027-03-15T12:00:00.000Z');
    await join(m.joinToken).expect(200);
    expect(lk.rooms.has(m.roomName)).toBe(true);
    const due = `SELECT 1 FROM pgboss.job WHERE name = 'room-cleanup' AND data->>'roomName' = $1 AND ${dueOnClock(NOW)} = $2`;
    await expect(countRows(ctx, due, [m.roomName, new Date('2027-03-15T13:15:00.000Z')])).resolves.toBe(1);
    // Let the clean-up fall due now, and run a worker for it.
    await ctx.db.query(
      `UPDATE pgboss.job SET start_after = now() WHERE name = 'room-cleanup' AND data->>'roomName' = $1`,
      [m.roomName],
    );
    const worker = await bootInstance({ ...ctx.config, JOBS_ENABLED: true }, ctx.database.url, ctx.clock);
    try {
      const until = Date.now() + 15_000;
      while (lk.rooms.has(m.roomName) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      expect(lk.rooms.has(m.roomName)).toBe(false);
    } finally {
      await worker.close();
    }
  });

  describe('webhooks', () => {
    const sign = async (body: string, secret = SECRET) => {
      const at = new AccessToken(KEY, secret);
      at.sha256 = createHash('sha256').update(body).digest('base64');
      return at.toJwt();
    };
    const event = (name: string, room: string, identity?: string) =>
      JSON.stringify({
        event: name,
        id: `EV_${Math.random()}`,
        createdAt: Math.floor(Date.now() / 1000),
        room: { name: room },
        ...(identity ? { participant: { identity } } : {}),
      });

    it('records a signed event, rejects a forged one, and completes a meeting both sides joined', async () => {
      const m = await videoMeeting('2027-03-12T13:00:00+01:00');
      ctx.clock.set('2027-03-12T12:00:00.000Z');
      const client = await join(m.joinToken).expect(200);
      const host = await ctx.http().post(`/api/v1/appointments/${m.id}/video-token`).set(bearer(cw.token)).expect(200);

      const forged = event('participant_joined', m.roomName, client.body.identity);
      await ctx
        .http()
        .post('/webhooks/livekit')
        .set('Content-Type', 'application/webhook+json')
        .set('Authorization', await sign(forged, 'wrong-secret'))
        .send(forged)
        .expect(401);
      const tampered = event('participant_joined', m.roomName, client.body.identity);
      await ctx
        .http()
        .post('/webhooks/livekit')
        .set('Content-Type', 'application/webhook+json')
        .set('Authorization', await sign(tampered.replace('participant_joined', 'participant_left')))
        .send(tampered)
        .expect(401);
      await expect(countRows(ctx, `SELECT 1 FROM video_events WHERE appointment_id = $1`, [m.id])).resolves.toBe(0);

      for (const body of [
        event('participant_joined', m.roomName, client.body.identity),
        event('participant_joined', m.roomName, host.body.identity),
        event('room_finished', m.roomName),
      ]) {
        await ctx
          .http()
          .post('/webhooks/livekit')
          .set('Content-Type', 'application/webhook+json')
          .set('Authorization', await sign(body))
          .send(body)
          .expect(200);
      }
      const events = await ctx.db.query(
        `SELECT participant, event FROM video_events WHERE appointment_id = $1 ORDER BY id`,
        [m.id],
      );
      expect(events).toEqual([
        { participant: 'client', event: 'participant_joined' },
        { participant: 'host', event: 'participant_joined' },
        { participant: 'room', event: 'room_finished' },
      ]);
      const [row] = await ctx.db.query(`SELECT status FROM appointments WHERE id = $1`, [m.id]);
      expect(row.status).toBe('completed');
    });
  });
});
