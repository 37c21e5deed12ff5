import { randomUUID } from 'node:crypto';
import type { ClientNotifyJob } from '../src/jobs/job-contracts';
import { NotificationComposer } from '../src/notifications/notification-composer';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, newClient, emailOf } from './support/booking-fixture';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/**
 * What a queued notification becomes when it is composed: a mail from the rows as they are now, or
 * the reason it is not sent. The rows are read in one statement when they are all there and one
 * by one when one is missing; both ways must give the same answers.
 */
describe('composing a notification', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let composer: NotificationComposer;
  let seq = 0;

  beforeAll(async () => {
    ctx = await createTestContext();
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
    composer = ctx.app.get(NotificationComposer);
  });
  afterAll(() => ctx.close());

  /** A staff booking and its queued confirmation job. */
  async function booked(): Promise<{ appointmentId: string; clientId: string; job: ClientNotifyJob }> {
    const client = await newClient(ctx, f);
    // Inside the fixture's working hours: 09, 10 and 11 o'clock on Tuesday to Friday.
    const day = String(2 + Math.floor(seq / 3)).padStart(2, '0');
    const hour = String(9 + (seq++ % 3)).padStart(2, '0');
    const res = await ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(f.unit.adminToken))
      .send({
        caseworkerId: f.caseworkers[0].id,
        clientId: client.id,
        meetingTypeId: f.followUpId,
        startsAt: `2027-03-${day}T${hour}:00:00+01:00`,
        mode: 'in_person',
      })
      .expect(201);
    const appointmentId = (res.body as { id: string }).id;
    const [{ data }] = await ctx.db.query<Array<{ data: ClientNotifyJob }>>(
      `SELECT data FROM pgboss.job WHERE name = 'notify' AND data->>'appointmentId' = $1 AND data->>'kind' = 'confirmed'`,
      [appointmentId],
    );
    return { appointmentId, clientId: client.id, job: data };
  }

  const compose = (job: ClientNotifyJob) => composer.compose(job, randomUUID());
  const erase = (clientId: string) =>
    ctx.db.query(`UPDATE clients SET email = NULL, name = NULL, erased_at = now() WHERE id = $1`, [clientId]);

  it('a confirmation: to the client, with the meeting type, the manage link and the invite', async () => {
    const { clientId, job } = await booked();
    const [type] = await ctx.db.query<Array<{ public_label: string }>>(
      `SELECT public_label FROM meeting_types WHERE id = $1`,
      [f.followUpId],
    );

    const mail = await compose(job);

    if (typeof mail === 'string') throw new Error(`not sent: ${mail}`);
    expect(mail.to).toBe(await emailOf(ctx, clientId));
    expect(mail.text).toContain(type.public_label);
    expect(mail.links?.manage).toBeDefined();
    expect(mail.text).toContain(mail.links!.manage);
    expect(mail.invite?.method).toBe('REQUEST');
  });

  it('a reassignment names whoever has the meeting now', async () => {
    const { job } = await booked();
    const [cw] = await ctx.db.query<Array<{ name: string }>>(`SELECT name FROM caseworkers WHERE id = $1`, [
      f.caseworkers[0].id,
    ]);

    const mail = await compose({ ...job, kind: 'reassigned' });

    if (typeof mail === 'string') throw new Error(`not sent: ${mail}`);
    expect(mail.text).toContain(cw.name);
  });

  it('is superseded by a later change, and a reminder of a cancelled appointment is not_confirmed', async () => {
    const { appointmentId, job } = await booked();
    expect(await compose({ ...job, sequence: -1 })).toBe('superseded');

    await ctx.db.query(`UPDATE appointments SET status = 'cancelled' WHERE id = $1`, [appointmentId]);
    expect(await compose({ ...job, kind: 'reminder' })).toBe('not_confirmed');
  });

  it('is erased for an erased client, whether or not the appointment is still there', async () => {
    const { clientId, job } = await booked();
    await erase(clientId);

    expect(await compose(job)).toBe('erased');
    expect(await compose({ ...job, appointmentId: randomUUID() })).toBe('erased');
  });

  it('is gone when the appointment or the client is not there', async () => {
    const { job } = await booked();

    expect(await compose({ ...job, appointmentId: randomUUID() })).toBe('gone');
    expect(await compose({ ...job, clientId: randomUUID() })).toBe('gone');
    expect(await compose({ ...job, kind: 'personal_link', appointmentId: undefined, clientId: randomUUID() })).toBe(
      'gone',
    );
  });

  it('a personal link goes out without its appointment', async () => {
    const { job } = await booked();

    for (const appointmentId of [undefined, job.appointmentId, randomUUID()]) {
      const mail = await compose({ ...job, kind: 'personal_link', appointmentId });
      if (typeof mail === 'string') throw new Error(`not sent (appointment ${appointmentId}): ${mail}`);
      expect(mail.text).toContain(mail.links!.manage);
    }
  });
});
