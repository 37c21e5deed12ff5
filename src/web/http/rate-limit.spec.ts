import { MemoryRateLimitStore, RateLimiter, RateLimitStore, rateGroup } from './rate-limit';

describe('rateGroup', () => {
  it.each([
    ['POST', '/book/demo', 'booking'],
    ['POST', '/api/v1/public/units/demo/bookings', 'booking'],
    ['POST', '/API/v1/public/units/demo/bookings/', 'booking'],
    ['GET', '/book/demo?type=1', 'pages'],
    ['GET', '/confirm/abc', 'pages'],
    ['POST', '/confirm/abc', 'pages'],
    ['POST', '/me/abc/appointments/1/cancel', 'pages'],
    ['GET', '/join/abc', 'pages'],
    ['GET', '/api/v1/public/units/demo/slots', 'api'],
    ['GET', '/api/v1/me/abc', 'api'],
    ['POST', '/api/v1/join/abc', 'api'],
    ['GET', '/staff/oidc/login', 'pages'],
    ['GET', '/staff/oidc/callback?code=x&state=y', 'pages'],
    ['GET', '/staff/sign-in', 'pages'],
    ['GET', '/staff/sign-in/', 'pages'],
    ['GET', '/staff/sign-in/abc', 'pages'],
    ['POST', '/staff/sign-in/email', 'sign_in'],
    ['POST', '/Staff/Sign-In/abc/', 'sign_in'],
  ])('%s %s → %s', (method, path, group) => {
    expect(rateGroup(method, path)).toBe(group);
  });

  it.each([
    ['GET', '/api/v1/whoami'],
    ['GET', '/assets/samtal.css'],
    ['GET', '/health/live'],
    ['GET', '/me'],
    ['GET', '/book/demo/extra'],
    ['GET', '/staff'],
    ['POST', '/staff/sign-in/abc/extra'],
  ])('%s %s is not limited here', (method, path) => {
    expect(rateGroup(method, path)).toBeNull();
  });
});

describe('RateLimiter over the memory store', () => {
  const limits = () => ({
    pages: { limit: 3, windowMs: 60_000 },
    booking: { limit: 1, windowMs: 600_000 },
    api: { limit: 2, windowMs: 60_000 },
    sign_in: { limit: 2, windowMs: 600_000 },
    sign_in_email: { limit: 1, windowMs: 900_000 },
  });
  const t0 = Date.parse('2027-03-01T10:00:10Z');

  it('allows the limit, refuses the next with the seconds left in the window, and resets at the window end', async () => {
    const rl = new RateLimiter(limits(), new MemoryRateLimitStore());
    for (let i = 0; i < 3; i++)
      await expect(rl.check('pages', '203.0.113.1', t0)).resolves.toMatchObject({ allowed: true });
    await expect(rl.check('pages', '203.0.113.1', t0)).resolves.toEqual({ allowed: false, retryAfterSeconds: 50 });
    await expect(rl.check('pages', '203.0.113.1', t0 + 49_999)).resolves.toMatchObject({
      allowed: false,
      retryAfterSeconds: 1,
    });
    await expect(rl.check('pages', '203.0.113.1', t0 + 50_000)).resolves.toMatchObject({ allowed: true });
  });

  it('counts each IP and each group apart', async () => {
    const rl = new RateLimiter(limits(), new MemoryRateLimitStore());
    await rl.check('booking', 'a', t0);
    await expect(rl.check('booking', 'a', t0)).resolves.toMatchObject({ allowed: false });
    await expect(rl.check('booking', 'b', t0)).resolves.toMatchObject({ allowed: true });
    await expect(rl.check('pages', 'a', t0)).resolves.toMatchObject({ allowed: true });
  });

  describe('when the store fails', () => {
    const broken: RateLimitStore = { hit: () => Promise.reject(new Error('connection refused')) };

    it('refuses bookings as unavailable (fail closed): unlimited holds could empty a calendar', async () => {
      const rl = new RateLimiter(limits(), broken);
      await expect(rl.check('booking', 'a', t0)).resolves.toEqual({
        allowed: false,
        unavailable: true,
        retryAfterSeconds: 30,
      });
    });

    it.each(['pages', 'api'] as const)(
      'lets %s through (fail open), rather than taking the service down with Redis',
      async (group) => {
        const rl = new RateLimiter(limits(), broken);
        await expect(rl.check(group, 'a', t0)).resolves.toEqual({ allowed: true, retryAfterSeconds: 0 });
      },
    );

    it('counts again once the store answers', async () => {
      let down = true;
      const memory = new MemoryRateLimitStore();
      const flaky: RateLimitStore = {
        hit: (...args) => (down ? Promise.reject(new Error('ECONNREFUSED')) : memory.hit(...args)),
      };
      const rl = new RateLimiter(limits(), flaky);
      await expect(rl.check('booking', 'a', t0)).resolves.toMatchObject({ allowed: false, unavailable: true });
      down = false;
      await expect(rl.check('booking', 'a', t0)).resolves.toMatchObject({ allowed: true });
      await expect(rl.check('booking', 'a', t0)).resolves.toEqual({ allowed: false, retryAfterSeconds: 590 });
    });
  });
});

describe('MemoryRateLimitStore forgets ended windows with time, not only above its size cap', () => {
  const t0 = Date.parse('2027-03-01T10:00:10Z'); // the minute's windows end at 10:01:00

  it('on the first hit a sweep interval after the last sweep', async () => {
    const store = new MemoryRateLimitStore(60_000);
    for (let i = 0; i < 1000; i++) await store.hit(`pages:198.51.100.${i}`, 60_000, t0);
    await store.hit('booking:a', 600_000, t0);
    await store.hit('pages:203.0.113.1', 60_000, t0 + 30_000);
    expect(store.size).toBe(1002);
    // A minute on, every ended window is gone; the booking's ten minutes are not over.
    await expect(store.hit('pages:203.0.113.2', 60_000, t0 + 60_000)).resolves.toEqual({
      count: 1,
      resetAt: Date.parse('2027-03-01T10:02:00Z'),
    });
    expect(store.size).toBe(2);
    await expect(store.hit('booking:a', 600_000, t0 + 60_000)).resolves.toMatchObject({ count: 2 });
    await store.close();
  });

  it('while no request comes, by its timer', async () => {
    jest.useFakeTimers({ now: t0 });
    const store = new MemoryRateLimitStore(60_000);
    try {
      for (let i = 0; i < 100; i++) await store.hit(`api:198.51.100.${i}`, 60_000, Date.now());
      expect(store.size).toBe(100);
      jest.advanceTimersByTime(60_000);
      expect(store.size).toBe(0);
    } finally {
      await store.close();
      jest.useRealTimers();
    }
  });
});
