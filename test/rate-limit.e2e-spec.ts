import { AddressInfo, connect, createServer } from 'node:net';
import type { RateLimits } from '../src/web/http/rate-limit';
import { createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, person } from './support/booking-fixture';

// A day-long window: the count cannot roll over into a fresh window halfway through a test.
const DAY = 86_400_000;
const LIMITS: RateLimits = {
  pages: { limit: 20, windowMs: DAY },
  booking: { limit: 10, windowMs: DAY },
  api: { limit: 20, windowMs: DAY },
  sign_in: { limit: 10, windowMs: DAY },
  sign_in_email: { limit: 3, windowMs: DAY },
};

/** One request on a fresh socket, written by hand, so the request line is exactly what we say. */
function rawRequest(
  port: number,
  lines: string[],
  body = '',
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.setEncoding('utf8');
    // setEncoding makes the chunks strings; the listener type still says Buffer.
    socket.on('data', (d: string | Buffer) => (data += d.toString()));
    socket.on('error', reject);
    socket.on('end', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: rest.join('\r\n\r\n') });
    });
    // write, not end: a half-closed socket may be dropped before a slow answer is written. The server closes it (Connection: close).
    socket.write([...lines, `Content-Length: ${Buffer.byteLength(body)}`, 'Connection: close', '', body].join('\r\n'));
  });
}

let ipSeq = 1;
const freshIp = () => `198.51.100.${ipSeq++}`;

describe('rate limits cannot be stepped around', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let port: number;

  beforeAll(async () => {
    ctx = await createTestContext({}, { rateLimits: LIMITS });
    ctx.clock.set('2027-03-01T06:00:00.000Z');
    f = await bookingFixture(ctx);
    await ctx.app.listen(0, '127.0.0.1');
    port = (ctx.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => ctx.close());

  /** 30 booking calls from one address; the body is refused (400) by validation, but each call counts. */
  async function thirtyBookings(target: string, ip: string): Promise<number[]> {
    const body = JSON.stringify({ meetingTypeId: 'not-a-uuid' });
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await rawRequest(
        port,
        [`POST ${target} HTTP/1.1`, 'Host: samtal.test', `X-Forwarded-For: ${ip}`, 'Content-Type: application/json'],
        body,
      );
      statuses.push(res.status);
    }
    return statuses;
  }
  const expected = [...Array(10).fill(400), ...Array(20).fill(429)];

  it('a request line in absolute form is limited like the path form (30 requests → 429 after the 10th)', async () => {
    const path = `/api/v1/public/units/${f.unit.slug}/bookings`;
    await expect(thirtyBookings(path, freshIp())).resolves.toEqual(expected);
    await expect(thirtyBookings(`http://samtal.test${path}`, freshIp())).resolves.toEqual(expected);
    await expect(thirtyBookings(`http://elsewhere.example:8080${path}?x=1`, freshIp())).resolves.toEqual(expected);
  });

  it('the pages too: an absolute-form GET of the booking page is counted', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      statuses.push(
        (
          await rawRequest(port, [
            `GET http://samtal.test/book/${f.unit.slug} HTTP/1.1`,
            'Host: samtal.test',
            `X-Forwarded-For: ${ip}`,
          ])
        ).status,
      );
    }
    expect(statuses).toEqual([...Array(20).fill(200), ...Array(10).fill(429)]);
  });

  it('IPv6 clients are counted per /64: another address in the same /64 shares the count, another /64 does not', async () => {
    const path = `/api/v1/public/units/${f.unit.slug}/bookings`;
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) {
      const res = await rawRequest(
        port,
        [
          `POST ${path} HTTP/1.1`,
          'Host: samtal.test',
          `X-Forwarded-For: 2001:db8:1:2::${(i + 1).toString(16)}`,
          'Content-Type: application/json',
        ],
        '{}',
      );
      statuses.push(res.status);
    }
    expect(statuses).toEqual(expected);
    const other = await rawRequest(
      port,
      [
        `POST ${path} HTTP/1.1`,
        'Host: samtal.test',
        'X-Forwarded-For: 2001:db8:1:3::1',
        'Content-Type: application/json',
      ],
      '{}',
    );
    expect(other.status).toBe(400);
  });
});

describe('when the shared rate-limit store (Redis) fails', () => {
  let ctx: TestContext;
  let f: BookingFixture;
  let deadPort: number;

  beforeAll(async () => {
    // A port that refuses connections: what a crashed Redis looks like.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    deadPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    ctx = await createTestContext({ REDIS_URL: `redis://127.0.0.1:${deadPort}` }, { rateLimits: LIMITS });
    ctx.clock.set('2027-03-01T06:00:00.000Z');
    f = await bookingFixture(ctx);
  });
  afterAll(() => ctx.close());

  it('public bookings fail closed: 503 UNAVAILABLE with Retry-After, and nothing is held', async () => {
    const res = await ctx
      .http()
      .post(`/api/v1/public/units/${f.unit.slug}/bookings`)
      .send({ meetingTypeId: f.intakeId, startsAt: '2027-03-02T09:00:00+01:00', mode: 'in_person', client: person() });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE' });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    const page = await ctx
      .http()
      .post(`/book/${f.unit.slug}`)
      .set('Accept-Language', 'sv')
      .type('form')
      .send({ type: f.intakeId });
    expect(page.status).toBe(503);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(Number(page.headers['retry-after'])).toBeGreaterThan(0);
    expect(page.text).toContain('Försök igen om en minut');
    const held = await ctx.db.query(`SELECT 1 FROM appointments a JOIN units u ON u.id = a.unit_id WHERE u.slug = $1`, [
      f.unit.slug,
    ]);
    expect(held).toHaveLength(0);
  });

  it('everything else fails open: pages and the other public API still answer', async () => {
    await ctx.http().get(`/book/${f.unit.slug}`).expect(200);
    await ctx.http().get(`/api/v1/public/units/${f.unit.slug}`).expect(200);
  });
});
