import type request from 'supertest';
import type { AppointmentResponse } from '../../src/appointments/appointments.dto';
import { LinksService } from '../../src/links/links.service';
import { mailedLinks } from './mailbox';
import { bearer, TestContext, TestUnit } from './test-app';

export const WEEKDAY_HOURS = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, start: '08:00', end: '12:00', modes: ['in_person'] },
  { weekday, start: '13:00', end: '16:00', modes: ['in_person', 'video'] },
]);

/** The part of a 201 answer the fixtures read. */
interface Created {
  id: string;
}

export interface BookingFixture {
  unit: TestUnit;
  caseworkers: Array<{ id: string; token: string }>;
  intakeId: string;
  followUpId: string;
}

/**
 * The two meeting types of every test unit, e2e (bookingFixture, through the API) and service
 * (ServiceContext.newUnit, through the repositories) alike: an intake (60 min, in person, 30-min grid)
 * and a follow-up (45 min + 15 min after, both modes).
 */
export const INTAKE_TYPE = {
  key: 'first-meeting',
  name: 'Intake (internal)',
  publicLabel: 'First meeting',
  durationMinutes: 60,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  slotStepMinutes: 30,
  minNoticeMinutes: 60,
  horizonDays: 60,
  modes: ['in_person' as const],
  intake: true,
};
export const FOLLOW_UP_TYPE = {
  key: 'follow-up',
  name: 'Follow-up (internal)',
  publicLabel: 'Follow-up',
  durationMinutes: 45,
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 15,
  slotStepMinutes: 15,
  minNoticeMinutes: 60,
  horizonDays: 60,
  modes: ['in_person' as const, 'video' as const],
  intake: false,
};

/**
 * A unit in Europe/Stockholm with caseworkers working Mon–Fri 08–12 (in person) and 13–16 (both),
 * and the intake and follow-up types above.
 */
export async function bookingFixture(
  ctx: TestContext,
  opts: { caseworkers?: number; settings?: Record<string, unknown> } = {},
): Promise<BookingFixture> {
  const unit = await ctx.newUnit();
  const caseworkers = [];
  for (let i = 0; i < (opts.caseworkers ?? 1); i++) {
    const cw = await ctx.newCaseworker(unit, { name: `Caseworker ${i + 1}` });
    await ctx
      .http()
      .put(`/api/v1/caseworkers/${cw.id}/working-hours`)
      .set(bearer(unit.adminToken))
      .send(WEEKDAY_HOURS)
      .expect(200);
    caseworkers.push(cw);
  }
  if (opts.settings)
    await ctx.http().patch(`/api/v1/units/${unit.id}`).set(bearer(unit.adminToken)).send(opts.settings).expect(200);
  const type = (body: Record<string, unknown>) =>
    ctx
      .http()
      .post(`/api/v1/units/${unit.id}/meeting-types`)
      .set(bearer(unit.adminToken))
      .send(body)
      .expect(201)
      .then((r) => (r.body as Created).id);
  const intakeId = await type(INTAKE_TYPE);
  const followUpId = await type(FOLLOW_UP_TYPE);
  return { unit, caseworkers, intakeId, followUpId };
}

let seq = 0;
export const person = (name = 'Test Person') => ({ name, email: `person-${Date.now()}-${seq++}@example.org` });

/**
 * The token of a personal link of the client's, minted as the mails mint theirs: what the client holds
 * after a mail. Staff answers never carry one (docs/product-rules.md, rule 12), so specs that act as the client arrange it here.
 */
export async function personalLinkToken(ctx: TestContext, clientId: string): Promise<string> {
  const link = await ctx.app.get(LinksService).personalLink(ctx.db.manager, clientId);
  return link.split('/').pop() ?? '';
}

/** A client of the unit with a personal link (as if mailed to them); returns the link's token. */
export async function newClient(
  ctx: TestContext,
  f: BookingFixture,
  caseworkerId?: string,
  locale?: string,
): Promise<{ id: string; token: string }> {
  const res = await ctx
    .http()
    .post(`/api/v1/units/${f.unit.id}/clients`)
    .set(bearer(f.unit.adminToken))
    .send({ ...person(), ...(caseworkerId ? { caseworkerId } : {}), ...(locale ? { locale } : {}) })
    .expect(201);
  const client = res.body as Created;
  return { id: client.id, token: await personalLinkToken(ctx, client.id) };
}

/**
 * A meeting booked by staff (POST /appointments with the unit admin's token, 201 expected): the follow-up
 * type in person unless the booking says otherwise. A past start records a walk-in.
 */
