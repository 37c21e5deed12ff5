import type { Request, Response } from 'express';
import type { Config } from '../../../config/config';
import { CSRF_FIELD } from '../ui/web-context';
import { csrfToken, newCsrfSecret } from './csrf';
import { WebContextFactory } from './request-context';

const factory = new WebContextFactory({ PUBLIC_URL: 'http://localhost' } as Config);
const secret = newCsrfSecret();

function request(p: {
  method?: string;
  path?: string;
  query?: Record<string, unknown>;
  cookie?: string;
  acceptLanguage?: string;
  body?: unknown;
}) {
  const req = {
    method: p.method ?? 'GET',
    path: p.path ?? '/me/abc',
    query: p.query ?? {},
    headers: { cookie: p.cookie, 'accept-language': p.acceptLanguage },
    body: p.body,
  } as unknown as Request;
  const cookies: string[] = [];
  const res = {
    append: (name: string, value: string) => name === 'Set-Cookie' && cookies.push(value),
  } as unknown as Response;
  return { req, res, cookies };
}

describe('the request context of a page', () => {
  it('picks the language once the page knows whose it is: the client outranks the browser, an explicit choice outranks both', () => {
    const plain = request({ acceptLanguage: 'de' });
    expect(factory.context(plain.req, plain.res).page().locale).toBe('de');
    expect(factory.context(plain.req, plain.res).page({ clientLocale: 'sv' }).locale).toBe('sv');
    const chosen = request({ acceptLanguage: 'de', query: { lang: 'en', view: 'book', week: ['a', 'b'] } });
    const ctx = factory.context(chosen.req, chosen.res).page({ clientLocale: 'sv' });
    expect(ctx.locale).toBe('en');
    expect(ctx.query).toEqual({ view: 'book' });
  });

  it('is made once per request, so a page and the error filter after it set the language cookie and the CSRF cookie once', () => {
    const { req, res, cookies } = request({ query: { lang: 'de' } });
    const first = factory.context(req, res);
    first.page().csrf('/me/abc/appointments');
    factory.create(req, res).csrf('/me/abc/appointments');
    expect(factory.context(req, res)).toBe(first);
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['lang', 'csrf']);
  });

  it('accepts a posted form only with a token made for this path and this browser, and keeps the token for the idempotency key', () => {
    const token = csrfToken(secret, '/me/abc/appointments');
    const post = (path: string, body: unknown) => {
      const { req, res } = request({ method: 'POST', path, cookie: `csrf=${secret}`, body });
      return factory.context(req, res);
    };
    expect(post('/me/abc/appointments', { [CSRF_FIELD]: token })).toMatchObject({
      formVerified: true,
      formToken: token,
    });
    expect(post('/me/abc/appointments/x/cancel', { [CSRF_FIELD]: token }).formVerified).toBe(false);
    expect(post('/me/abc/appointments', {})).toMatchObject({ formVerified: false, formToken: '' });
  });
});
