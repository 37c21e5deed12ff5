import { randomUUID } from 'node:crypto';
import { BookingFixture, bookingFixture } from './support/booking-fixture';
import { pageRoutes } from './support/page-routes';
import { staffSession } from './support/staff-pages';
import { createTestContext, TestContext } from './support/test-app';

/**
 * PageFormGuard on the running app: every page POST the router knows (test/support/page-routes.ts),
 * posted without its form token, changes nothing. A signed-in admin posts the staff forms (a
 * caseworker would get the 403 page on admin routes first), a visitor the public ones. The answer is
 * the form-expired page (403), or the 404 page where the address names nothing (a made-up link or id).
 */
describe('page forms without their token are refused, every one of them', () => {
  let ctx: TestContext;
  let f: BookingFixture;

  beforeAll(async () => {
    ctx = await createTestContext();
    f = await bookingFixture(ctx);
  });
  afterAll(() => ctx.close());

  it('answers 403 (the form has expired) or 404, never acting, on all 51 page POSTs', async () => {
    const admin = await staffSession(ctx, f.unit.adminId);
    const posts = pageRoutes().filter((r) => r.route.startsWith('POST '));
    expect(posts).toHaveLength(51);
    const answers: Record<string, number> = {};
    for (const { route } of posts) {
      const path = route
        .slice('POST '.length)
        .replace(':slug', f.unit.slug)
        .replace(':token', 'x'.repeat(43))
        .replace(':id', f.caseworkers[0].id)
        .replace(/:\w+/g, () => randomUUID());
      const staff = path.startsWith('/staff/');
      const cookie = staff ? `${admin.cookie}; lang=en` : 'lang=en';
      const res = await ctx
        .http()
        .post(path)
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: 'forged', role: 'admin' });
      answers[route] = res.status;
      if (res.status === 403) expect({ route, text: res.text }).toMatchObject({ text: /The form has expired/ });
    }
    expect(Object.entries(answers).filter(([, status]) => status !== 403 && status !== 404)).toEqual([]);
    // Where the address is real, it is the form-expired page, not a 404 that might hide an unchecked form.
    const refused = Object.entries(answers).filter(([, status]) => status === 403);
    expect(refused.map(([route]) => route)).toEqual(
      expect.arrayContaining([
        'POST /book/:slug',
        'POST /staff/admin/caseworkers/:id/role',
        'POST /staff/admin/unit',
        'POST /staff/settings/hours',
        'POST /staff/book/confirm',
        'POST /staff/clients',
        'POST /staff/sign-out',
      ]),
    );
    const [{ role }] = await ctx.db.query<{ role: string }[]>(`SELECT role FROM caseworkers WHERE id = $1`, [
      f.caseworkers[0].id,
    ]);
    expect(role).toBe('caseworker');
  });
});
