import { RequestMethod, type Type } from '@nestjs/common';
import { GUARDS_METADATA, METHOD_METADATA, MODULE_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { Reflector } from '@nestjs/core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WebModule } from '../web.module';
import { formCsrfExemption, PageFormGuard } from './page-forms';

/** Every controller of the pages, read from the modules' metadata as Nest's router reads it. */
function controllersOf(root: Type): Type[] {
  const seen = new Set<unknown>();
  const found: Type[] = [];
  const visit = (m: unknown) => {
    const mod = (m && typeof m === 'object' && 'module' in m ? (m as { module: Type }).module : m) as Type;
    if (!mod || seen.has(mod)) return;
    seen.add(mod);
    found.push(...((Reflect.getMetadata(MODULE_METADATA.CONTROLLERS, mod) as Type[] | undefined) ?? []));
    for (const i of (Reflect.getMetadata(MODULE_METADATA.IMPORTS, mod) as unknown[] | undefined) ?? []) visit(i);
  };
  visit(root);
  return found;
}

interface PagePost {
  route: string;
  controller: Type;
  handler: (...args: unknown[]) => unknown;
}

function pagePosts(): PagePost[] {
  const posts: PagePost[] = [];
  for (const controller of controllersOf(WebModule)) {
    const base = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
    const proto = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const handler = proto[name];
      if (typeof handler !== 'function' || Reflect.getMetadata(METHOD_METADATA, handler) !== RequestMethod.POST)
        continue;
      const path = String(Reflect.getMetadata(PATH_METADATA, handler) ?? '/');
      const route = `POST /${[base, path].filter((p) => p && p !== '/').join('/')}`.replace('//', '/');
      // The wings' modules import the API's modules, and with them its controllers (and the video webhook).
      if (/^POST \/(api|webhooks)\//.test(route)) continue;
      posts.push({ route, controller, handler: handler as PagePost['handler'] });
    }
  }
  return posts;
}

const guardsOf = (target: object): unknown[] => (Reflect.getMetadata(GUARDS_METADATA, target) as unknown[]) ?? [];

describe('CSRF on the page forms: one guard, every POST', () => {
  const posts = pagePosts();
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
