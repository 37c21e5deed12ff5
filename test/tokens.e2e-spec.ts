import { RetentionWorker } from '../src/clients/retention.worker';
import { CapabilityTokensService } from '../src/common/capability-tokens.service';
import {
  BookingFixture,
  bookingFixture,
  countRows,
  newClient,
  videoFollowUp,
  staffBooks,
} from './support/booking-fixture';
import { mailedLinks } from './support/mailbox';
import { createTestContext, TestContext } from './support/test-app';

const DAY = 86_400_000;

describe('capability tokens are pruned, and a join link is reused', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  const idOf = async (token: string): Promise<string> =>
    (
      await ctx.db.query(`SELECT id FROM capability_tokens WHERE token_hash = sha256(convert_to($1, 'UTF8'))`, [token])
    )[0].id;
  const book = (clientId: string, startsAt: string) =>
    staffBooks(ctx, f, { caseworkerId: f.caseworkers[0].id, clientId, startsAt });

  it('the daily run deletes expired and revoked tokens and join tokens of meetings ended over 30 days ago, and keeps live ones', async () => {
    const tokens = ctx.app.get(CapabilityTokensService);
    ctx.clock.set('2027-01-04T07:00:00.000Z');
    f = await bookingFixture(ctx);
    const c = await newClient(ctx, f, f.caseworkers[0].id);
    const past = await book(c.id, '2027-01-05T09:00:00+01:00');
    ctx.clock.set('2027-02-15T07:00:00.000Z'); // 41 days after `past` ended
    const future = await book(c.id, '2027-02-16T09:00:00+01:00');
    const now = ctx.clock.now().getTime();

    const dead = {
      expired: await tokens.issue('personal_link', { clientId: c.id }, new Date(now - DAY)),
      revoked: await tokens.issue('confirm', { appointmentId: future.id, clientId: c.id }, new Date(now + 7 * DAY)),
      // Unexpired by its own date, but its meeting is long over.
      oldMeetingJoin: await tokens.issue('join', { appointmentId: past.id, clientId: c.id }, new Date(now + 300 * DAY)),
    };
    await tokens.revokeAll('confirm', { appointmentId: future.id });
    const live = {
      personalLink: c.token,
      join: await tokens.issue(
        'join',
        { appointmentId: future.id, clientId: c.id },
        new Date(Date.parse(future.endsAt) + 30 * DAY),
      ),
      endingSoon: await tokens.issue('personal_link', { clientId: c.id }, new Date(now + 60_000)),
    };
    // Issued long ago, still for a meeting to come: age alone does not prune it.
    await ctx.db.query(`UPDATE capability_tokens SET created_at = now() - interval '40 days' WHERE id = $1`, [
      await idOf(live.join),
    ]);
    const deadIds = await Promise.all(Object.values(dead).map(idOf));
    const liveIds = await Promise.all(Object.values(live).map(idOf));

    await ctx.app.get(RetentionWorker).run();

    await expect(countRows(ctx, `SELECT 1 FROM capability_tokens WHERE id = ANY($1)`, [deadIds])).resolves.toBe(0);
    await expect(countRows(ctx, `SELECT 1 FROM capability_tokens WHERE id = ANY($1)`, [liveIds])).resolves.toBe(
      liveIds.length,
    );
    await expect(tokens.prune(ctx.clock.now())).resolves.toBe(0);
    // The kept ones still open what they opened.
    await ctx.http().get(`/api/v1/me/${c.token}`).expect(200);
  });

  it('the client page and every mail give the same join link: opening it twice adds no token row', async () => {
    ctx.clock.set('2027-03-01T06:00:00.000Z');
    f = await bookingFixture(ctx);
    const m = await videoFollowUp(ctx, f, '2027-03-08T13:00:00+01:00');
    const joinRows = () =>
      countRows(ctx, `SELECT 1 FROM capability_tokens WHERE purpose = 'join' AND appointment_id = $1`, [m.id]);
    await expect(joinRows()).resolves.toBe(1);

    const open = async () => {
      const res = await ctx.http().get(`/me/${m.client.token}/appointments/${m.id}/join`);
      expect(res.status).toBeGreaterThanOrEqual(300);
      expect(res.status).toBeLessThan(400);
      return res.headers.location;
    };
    const first = await open();
    const second = await open();
    expect(first).toBe(new URL(m.joinUrl).pathname);
    expect(second).toBe(first);
    await ctx.http().get(first).expect(200);
    await ctx.http().get(first).expect(200);
    // A later mail of the same meeting (here the confirmation composed again) carries it too.
    expect((await mailedLinks(ctx, m.id, 'confirmed')).join).toBe(m.joinUrl);
    await expect(joinRows()).resolves.toBe(1);
  });

  it('a meeting moved later gets a join link that lasts for it; a cancelled one gets none back', async () => {
    ctx.clock.set('2027-03-01T06:00:00.000Z');
    f = await bookingFixture(ctx);
    const m = await videoFollowUp(ctx, f, '2027-03-08T13:00:00+01:00');
    await ctx
      .http()
      .post(`/api/v1/me/${m.client.token}/appointments/${m.id}/reschedule`)
      .send({ startsAt: '2027-04-12T13:00:00+02:00' })
      .expect(200);
    const { join } = await mailedLinks(ctx, m.id, 'rescheduled');
    expect(join).not.toBe(m.joinUrl);
    const [row] = await ctx.db.query(`SELECT expires_at FROM capability_tokens WHERE id = $1`, [
      await idOf(join.split('/').pop()!),
    ]);
    expect(row.expires_at.getTime()).toBeGreaterThanOrEqual(Date.parse('2027-04-12T11:45:00.000Z') + 30 * DAY);

    await ctx.http().post(`/api/v1/me/${m.client.token}/appointments/${m.id}/cancel`).send({}).expect(200);
    await ctx.http().get(`/me/${m.client.token}/appointments/${m.id}/join`).expect(404);
    await ctx.http().get(new URL(join).pathname).expect(404);
  });
});
