import { GUARDS_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pageRoutes } from '../../../test/support/page-routes';
import { formCsrfExemption, PageFormGuard } from './page-forms';
import { isPageRoute } from './page-handlers';

const guardsOf = (target: object): unknown[] => (Reflect.getMetadata(GUARDS_METADATA, target) as unknown[]) ?? [];

describe('CSRF on the page forms: one guard, every POST', () => {
  const posts = pageRoutes().filter((r) => r.route.startsWith('POST '));
  const reflector = new Reflector();

  it('finds every page POST (51 forms), and only pages', () => {
    expect(posts).toHaveLength(51);
    expect(posts.filter((p) => !/^POST \/(staff|me|book|confirm)\//.test(`${p.route}/`))).toEqual([]);
  });

  it.each(posts.map((p) => [p.route, p] as const))('%s is checked by PageFormGuard', (_route, post) => {
    expect([...guardsOf(post.controller), ...guardsOf(post.handler)]).toContain(PageFormGuard);
  });

  it.each(posts.map((p) => [p.route, p] as const))(
    '%s answers a refused form with the way back, or is exempt and says why',
    (_route, post) => {
      const exempt = formCsrfExemption(reflector, post.handler);
      if (exempt) expect(exempt.why.length).toBeGreaterThan(40);
      if (!exempt || exempt.onlyWithoutSession)
        expect(typeof (post.controller.prototype as { refusedForm?: unknown }).refusedForm).toBe('function');
    },
  );

  it('exempts only sign-out, and only without a live session (nothing left to protect)', () => {
    const exempt = posts.filter((p) => formCsrfExemption(reflector, p.handler));
    expect(exempt.map((p) => [p.route, formCsrfExemption(reflector, p.handler)?.onlyWithoutSession])).toEqual([
      ['POST /staff/sign-out', true],
    ]);
  });

  it('no page service checks the token itself: the guard is the one place', () => {
    const root = join(__dirname, '..');
    const files = (readdirSync(root, { recursive: true }) as string[]).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts') && !f.startsWith(`http`),
    );
    const readers = files.filter((f) => readFileSync(join(root, f), 'utf8').includes('formVerified'));
    expect(readers).toEqual([]);
  });
});

describe('page handlers: one line each, the answer sent in one place', () => {
  it('every page route returns its page to PageInterceptor, except the few that send a raw answer', () => {
    const raw = pageRoutes()
      .filter((r) => !isPageRoute(r.handler))
      .map((r) => r.route);
    expect(raw.sort()).toEqual([
      'GET /assets/:name',
      'GET /favicon.ico',
      'GET /staff/clients/:id/export',
      'GET /staff/oidc/callback',
      'GET /staff/oidc/login',
      'GET /staff/oidc/signed-out',
      'GET /staff/settings/tokens/created',
      'POST /staff/settings/tokens',
      'POST /staff/sign-in/:token',
      'POST /staff/sign-out',
    ]);
  });
});
