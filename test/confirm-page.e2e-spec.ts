import request from 'supertest';
import { createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, countRows, person } from './support/booking-fixture';
import { mailedLinks } from './support/mailbox';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/**
 * The confirm link in the hold mail, as a mail security scanner and as a person meet it. Scanners
 * (Safe Links, Proofpoint) open every link in a mail, with no cookies: that must change nothing.
 */
describe('the confirm link: GET shows, the button confirms', () => {
  let ctx: TestContext;
  let f: BookingFixture;

  beforeAll(async () => {
    ctx = await createTestContext();
    f = await bookingFixture(ctx, { settings: { holdMinutes: 30 } });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(() => ctx.close());

  async function hold(startsAt: string): Promise<{ id: string; path: string }> {
    const res = await ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({
        meetingTypeId: f.intakeId,
        startsAt,
        mode: 'in_person',
        client: { ...person('Greta Holm'), locale: 'en' },
      })
      .expect(201);
    expect(res.body.status).toBe('held');
    return { id: res.body.id, path: new URL((await mailedLinks(ctx, res.body.id, 'hold')).confirm).pathname };
  }
  const statusOf = async (id: string) =>
    (await ctx.db.query(`SELECT status FROM appointments WHERE id = $1`, [id]))[0].status as string;
  const confirmations = (id: string) =>
    countRows(ctx, `SELECT 1 FROM audit_events WHERE appointment_id = $1 AND action = 'appointment.confirmed'`, [id]);
  const confirmedMails = (id: string) =>
    countRows(
      ctx,
      `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = 'confirmed'`,
      [id],
    );

  /** What a browser does: GET the page, keep its cookie, post the form with the token from it. */
  async function openForm(
    path: string,
  ): Promise<{ agent: ReturnType<typeof request.agent>; csrf: string; html: string }> {
    const agent = request.agent(ctx.app.getHttpServer());
    const page = await agent.get(path).expect(200);
    const form = new RegExp(
      `<form method="post" action="${path}"[^>]*>\\s*<input type="hidden" name="_csrf" value="([^"]+)">`,
    ).exec(page.text);
    expect(form).not.toBeNull();
    return { agent, csrf: form![1], html: page.text };
  }

  it('a GET (as a link scanner makes it, again and again) shows the held booking and a Confirm button, and leaves it held', async () => {
    const a = await hold('2027-03-02T09:00:00+01:00');
    for (let i = 0; i < 3; i++) {
      const res = await ctx.http().get(a.path).expect(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.text).toContain('<h1>Confirm your booking</h1>');
      expect(res.text).toContain('held for you until 07:30');
      expect(res.text).toContain('Tuesday, 2 March 2027, 09:00–10:00');
      expect(res.text).toMatch(
        new RegExp(
          `<form method="post" action="${a.path}"[\\s\\S]*<button type="submit" class="button">Confirm</button>`,
        ),
      );
    }
    await ctx.http().head(a.path).expect(200);
    expect(await statusOf(a.id)).toBe('held');
    await expect(confirmations(a.id)).resolves.toBe(0);
    await expect(confirmedMails(a.id)).resolves.toBe(0);
  });

  it('pressing the button confirms once and redirects to the booked page; opening the link again shows it booked', async () => {
    const a = await hold('2027-03-02T10:00:00+01:00');
    const { agent, csrf } = await openForm(a.path);
    const posted = await agent.post(a.path).type('form').send({ _csrf: csrf }).expect(303);
    expect(posted.headers.location).toBe(`${a.path}?done=confirmed`);
    expect(await statusOf(a.id)).toBe('confirmed');
    const done = await agent.get(posted.headers.location).expect(200);
    expect(done.text).toContain('<h1>Your meeting is booked</h1>');
    expect(done.text).toMatch(/role="status"><p>Thank you/);
    const again = await ctx.http().get(a.path).expect(200);
    expect(again.text).toContain('<h1>Your meeting is booked</h1>');
    expect(again.text).not.toContain('role="status"');
    expect(again.text).not.toContain('<form method="post"');
    // Pressing it again (a second tab, a double click) changes nothing more.
    await agent.post(a.path).type('form').send({ _csrf: csrf }).expect(303).expect('Location', a.path);
    await expect(confirmations(a.id)).resolves.toBe(1);
    await expect(confirmedMails(a.id)).resolves.toBe(1);
  });

  it('a POST without the page’s CSRF token is refused and confirms nothing', async () => {
    const a = await hold('2027-03-02T11:00:00+01:00');
    const bare = await ctx.http().post(a.path).type('form').send({}).expect(403);
    expect(bare.text).toContain('The form has expired');
    expect(bare.text).toContain(`href="${a.path}"`);
    // The page’s token without the page’s cookie (posted from another browser) does not fit either.
    const { csrf } = await openForm(a.path);
    await ctx.http().post(a.path).type('form').send({ _csrf: csrf }).expect(403);
    expect(await statusOf(a.id)).toBe('held');
    await expect(confirmations(a.id)).resolves.toBe(0);
  });

  it('an expired hold: the GET and the button both say the time was released, and nothing is confirmed', async () => {
    const a = await hold('2027-03-03T09:00:00+01:00');
    const { agent, csrf } = await openForm(a.path);
    ctx.clock.set('2027-03-01T06:31:00.000Z');
    const shown = await ctx.http().get(a.path).expect(410);
    expect(shown.text).toContain('The time was released');
    const pressed = await agent.post(a.path).type('form').send({ _csrf: csrf }).expect(410);
    expect(pressed.text).toContain('The time was released');
    expect(pressed.text).toContain(`href="/book/${f.unit.slug}"`);
    expect(await statusOf(a.id)).not.toBe('confirmed');
    await expect(confirmations(a.id)).resolves.toBe(0);
  });

  it('an unknown token is the plain 404 page on GET and on POST', async () => {
    const path = `/confirm/${'x'.repeat(43)}`;
    await ctx.http().get(path).expect(404);
    await ctx.http().post(path).type('form').send({ _csrf: 'y' }).expect(404);
  });
});
