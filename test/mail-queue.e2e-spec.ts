import { BookingFixture, bookingFixture, countRows, newClient, emailOf } from './support/booking-fixture';
import { bootInstance, createTestContext, TestContext } from './support/test-app';
import { ReceivedMail, SmtpSink } from './support/smtp-sink';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';
const MAILS = 12;
const CONCURRENCY = 3;

const to = (email: string) => (m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(email);

/**
 * The notify queue's throughput: MAIL_CONCURRENCY mails composed and sent at once, over a pool of as
 * many SMTP connections, and still each mail exactly once and each job completed on its own.
 */
describe('the mail queue', () => {
  let sink: SmtpSink;
  let ctx: TestContext;
  let f: BookingFixture;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
  });
  afterAll(() => sink.stop());
  afterEach(() => ctx?.close());

  it(`sends ${MAILS} queued mails ${CONCURRENCY} at a time (never more), each once, over at most ${CONCURRENCY} SMTP connections`, async () => {
    // Bookings first, with the workers off: the confirmations wait in the queue.
    ctx = await createTestContext({ SMTP_URL: sink.url });
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
    const starts = ['02', '03'].flatMap((day) =>
      ['08', '09', '10', '11', '13', '14', '15'].map((h) => `2027-03-${day}T${h}:00:00+01:00`),
    );
    const emails: string[] = [];
    for (let i = 0; i < MAILS; i++) {
      const c = await newClient(ctx, f, f.caseworkers[0].id);
      await ctx
        .http()
        .post(`/api/v1/me/${c.token}/appointments`)
        .send({ meetingTypeId: f.followUpId, startsAt: starts[i], mode: 'in_person' })
        .expect(201);
      emails.push(await emailOf(ctx, c.id));
    }
    const confirmations = `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'kind' = 'confirmed'`;
    await expect(countRows(ctx, `${confirmations} AND state = 'created'`)).resolves.toBe(MAILS);
    // Each mail takes 400 ms to be acknowledged: one at a time they would need about 5 s.
    sink.slow(400);
    const worker = await bootInstance(
      { ...ctx.config, JOBS_ENABLED: true, MAIL_CONCURRENCY: CONCURRENCY },
      ctx.database.url,
      ctx.clock,
    );
    try {
      for (const email of emails) await sink.waitFor(to(email), 1, 30_000);
      // The last acknowledgement, then the jobs' completion: wait until every job is done.
      for (let i = 0; i < 100 && (await countRows(ctx, `${confirmations} AND state = 'completed'`)) < MAILS; i++)
        await new Promise((r) => setTimeout(r, 100));
      await expect(countRows(ctx, `${confirmations} AND state = 'completed'`)).resolves.toBe(MAILS);
      expect(sink.maxInFlight).toBe(CONCURRENCY);
      for (const email of emails) expect(sink.mails.filter(to(email))).toHaveLength(1);
      // Pooled: the connections are reused, not one a mail.
      expect(sink.connections).toBeGreaterThan(0);
      expect(sink.connections).toBeLessThanOrEqual(CONCURRENCY);
    } finally {
      await worker.close();
    }
  });
});
