import type { Request, Response } from 'express';
import type { Config } from '../../../config/config';
import { CSRF_FIELD } from '../ui/web-context';
import { createHmac } from 'node:crypto';
import { staffApiCsrfToken } from '../../auth/session-cookie';
import { csrfToken, newCsrfSecret, visitorFormKey } from './csrf';
import { WebContextFactory } from './request-context';

const SERVER_SECRET = 'x'.repeat(40);
const factory = new WebContextFactory({ PUBLIC_URL: 'http://localhost', TOKEN_SECRET: SERVER_SECRET } as Config);
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
    const token = csrfToken(visitorFormKey(SERVER_SECRET, secret), '/me/abc/appointments');
    const post = (path: string, body: unknown, cookie = `csrf=${secret}`) => {
      const { req, res } = request({ method: 'POST', path, cookie, body });
      return factory.context(req, res);
    };
    expect(post('/me/abc/appointments', { [CSRF_FIELD]: token })).toMatchObject({
      formVerified: true,
      formToken: token,
    });
    expect(post('/me/abc/appointments/x/cancel', { [CSRF_FIELD]: token }).formVerified).toBe(false);
    expect(post('/me/abc/appointments', {})).toMatchObject({ formVerified: false, formToken: '' });
    // Another visitor's cookie, or none: refused.
    expect(post('/me/abc/appointments', { [CSRF_FIELD]: token }, `csrf=${newCsrfSecret()}`).formVerified).toBe(false);
    expect(post('/me/abc/appointments', { [CSRF_FIELD]: token }, '').formVerified).toBe(false);
  });

  it('refuses a cookie someone made up with a token computed from it: the server secret is missing', () => {
    const madeUp = 'A'.repeat(43);
    const { req, res } = request({
      method: 'POST',
      path: '/book/demo',
      cookie: `csrf=${madeUp}`,
      body: { [CSRF_FIELD]: createHmac('sha256', madeUp).update('form:/book/demo').digest('base64url') },
    });
    expect(factory.context(req, res).formVerified).toBe(false);
  });

  it('binds the forms of a signed-in staff request to its session: no visitor cookie, another session’s token fails', () => {
    const mine = staffApiCsrfToken(SERVER_SECRET, 'session-a');
    const theirs = staffApiCsrfToken(SERVER_SECRET, 'session-b');
    const page = request({ path: '/staff/settings' });
    factory.bindFormsToSession(page.req, mine);
    const token = factory.context(page.req, page.res).page().csrf('/staff/settings/hours');
    expect(token).toBe(csrfToken(mine, '/staff/settings/hours'));
    expect(page.cookies).toEqual([]);

    const post = (key: string, cookie = `csrf=${secret}`) => {
      const { req, res } = request({
        method: 'POST',
        path: '/staff/settings/hours',
        cookie,
        body: { [CSRF_FIELD]: token },
      });
      const rc = factory.context(req, res);
      // Bound after the context was made (a middleware may make it first): it still counts.
      factory.bindFormsToSession(req, key);
      return rc.formVerified;
    };
    expect(post(mine)).toBe(true);
    expect(post(theirs)).toBe(false);
    // A visitor's token for the same path does not fit a signed-in request, whatever the cookie.
    const visitorToken = csrfToken(visitorFormKey(SERVER_SECRET, secret), '/staff/settings/hours');
    const { req, res } = request({
      method: 'POST',
      path: '/staff/settings/hours',
      cookie: `csrf=${secret}`,
      body: { [CSRF_FIELD]: visitorToken },
    });
    factory.bindFormsToSession(req, mine);
    expect(factory.context(req, res).formVerified).toBe(false);
  });
});