export async function staffBooks(
  ctx: TestContext,
  f: BookingFixture,
  booking: {
    caseworkerId: string;
    clientId: string;
    startsAt: string;
    mode?: string;
    meetingTypeId?: string;
    firstMeetingOverrideReason?: string;
  },
): Promise<AppointmentResponse> {
  const res = await ctx
    .http()
    .post('/api/v1/appointments')
    .set(bearer(f.unit.adminToken))
    .send({ meetingTypeId: f.followUpId, mode: 'in_person', ...booking })
    .expect(201);
  return res.body as AppointmentResponse;
}

/**
 * A public booking (POST /public/units/:slug/bookings) of the unit's intake type in person, by a new
 * person unless `client` is given, from the address `ip` when given; not awaited here: the spec reads the
 * answer, whatever its status. `http`: the app to ask (ctx.http(), or supertest on another instance).
 */
export function publicBooks(
  http: ReturnType<typeof request>,
  f: BookingFixture,
  booking: {
    startsAt: string;
    client?: { name: string; email: string; phone?: string; locale?: string };
    mode?: string;
    meetingTypeId?: string;
    ip?: string;
    slug?: string;
  },
): request.Test {
  const { ip, slug = f.unit.slug, client = person(), ...rest } = booking;
  const req = http.post(`/api/v1/public/units/${slug}/bookings`);
  if (ip) req.set('X-Forwarded-For', ip);
  return req.send({ meetingTypeId: f.intakeId, mode: 'in_person', ...rest, client });
}

/**
 * A meeting the client books from their personal link (POST /me/:token/appointments, 201 expected): the
 * follow-up type in person unless the booking says otherwise.
 */
export async function clientBooks(
  ctx: TestContext,
  f: BookingFixture,
  token: string,
  booking: { startsAt: string; mode?: string; meetingTypeId?: string },
): Promise<AppointmentResponse> {
  const res = await ctx
    .http()
    .post(`/api/v1/me/${token}/appointments`)
    .send({ meetingTypeId: f.followUpId, mode: 'in_person', ...booking })
    .expect(201);
  return res.body as AppointmentResponse;
}

/** The client's email address as stored (staff answers and the personal pages do not show it). */
export async function emailOf(ctx: TestContext, clientId: string): Promise<string> {
  const [row] = await ctx.db.query<Array<{ email: string }>>(`SELECT email FROM clients WHERE id = $1`, [clientId]);
  return row.email;
}

/**
 * A job's due time on the test clock, as SQL over pgboss.job: pg-boss keeps start_after as the
 * database's now() plus the delay to the due time (JobsService.delayFrom), so a job made while the
 * clock stood at `clockAtCreation` is due at that instant plus (start_after − created_on).
 */
export const dueOnClock = (clockAtCreation: string | Date): string =>
  `('${new Date(clockAtCreation).toISOString()}'::timestamptz + (start_after - created_on))`;

export async function countRows(ctx: TestContext, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await ctx.db.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM (${sql}) x`, params);
  return rows[0].n;
}

/** Live appointments of one caseworker whose buffered ranges overlap: must always be 0. */
export const OVERLAPS_SQL = `SELECT 1 FROM appointments a JOIN appointments b
  ON a.caseworker_id = b.caseworker_id AND a.id < b.id AND a.busy_range && b.busy_range
  WHERE a.status IN ('held','confirmed') AND b.status IN ('held','confirmed')`;

export interface VideoFollowUp {
  id: string;
  client: { id: string; token: string };
  /** The join link of its confirmation mail (PUBLIC_URL/join/<token>). */
  joinUrl: string;
  roomName: string;
}

/**
 * A client of the first caseworker who met them in person (a walk-in on 2027-02-22), with a video
 * follow-up at `startsAt` booked from their personal link.
 */
export async function videoFollowUp(
  ctx: TestContext,
  f: BookingFixture,
  startsAt: string,
  locale?: string,
): Promise<VideoFollowUp> {
  const cw = f.caseworkers[0];
  const client = await newClient(ctx, f, cw.id, locale);
  await staffBooks(ctx, f, { caseworkerId: cw.id, clientId: client.id, startsAt: '2027-02-22T09:00:00+01:00' });
  const { id } = await clientBooks(ctx, f, client.token, { startsAt, mode: 'video' });
  const { join } = await mailedLinks(ctx, id, 'confirmed');
  const [row] = await ctx.db.query<Array<{ room_name: string }>>(`SELECT room_name FROM appointments WHERE id = $1`, [
    id,
  ]);
  return { id, client, joinUrl: join, roomName: row.room_name };
}
