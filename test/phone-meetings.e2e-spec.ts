import type { NotifyJob } from '../src/jobs/job-contracts';
import { NotificationComposer } from '../src/notifications/notification-composer';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, person, personalLinkToken, WEEKDAY_HOURS } from './support/booking-fixture';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';
const TUESDAY = { from: '2027-03-02T00:00:00Z', to: '2027-03-03T00:00:00Z' };

/** Phone meetings, the third mode (docs/product-rules.md, rules 4 and 14). */
describe('phone meetings', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let cw: string;
  let phoneTypeId: string;
  let phoneIntakeId: string;

  const type = async (key: string, modes: string[], intake: boolean) =>
    (
      await ctx
        .http()
        .post(`/api/v1/units/${f.unit.id}/meeting-types`)
        .set(bearer(f.unit.adminToken))
        .send({
          key,
          name: key,
          publicLabel: key,
          durationMinutes: 45,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 15,
          slotStepMinutes: 15,
          minNoticeMinutes: 60,
          horizonDays: 60,
          modes,
          intake,
        })
        .expect(201)
    ).body.id as string;

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
    cw = f.caseworkers[0].id;
    // Afternoons also by phone; mornings in person only.
    await ctx
      .http()
      .put(`/api/v1/caseworkers/${cw}/working-hours`)
      .set(bearer(f.unit.adminToken))
      .send(WEEKDAY_HOURS.map((h) => (h.start === '13:00' ? { ...h, modes: ['in_person', 'video', 'phone'] } : h)))
      .expect(200);
    phoneTypeId = await type('phone-follow-up', ['in_person', 'video', 'phone'], false);
    phoneIntakeId = await type('phone-intake', ['in_person', 'phone'], true);
  });
  afterAll(() => ctx.close());

  const newClient = async (phone?: string) => {
    const res = await ctx
      .http()
      .post(`/api/v1/units/${f.unit.id}/clients`)
      .set(bearer(f.unit.adminToken))
      .send({ ...person(), caseworkerId: cw, ...(phone ? { phone } : {}) });
    return res;
  };
  const staffBook = (body: Record<string, unknown>) =>
    ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(f.unit.adminToken))
      .send({ caseworkerId: cw, meetingTypeId: phoneTypeId, mode: 'in_person', ...body });
  const staffSlots = (q: Record<string, string>) =>
    ctx
      .http()
      .get(`/api/v1/caseworkers/${cw}/slots`)
      .set(bearer(f.unit.adminToken))
      .query({ meetingTypeId: phoneTypeId, mode: 'phone', ...TUESDAY, ...q })
      .expect(200);

  it('stores a client’s number in E.164, and refuses one outside the unit’s smsCountries or garbage', async () => {
    const ok = await newClient('070-123 45 67');
    expect(ok.status).toBe(201);
    expect(ok.body.phone).toBe('+46701234567');
    const finnish = await newClient('+358 40 123 4567');
    expect(finnish.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(finnish.body.message).toContain('phone');
    expect((await newClient('(0) 12')).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it('a phone follow-up after an in-person first meeting: offered on phone hours only, booked without a room', async () => {
    const c = (await newClient('070-123 45 67')).body;
    await staffBook({ clientId: c.id, startsAt: '2027-02-26T09:00:00+01:00' }).expect(201);
    const slots = await staffSlots({ clientId: c.id });
    expect(slots.body.reason).toBeUndefined();
    // Phone hours are 13–16 Stockholm time (12–15 UTC).
    expect(slots.body.slots[0]).toEqual({ startsAt: '2027-03-02T12:00:00.000Z', endsAt: '2027-03-02T12:45:00.000Z' });
    expect(slots.body.slots.every((s: { startsAt: string }) => s.startsAt >= '2027-03-02T12:00')).toBe(true);
    const morning = await staffBook({ clientId: c.id, startsAt: '2027-03-02T09:00:00+01:00', mode: 'phone' });
    expect(morning.body).toMatchObject({ statusCode: 422, code: 'MODE_NOT_ALLOWED' });
    const res = await staffBook({ clientId: c.id, startsAt: '2027-03-02T14:00:00+01:00', mode: 'phone' }).expect(201);
    expect(res.body).toMatchObject({ mode: 'phone', status: 'confirmed' });
    await expect(
      ctx.db.query(`SELECT room_name, location FROM appointments WHERE id = $1`, [res.body.id]),
    ).resolves.toEqual([{ room_name: null, location: null }]);
    // No presence worker judges a phone meeting: staff mark attendance.
    await expect(
      ctx.db.query(`SELECT 1 FROM pgboss.job WHERE name = 'attendance' AND data->>'appointmentId' = $1`, [res.body.id]),
    ).resolves.toEqual([]);
  });

  it('phone as a first meeting is refused with FIRST_MEETING_IN_PERSON, allowed with an audited override', async () => {
    const c = (await newClient('0701234567')).body;
    const slots = await staffSlots({ clientId: c.id });
    expect(slots.body).toMatchObject({ slots: [], reason: 'FIRST_MEETING_IN_PERSON' });
    const refused = await staffBook({ clientId: c.id, startsAt: '2027-03-05T14:00:00+01:00', mode: 'phone' });
    expect(refused.body).toMatchObject({ statusCode: 422, code: 'FIRST_MEETING_IN_PERSON' });
    const ok = await staffBook({
      clientId: c.id,
      startsAt: '2027-03-05T14:00:00+01:00',
      mode: 'phone',
      firstMeetingOverrideReason: 'Client cannot travel this month',
    }).expect(201);
    const [event] = await ctx.db.query(
      `SELECT details FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.created'`,
      [ok.body.id],
    );
    expect(event.details).toMatchObject({ mode: 'phone', firstMeetingOverride: true });
  });

  it('the public intake by phone: no number is 400 naming phone; a first meeting by phone is refused', async () => {
    const startsAt = '2027-03-08T14:00:00+01:00';
    const book = (client: Record<string, unknown>) =>
      ctx
        .http()
        .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
        .send({ meetingTypeId: phoneIntakeId, startsAt, mode: 'phone', client });
    const noPhone = await book(person());
    expect(noPhone.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(noPhone.body.message).toContain('phone');
    const finnish = await book({ ...person(), phone: '+358 40 123 4567' });
    expect(finnish.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(finnish.body.message).toContain('phone');
    expect((await book({ ...person(), phone: '070-123 45 67' })).body.code).toBe('FIRST_MEETING_IN_PERSON');
    const slots = await ctx
      .http()
      .get(`/api/v1/public/units/${f.unit.slug}/slots`)
      .query({ meetingTypeId: phoneIntakeId, mode: 'phone', ...TUESDAY })
      .expect(200);
    expect(slots.body).toMatchObject({ slots: [], reason: 'FIRST_MEETING_IN_PERSON' });
    // In person, the number typed is stored in E.164.
    const inPerson = await ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({
        meetingTypeId: phoneIntakeId,
        startsAt,
        mode: 'in_person',
        client: { ...person(), phone: '070-123 45 67' },
      })
      .expect(201);
    await expect(ctx.db.query(`SELECT phone FROM clients WHERE id = $1`, [inPerson.body.clientId])).resolves.toEqual([
      { phone: '+46701234567' },
    ]);
  });

  it('a mode switch to phone needs the client’s number; phone leaves video’s room behind', async () => {
    const without = (await newClient()).body;
    await staffBook({ clientId: without.id, startsAt: '2027-02-25T09:00:00+01:00' }).expect(201);
    const a = await staffBook({ clientId: without.id, startsAt: '2027-03-03T14:00:00+01:00', mode: 'video' }).expect(
      201,
    );
    const switchTo = (id: string, mode: string) =>
      ctx.http().post(`/api/v1/appointments/${id}/mode`).set(bearer(f.unit.adminToken)).send({ mode });
    const refused = await switchTo(a.body.id, 'phone');
    expect(refused.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(refused.body.message).toContain('phone');

    const c = (await newClient('070-123 45 67')).body;
    await staffBook({ clientId: c.id, startsAt: '2027-02-25T10:00:00+01:00' }).expect(201);
    const v = await staffBook({ clientId: c.id, startsAt: '2027-03-04T14:00:00+01:00', mode: 'video' }).expect(201);
    const [{ room_name: room }] = await ctx.db.query(`SELECT room_name FROM appointments WHERE id = $1`, [v.body.id]);
    expect(room).toBeTruthy();
    const switched = await switchTo(v.body.id, 'phone');
    expect(switched.status).toBe(200);
    expect(switched.body.mode).toBe('phone');
    await expect(ctx.db.query(`SELECT room_name FROM appointments WHERE id = $1`, [v.body.id])).resolves.toEqual([
      { room_name: null },
    ]);
    await expect(
      ctx.db.query(`SELECT 1 FROM pgboss.job WHERE name = 'room-cleanup' AND data->>'roomName' = $1`, [room]),
    ).resolves.not.toEqual([]);

    // The client's mails and invites, and the caseworker's feed, never carry the number.
    const jobs = await ctx.db.query<Array<{ id: string; data: NotifyJob }>>(
      `SELECT id, data FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1`,
      [v.body.id],
    );
    const modeChanged = jobs.find((j) => j.data.kind === 'mode_changed');
    expect(modeChanged).toBeDefined();
    const composer = ctx.app.get(NotificationComposer);
    const switchedMail = await composer.compose(modeChanged!.data, modeChanged!.id);
    if (typeof switchedMail === 'string') throw new Error(`mode_changed mail not sent: ${switchedMail}`);
    // Who calls, at the number masked but for its last four digits.
    expect(switchedMail.text).toContain('Caseworker 1');
    expect(switchedMail.text).toContain('(•••• •• 45 67)');
    for (const job of jobs) {
      const mail = await composer.compose(job.data, job.id);
      if (typeof mail === 'string') continue;
      expect(mail.invite?.content).toBeDefined();
      for (const text of [mail.text, mail.html ?? '', mail.invite?.content ?? ''])
        for (const n of ['+46701234567', '701234567', '070-123 45 67']) expect(text).not.toContain(n);
    }
    const feedUrl = await ctx
      .http()
      .get(`/api/v1/caseworkers/${cw}/feed-url`)
      .set(bearer(f.caseworkers[0].token))
      .expect(200);
    const feed = await ctx.http().get(new URL(feedUrl.body.url).pathname).expect(200);
    expect(feed.text).toContain('BEGIN:VEVENT');
    expect(feed.text).not.toContain('701234567');
    expect(await personalLinkToken(ctx, c.id)).toBeTruthy();
  });

  it("the unit's phone and smsCountries: validated, stored in E.164, and the countries decide whose numbers are taken", async () => {
    const patch = (body: Record<string, unknown>) =>
      ctx.http().patch(`/api/v1/units/${f.unit.id}`).set(bearer(f.unit.adminToken)).send(body);
    const before = await ctx.http().get(`/api/v1/units/${f.unit.id}`).set(bearer(f.unit.adminToken)).expect(200);
    expect(before.body).toMatchObject({ smsCountries: ['SE'], phone: null });
    expect((await patch({ smsCountries: ['XX'] })).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect((await patch({ smsCountries: [] })).body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    const bad = await patch({ phone: 'call us' });
    expect(bad.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(bad.body.message).toContain('phone');
    // Any country for the unit's own number; without a prefix, the first smsCountry's.
    expect((await patch({ phone: '08-123 456 78' }).expect(200)).body.phone).toBe('+46812345678');
    expect((await patch({ phone: '+358 9 1234 5678' }).expect(200)).body.phone).toBe('+358912345678');
    await patch({ smsCountries: ['SE', 'FI'] }).expect(200);
    expect((await newClient('+358 40 123 4567')).body.phone).toBe('+358401234567');
    // The client pages' footer offers the unit's number to call; the staff sign-in page does not.
    const book = await ctx.http().get(`/book/${f.unit.slug}`).expect(200);
    expect(book.text).toContain('<a href="tel:+358912345678">+358 9 12345678</a>');
    const signIn = await ctx.http().get('/staff/sign-in').expect(200);
    expect(signIn.text).not.toContain('tel:');
    expect((await patch({ phone: null }).expect(200)).body.phone).toBeNull();
    expect((await ctx.http().get(`/book/${f.unit.slug}`).expect(200)).text).not.toContain('tel:');
  });
});
