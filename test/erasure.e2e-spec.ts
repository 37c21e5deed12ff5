import { randomBytes, randomInt } from 'node:crypto';
import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture } from './support/booking-fixture';
import { linksIn, ReceivedMail, SmtpSink } from './support/smtp-sink';
import { sleep } from './support/wait';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/** Every column of every table the app writes (pgboss included) that can hold text. */
const TEXT_COLUMNS = `
  SELECT table_schema, table_name, column_name FROM information_schema.columns
   WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_schema NOT LIKE 'pg_toast%'
     AND (data_type IN ('text', 'character varying', 'character', 'json', 'jsonb')
          OR (data_type = 'ARRAY' AND udt_name IN ('_text', '_varchar', '_json', '_jsonb')))`;

describe('erasure erases', () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let f: BookingFixture;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    ctx = await createTestContext({ SMTP_URL: sink.url, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1' });
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx);
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  /** Where a string occurs: `schema.table.column` for each column holding it (case-insensitive). */
  async function whereIs(needle: string): Promise<string[]> {
    const columns: Array<{ table_schema: string; table_name: string; column_name: string }> =
      await ctx.db.query(TEXT_COLUMNS);
    const hits: string[] = [];
    for (const c of columns) {
      const [row] = await ctx.db.query(
        `SELECT count(*)::int AS n FROM "${c.table_schema}"."${c.table_name}" WHERE "${c.column_name}"::text ILIKE '%' || $1 || '%'`,
        [needle],
      );
      if (row.n > 0) hits.push(`${c.table_schema}.${c.table_name}.${c.column_name}`);
    }
    return hits;
  }

  it('after DELETE /clients/:id no text or json column of any schema holds the name, email, phone or free text', async () => {
    const tag = randomBytes(4).toString('hex');
    const person = {
      name: `Quilla Brennvik${tag}`,
      email: `quilla.${tag}@example.org`,
      phone: `+46 70 ${randomInt(100, 999)} ${randomInt(10, 99)} ${randomInt(10, 99)}`,
      locale: 'en',
    };
    const words = {
      note: `note${tag}`,
      override: `override${tag}`,
      clientCancel: `clientcancel${tag}`,
      staffCancel: `staffcancel${tag}`,
    };
    const mailsTo = (n: number) =>
      sink.waitFor((m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(person.email), n);

    // Booked on the public page's API with an Idempotency-Key (and replayed), confirmed from the mail.
    const body = {
      meetingTypeId: f.intakeId,
      startsAt: '2027-03-02T09:00:00+01:00',
      mode: 'in_person',
      client: person,
    };
    const booked = await ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .set('Idempotency-Key', `key-${tag}`)
      .send(body)
      .expect(201);
    const replay = await ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .set('Idempotency-Key', `key-${tag}`)
      .send(body)
      .expect(201);
    expect(replay.body.id).toBe(booked.body.id);
    const [hold] = await mailsTo(1);
    await ctx
      .http()
      .post(
        `/api/v1/public/confirm/${linksIn(hold)
          .find((l) => l.includes('/confirm/'))!
          .split('/')
          .pop()}`,
      )
      .expect(200);
    const clientId = booked.body.clientId;
    const manage = linksIn((await mailsTo(2))[1])
      .find((l) => l.includes('/me/'))!
      .split('/')
      .pop()!;

    // A note of their own, a video meeting by override with a reason, cancellations with reasons.
    await ctx
      .http()
      .post(`/api/v1/me/${manage}/appointments/${booked.body.id}/notes`)
      .send({ text: `${words.note}: ${person.name} writes` })
      .expect(200);
    const video = await ctx
      .http()
      .post('/api/v1/appointments')
      .set(bearer(f.unit.adminToken))
      .set('Idempotency-Key', `staff-${tag}`)
      .send({
        caseworkerId: f.caseworkers[0].id,
        clientId,
        meetingTypeId: f.followUpId,
        startsAt: '2027-03-03T14:00:00+01:00',
        mode: 'video',
        firstMeetingOverrideReason: `${words.override}: ${person.name} lives far away`,
      })
      .expect(201);
    await ctx
      .http()
      .post(`/api/v1/me/${manage}/appointments/${video.body.id}/cancel`)
      .send({ reason: `${words.clientCancel}: ${person.name} is ill` })
      .expect(200);
    await ctx
      .http()
      .post(`/api/v1/appointments/${booked.body.id}/cancel`)
      .set(bearer(f.unit.adminToken))
      .send({ reason: `${words.staffCancel}: called ${person.name} on ${person.phone}` })
      .expect(200);

    // Every mail job is done (the video's confirmation was overtaken by its cancellation) and the mails went out.
    for (let pending = -1; pending !== 0; await sleep(200)) {
      [{ n: pending }] = await ctx.db.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notify' AND data->>'clientId' = $1 AND state <> 'completed' AND start_after <= now()`,
        [clientId],
      );
    }
    await expect(
      ctx.db.query(`SELECT count(*)::int AS n FROM pgboss.job WHERE data->>'clientId' = $1 AND state = 'completed'`, [
        clientId,
      ]),
    ).resolves.toEqual([{ n: 5 }]);
    await mailsTo(4);
    // Before the erasure the search finds them, so it would find a leftover.
    expect(await whereIs(person.email)).toEqual(expect.arrayContaining(['public.clients.email']));
    expect(await whereIs(words.note)).toEqual(['public.client_notes.text']);

    await ctx.http().delete(`/api/v1/clients/${clientId}`).set(bearer(f.unit.adminToken)).expect(204);

    const leftovers: Record<string, string[]> = {};
    for (const needle of [person.email, person.name, person.phone, ...Object.values(words)]) {
      const hits = await whereIs(needle);
      if (hits.length) leftovers[needle] = hits;
    }
    expect(leftovers).toEqual({});
    // The appointments stay, without a name, for statistics; the audit log keeps ids.
    await expect(
      ctx.db.query(`SELECT count(*)::int AS n FROM appointments WHERE client_id = $1`, [clientId]),
    ).resolves.toEqual([{ n: 2 }]);
    await expect(
      ctx.db.query(`SELECT count(*)::int AS n FROM idempotency_keys WHERE client_id = $1`, [clientId]),
    ).resolves.toEqual([{ n: 0 }]);
  });
});
