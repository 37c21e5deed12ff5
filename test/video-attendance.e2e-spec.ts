import { AttendanceService } from '../src/video/attendance.service';
import { clientIdentity, hostIdentity } from '../src/video/join-window';
import { BookingFixture, bookingFixture, countRows, dueOnClock, videoFollowUp } from './support/booking-fixture';
import { signWebhook, webhookBody } from './support/livekit-webhook';
import { bearer, bootInstance, createTestContext, TestContext } from './support/test-app';

const KEY = 'devkey';
const SECRET = 'secret';
// Monday 2027-03-01 07:00 in Stockholm. Each meeting is 13:00–13:45 local (12:00Z–12:45Z) on its
// own day, so attendance is due at 13:00Z.
const NOW = '2027-03-01T06:00:00.000Z';

describe('attendance from video presence (signed LiveKit webhooks)', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let cw: { id: string; token: string };

  beforeAll(async () => {
    ctx = await createTestContext({ LIVEKIT_API_KEY: KEY, LIVEKIT_API_SECRET: SECRET });
    f = await bookingFixture(ctx);
    cw = f.caseworkers[0];
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  const meeting = (day: string) => videoFollowUp(ctx, f, `2027-03-${day}T13:00:00+01:00`);
  const send = async (body: string) =>
    ctx
      .http()
      .post('/webhooks/livekit')
      .set('Content-Type', 'application/webhook+json')
      .set('Authorization', await signWebhook(body, KEY, SECRET))
      .send(body)
      .expect(200);
  const joined = (m: { id: string; roomName: string }, who: 'client' | 'host') =>
    send(
      webhookBody('participant_joined', m.roomName, {
        identity: who === 'client' ? clientIdentity(m.id) : hostIdentity(cw.id),
      }),
    );
  const status = async (id: string) =>
    (await ctx.db.query(`SELECT status FROM appointments WHERE id = $1`, [id]))[0].status;
  const attendanceAudit = (id: string) =>
    ctx.db.query(
      `SELECT action, actor_type AS actor, details FROM audit_events WHERE appointment_id = $1 AND action IN ('appointment.completed', 'appointment.no_show') ORDER BY id`,
      [id],
    );
  const byVideo = (status: string) => ({ action: `appointment.${status}`, actor: 'system', details: { by: 'video' } });
  const mark = (id: string, s: 'completed' | 'no_show') =>
    ctx.http().post(`/api/v1/appointments/${id}/attendance`).set(bearer(f.unit.adminToken)).send({ status: s });

  /** Runs, as the worker does, each attendance job of the appointment that is due by the test clock. */
  async function runDueJobs(id: string): Promise<number> {
    const jobs = await ctx.db.query(
      `SELECT data FROM pgboss.job WHERE name = 'attendance' AND data->>'appointmentId' = $1 AND ${dueOnClock(NOW)} <= $2`,
      [id, ctx.clock.now()],
    );
    for (const job of jobs) await ctx.app.get(AttendanceService).decideAfterMeeting(job.data.appointmentId);
    return jobs.length;
  }

  it('a replayed webhook is stored once and changes nothing: a replayed room_finished writes one audit event', async () => {
    const m = await meeting('02');
    ctx.clock.set('2027-03-02T12:05:00.000Z');
    const clientJoined = webhookBody('participant_joined', m.roomName, { identity: clientIdentity(m.id) });
    await send(clientJoined);
    await send(clientJoined);
    await joined(m, 'host');
    ctx.clock.set('2027-03-02T12:50:00.000Z');
    const finished = webhookBody('room_finished', m.roomName);
    for (let i = 0; i < 3; i++) await send(finished);

    expect(await status(m.id)).toBe('completed');
    expect(await attendanceAudit(m.id)).toEqual([byVideo('completed')]);
    await expect(countRows(ctx, `SELECT 1 FROM video_events WHERE appointment_id = $1`, [m.id])).resolves.toBe(3);

    // Staff correct it; a replay afterwards does not undo the correction.
    await mark(m.id, 'no_show').expect(200);
    await send(finished);
    expect(await status(m.id)).toBe('no_show');
    expect(await attendanceAudit(m.id)).toEqual([
      byVideo('completed'),
      { action: 'appointment.no_show', actor: 'staff', details: {} },
    ]);
  });

  it("a cancelled meeting's room never completes it, and its events are not recorded", async () => {
    const m = await meeting('03');
    ctx.clock.set('2027-03-03T12:05:00.000Z');
    await joined(m, 'client');
    await joined(m, 'host');
    await ctx.http().post(`/api/v1/appointments/${m.id}/cancel`).set(bearer(f.unit.adminToken)).send({}).expect(200);
    await send(webhookBody('room_finished', m.roomName));
    ctx.clock.set('2027-03-03T13:00:00.000Z');
    expect(await runDueJobs(m.id)).toBe(1);

    expect(await status(m.id)).toBe('cancelled');
    expect(await attendanceAudit(m.id)).toEqual([]);
    await expect(
      countRows(ctx, `SELECT 1 FROM video_events WHERE appointment_id = $1 AND event = 'room_finished'`, [m.id]),
    ).resolves.toBe(0);
  });

  it('a room that finishes before the start does not complete the meeting; host and client joined → completed by the job', async () => {
    const m = await meeting('04');
    ctx.clock.set('2027-03-04T11:46:00.000Z'); // a try-out in the early window
    await joined(m, 'client');
    await joined(m, 'host');
    await send(webhookBody('room_finished', m.roomName));
    expect(await status(m.id)).toBe('confirmed');
    expect(await attendanceAudit(m.id)).toEqual([]);

    ctx.clock.set('2027-03-04T13:00:00.000Z');
    expect(await runDueJobs(m.id)).toBe(1);
    expect(await status(m.id)).toBe('completed');
    expect(await attendanceAudit(m.id)).toEqual([byVideo('completed')]);
  });

  it('nobody, or only the client, joined: the job leaves it for staff to mark', async () => {
    const nobody = await meeting('08');
    const onlyClient = await meeting('09');
    ctx.clock.set('2027-03-09T12:05:00.000Z');
    await joined(onlyClient, 'client');
    ctx.clock.set('2027-03-09T13:00:00.000Z');
    expect(await runDueJobs(nobody.id)).toBe(1);
    expect(await runDueJobs(onlyClient.id)).toBe(1);

    expect(await status(nobody.id)).toBe('confirmed');
    expect(await status(onlyClient.id)).toBe('confirmed');
    expect(await attendanceAudit(nobody.id)).toEqual([]);
    expect(await attendanceAudit(onlyClient.id)).toEqual([]);
    await mark(onlyClient.id, 'completed').expect(200);
  });

  it('a reschedule moves the decision: the job made for the old end does nothing', async () => {
    const m = await meeting('10');
    await ctx
      .http()
      .post(`/api/v1/appointments/${m.id}/reschedule`)
      .set(bearer(f.unit.adminToken))
      .send({ startsAt: '2027-03-11T13:00:00+01:00' })
      .expect(200);
    const due = await ctx.db.query(
      `SELECT ${dueOnClock(NOW)} AS due FROM pgboss.job WHERE name = 'attendance' AND data->>'appointmentId' = $1 ORDER BY due`,
      [m.id],
    );
    expect(due.map((j: { due: Date }) => j.due.toISOString())).toEqual([
      '2027-03-10T13:00:00.000Z',
      '2027-03-11T13:00:00.000Z',
    ]);

    ctx.clock.set('2027-03-11T12:05:00.000Z');
    await joined(m, 'host');
    expect(await runDueJobs(m.id)).toBe(1); // the old one, overdue: the meeting is not over yet
    expect(await status(m.id)).toBe('confirmed');

    ctx.clock.set('2027-03-11T13:00:00.000Z');
    expect(await runDueJobs(m.id)).toBe(2);
    expect(await status(m.id)).toBe('no_show');
    expect(await attendanceAudit(m.id)).toEqual([byVideo('no_show')]);
  });

  it('switching a confirmed meeting to video schedules its attendance job', async () => {
    const m = await meeting('12');
    const inPerson = await ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(f.unit.adminToken))
      .send({
        caseworkerId: cw.id,
        clientId: m.client.id,
        meetingTypeId: f.followUpId,
        startsAt: '2027-03-15T13:00:00+01:00',
        mode: 'in_person',
      })
      .expect(201);
    const jobs = `SELECT 1 FROM pgboss.job WHERE name = 'attendance' AND data->>'appointmentId' = $1 AND ${dueOnClock(NOW)} = $2`;
    await expect(countRows(ctx, jobs, [inPerson.body.id, new Date('2027-03-15T13:00:00.000Z')])).resolves.toBe(0);
    await ctx
      .http()
      .post(`/api/v1/appointments/${inPerson.body.id}/mode`)
      .set(bearer(f.unit.adminToken))
      .send({ mode: 'video' })
      .expect(200);
    await expect(countRows(ctx, jobs, [inPerson.body.id, new Date('2027-03-15T13:00:00.000Z')])).resolves.toBe(1);
  });

  it('host joined and the client never did → no_show at the end + 15 minutes, by the real worker; staff can correct it', async () => {
    const m = await meeting('16');
    ctx.clock.set('2027-03-16T12:05:00.000Z');
    await joined(m, 'host');
    ctx.clock.set('2027-03-16T12:50:00.000Z');
    await send(webhookBody('room_finished', m.roomName));
    expect(await status(m.id)).toBe('confirmed'); // the client may still come: not decided yet

    ctx.clock.set('2027-03-16T12:59:59.999Z');
    await ctx.app.get(AttendanceService).decideAfterMeeting(m.id);
    expect(await status(m.id)).toBe('confirmed');

    ctx.clock.set('2027-03-16T13:00:00.000Z');
    // pg-boss waits for the real time; let the job fall due now, and run a worker for it.
    await ctx.db.query(
      `UPDATE pgboss.job SET start_after = now() WHERE name = 'attendance' AND data->>'appointmentId' = $1`,
      [m.id],
    );
    const worker = await bootInstance({ ...ctx.config, JOBS_ENABLED: true }, ctx.database.url, ctx.clock);
    try {
      const until = Date.now() + 15_000;
      while ((await status(m.id)) === 'confirmed' && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    } finally {
      await worker.close();
    }
    expect(await status(m.id)).toBe('no_show');
    expect(await attendanceAudit(m.id)).toEqual([byVideo('no_show')]);

    const corrected = await mark(m.id, 'completed').expect(200);
    expect(corrected.body.status).toBe('completed');
    expect(await attendanceAudit(m.id)).toEqual([
      byVideo('no_show'),
      { action: 'appointment.completed', actor: 'staff', details: {} },
    ]);
  });
});
