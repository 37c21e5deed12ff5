import request from 'supertest';
import { bootInstance, createTestContext, TestContext } from './support/test-app';
import { bookingFixture, publicBooks } from './support/booking-fixture';

/**
 * Needs a Redis server: CI runs this project (`jest --selectProjects redis`) when one answers on
 * 127.0.0.1:6379; `npm test` does not, so it still passes on a machine without Redis.
 */
const REDIS_URL = process.env.TEST_REDIS_URL;
if (!REDIS_URL) throw new Error('Set TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run the Redis specs.');

const LIMITS = {
  pages: { limit: 1000, windowMs: 60_000 },
  booking: { limit: 3, windowMs: 600_000 },
  api: { limit: 1000, windowMs: 60_000 },
  sign_in: { limit: 1000, windowMs: 60_000 },
  sign_in_email: { limit: 1000, windowMs: 60_000 },
};

describe('rate limits shared through Redis by several instances', () => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext({ REDIS_URL }, { rateLimits: LIMITS });
    ctx.clock.set('2027-03-01T06:00:00.000Z');
  });
  afterAll(() => ctx.close());

  it('counts bookings from one address across two instances into one window', async () => {
    const f = await bookingFixture(ctx);
    const second = await bootInstance(ctx.config, ctx.database.url, ctx.clock, LIMITS);
    try {
      // A fresh address per run (behind the loopback proxy that the app trusts), so earlier runs' counts do not matter.
      const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
      const servers = [ctx.app.getHttpServer(), second.getHttpServer()];
      const book = (i: number) =>
        publicBooks(request(servers[i % 2]), f, { startsAt: `2027-03-0${2 + i}T09:00:00+01:00`, ip });
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) statuses.push((await book(i)).status);
      // Three allowed in all, alternating instances; the fourth is refused though its instance saw only two.
      expect(statuses).toEqual([201, 201, 201, 429]);
      const refused = await book(5);
      expect(refused.body).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await second.close();
    }
  });

  it('an IPv6 client counts per /64 in the shared window, whichever address of it and whichever instance', async () => {
    const f = await bookingFixture(ctx);
    const second = await bootInstance(ctx.config, ctx.database.url, ctx.clock, LIMITS);
    try {
      const prefix = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:${Math.floor(Math.random() * 0xffff).toString(16)}`;
      const servers = [ctx.app.getHttpServer(), second.getHttpServer()];
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await request(servers[i % 2])
          .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
          .set('X-Forwarded-For', `${prefix}::${i + 1}`)
          .send({});
        statuses.push(res.status);
      }
      expect(statuses).toEqual([400, 400, 400, 429]);
    } finally {
      await second.close();
    }
  });
});
