import { Client } from 'pg';
import request from 'supertest';
import { runMigrations } from '../src/database/data-source';
import { RunningPostgres, startEmbeddedPostgres, withDatabase } from '../src/database/embedded-postgres';
import { createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, person } from './support/booking-fixture';
import { sleep } from './support/wait';

/**
 * PostgreSQL stopped for six seconds under traffic, then started again. The spec owns its server
 * (an embedded PostgreSQL on a port of its own): stopping the shared one would break every other
 * spec running beside it.
 */
const PORT = Number(process.env.TEST_OUTAGE_PG_PORT ?? 54341);
const DATA_DIR = './var/outage-postgres';
const OUTAGE_MS = 6_000;
const PAUSE_MS = 150;
// A throwaway cluster: durability buys nothing here and costs seconds.
const FLAGS = ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];

interface Answer {
  /** When the request was sent, and when its answer came. */
  sent: number;
  at: number;
  status: number;
  code?: string;
  retryAfter?: string;
  id?: string;
  text?: string;
}

describe('a database outage is a 503, not a 500', () => {
  let pg: RunningPostgres;
  let adminUrl: string;
  let ctx: TestContext;
  let f: BookingFixture;
  const dbName = `samtal_outage_${process.pid}`;

  beforeAll(async () => {
    pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, serverFlags: FLAGS });
    adminUrl = pg.url;
    await admin((c) =>
      c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).then(() => c.query(`CREATE DATABASE ${dbName}`)),
    );
    const url = withDatabase(adminUrl, dbName);
    await runMigrations(url);
    ctx = await createTestContext(
      {},
      {
        database: {
          url,
          drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).then(() => undefined),
        },
      },
    );
    ctx.clock.set('2027-03-01T06:00:00.000Z');
    // Confirmed at once: the test is about the outage, not about holds and their limits.
    f = await bookingFixture(ctx, { settings: { selfBookingConfirmation: 'none' } });
  }, 120_000);
  afterAll(async () => {
    await ctx?.close();
    await pg?.stop();
  }, 60_000);

  async function admin<T>(fn: (c: Client) => Promise<T>): Promise<T> {
    const c = new Client({ connectionString: adminUrl });
    await c.connect();
    try {
      return await fn(c);
    } finally {
      await c.end();
    }
  }

  it('answers 503 UNAVAILABLE with Retry-After (and a calm page) while it is down, is ready again after, and a retried booking books once', async () => {
    const server = ctx.app.getHttpServer();
    let running = true;
    let down = false;

    // Eight clients, each with one time of its own and one Idempotency-Key, sending the same booking
    // over and over: before the stop (some), during and after it (all). Each must end up booked once.
    const slots = ['2027-03-02', '2027-03-03', '2027-03-04', '2027-03-05'].flatMap((d) => [
      `${d}T09:00:00+01:00`,
      `${d}T14:00:00+01:00`,
    ]);
    const answers: Answer[][] = slots.map(() => []);
    const booker = async (i: number) => {
      const body = { meetingTypeId: f.intakeId, startsAt: slots[i], mode: 'in_person', client: person(`Client ${i}`) };
      while (running) {
        const sent = Date.now();
        const res = await request(server)
          .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
          .set('Idempotency-Key', `outage-${process.pid}-${i}`)
          .set('X-Forwarded-For', `192.0.2.${i + 1}`)
          .send(body);
        answers[i].push({
          sent,
          at: Date.now(),
          status: res.status,
          code: res.body.code,
          retryAfter: res.headers['retry-after'],
          id: res.body.id,
        });
        await sleep(PAUSE_MS);
      }
    };
    const pages: Answer[] = [];
    const pageReader = async () => {
      while (running) {
        const sent = Date.now();
        const res = await request(server).get(`/book/${f.unit.slug}`).set('Accept-Language', 'de');
        pages.push({
          sent,
          at: Date.now(),
          status: res.status,
          retryAfter: res.headers['retry-after'],
          text: res.text,
        });
        await sleep(PAUSE_MS);
      }
    };
    const ready: Answer[] = [];
    const readiness = async () => {
      while (running) {
        const sent = Date.now();
        const res = await request(server).get('/health/ready');
        ready.push({
          sent,
          at: Date.now(),
          status: res.status,
          code: res.body.code,
          retryAfter: res.headers['retry-after'],
        });
        await sleep(PAUSE_MS);
      }
    };

    const early = [0, 1, 2, 3];
    const late = [4, 5, 6, 7];
    const loops = [pageReader(), readiness(), ...early.map(booker)];
    const until = async (what: string, done: () => boolean, ms: number) => {
      const end = Date.now() + ms;
      while (!done()) {
        if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
        await sleep(50);
      }
    };
    try {
      await until('the early bookings', () => early.every((i) => answers[i].some((a) => a.status === 201)), 20_000);

      down = true;
      await pg.stop();
      // After the stop has finished: a request in flight while PostgreSQL shut down may still have
      // been answered from it (a replay's stored 201), which says nothing about the outage.
      const stoppedAt = Date.now();
      loops.push(...late.map(booker));
      await sleep(OUTAGE_MS);
      const startedAt = Date.now();
      pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, serverFlags: FLAGS });
      down = false;
      const upAt = Date.now();

      await until(
        'every client booked after the restart',
        () => answers.every((list) => list.some((a) => a.at > upAt && a.status === 201)),
        30_000,
      );
      await until('ready again', () => ready.some((a) => a.at > upAt && a.status === 200), 30_000);
      running = false;
      await Promise.all(loops);

      const during = (list: Answer[]) => list.filter((a) => a.sent > stoppedAt && a.at < startedAt);
      const all = answers.flat();
      // Never a 500: every answer is the booking (201) or "unavailable, retry" (503).
      expect([...new Set(all.map((a) => a.status))].sort()).toEqual([201, 503]);
      expect(during(all).length).toBeGreaterThan(20);
      for (const a of all.filter((x) => x.status === 503)) {
        expect(a.code).toBe('UNAVAILABLE');
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
      }
      expect(during(all).every((a) => a.status === 503)).toBe(true);

      // Retries with the same key booked once: one id per client, one appointment per time, nothing lost.
      for (const list of answers) expect(new Set(list.filter((a) => a.status === 201).map((a) => a.id)).size).toBe(1);
      const rows: Array<{ starts_at: Date; n: number }> = await ctx.db.query(
        `SELECT starts_at, count(*)::int AS n FROM appointments WHERE unit_id = $1 GROUP BY starts_at ORDER BY starts_at`,
        [f.unit.id],
      );
      expect(rows.map((r) => [r.starts_at.toISOString(), r.n])).toEqual(
        slots.map((s) => [new Date(s).toISOString(), 1]),
      );
      expect(answers.map((list) => list.find((a) => a.status === 201)!.id).sort()).toEqual(
        (await ctx.db.query(`SELECT id FROM appointments WHERE unit_id = $1`, [f.unit.id]))
          .map((r: { id: string }) => r.id)
          .sort(),
      );

      // The booking page: the calm page in the visitor's language while down, the page again after.
      expect([...new Set(pages.map((p) => p.status))].sort()).toEqual([200, 503]);
      const calm = pages.filter((p) => p.status === 503);
      expect(calm.length).toBeGreaterThan(5);
      for (const p of calm) {
        expect(Number(p.retryAfter)).toBeGreaterThan(0);
        expect(p.text).toContain('Bitte versuchen Sie es in einer Minute noch einmal');
        expect(p.text).not.toMatch(/Etwas ist schiefgegangen|QueryFailed|ECONNREFUSED|57P0/);
      }
      expect(pages.filter((p) => p.at > upAt).some((p) => p.status === 200)).toBe(true);

      // Readiness says so too, and recovers by itself.
      expect(during(ready).length).toBeGreaterThan(5);
      expect(during(ready).every((a) => a.status === 503 && a.code === 'UNAVAILABLE' && Number(a.retryAfter) > 0)).toBe(
        true,
      );
      const firstReady = ready.find((a) => a.at > upAt && a.status === 200)!;
      process.stdout.write(
        `database outage: ${during(all).length} bookings answered 503 while down; ready ${firstReady.at - upAt} ms after PostgreSQL was up (${upAt - startedAt} ms to start it)\n`,
      );
    } finally {
      running = false;
      await Promise.allSettled(loops);
      // A failure halfway must still leave a server for afterAll to clean up on.
      if (down) pg = await startEmbeddedPostgres({ dataDir: DATA_DIR, port: PORT, serverFlags: FLAGS });
    }
  }, 120_000);
});
