import type { Server } from 'node:http';
import request from 'supertest';
import { RATE_LIMITS, RateLimits } from '../src/web/http/rate-limit';
import { countRows } from './support/booking-fixture';
import { linksIn, ReceivedMail, SmtpSink } from './support/smtp-sink';
import { createTestContext, TestContext, TestUnit } from './support/test-app';

const NOW = '2027-03-01T07:00:00.000Z';
const MIN = 60_000;
const COOKIE = 'samtal_session';
const DEAD = 'This sign-in link does not work';
const SENT = 'If this address belongs to staff, a link is on its way. It works once, for 15 minutes.';

type Agent = ReturnType<typeof request.agent>;

/**
 * Email sign-in links (issue 11, docs/product-rules.md, rule 12) over the real SMTP sink: the same answer for
 * every address, a mail in the caseworker's language whose link is minted when it is sent, a GET
 * that changes nothing, a POST that signs in once, and one dead-link page for wrong, used and
 * expired links.
 */
describe('staff sign-in by email link', () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let unit: TestUnit;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    ctx = await createTestContext({ SMTP_URL: sink.url, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1' });
    unit = await ctx.newUnit({ publicName: 'Office of Tests' });
  });
  beforeEach(() => ctx.clock.set(NOW));
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  /** A browser: keeps its cookies (CSRF, session) between requests; English unless told otherwise. */
  const browser = (): Agent => request.agent(ctx.app.getHttpServer() as Server).set('Accept-Language', 'en-GB');

  async function newStaff(init: { locale?: string; active?: boolean; name?: string } = {}) {
    const cw = await ctx.newCaseworker(unit, { name: init.name ?? 'Cecilia Worker' });
    await ctx.db.query(`UPDATE caseworkers SET locale = $2, active = $3 WHERE id = $1`, [
      cw.id,
      init.locale ?? null,
      init.active ?? true,
    ]);
    const [{ email }] = await ctx.db.query<{ email: string }[]>(`SELECT email FROM caseworkers WHERE id = $1`, [cw.id]);
    return { id: cw.id, email };
  }

  /** The sign-in page's form, filled in and sent, as a browser does it. */
  async function askForLink(agent: Agent, email: string, lang?: string) {
    const page = await agent
      .get('/staff/sign-in')
      .set(lang ? { 'Accept-Language': lang } : {})
      .expect(200);
    const csrf = /action="\/staff\/sign-in\/email"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)">/.exec(
      page.text,
    )?.[1];
    expect(csrf).toBeDefined();
    return agent
      .post('/staff/sign-in/email')
      .type('form')
      .set(lang ? { 'Accept-Language': lang } : {})
      .send({ _csrf: csrf!, email });
  }

  const to = (email: string) => (m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(email);
  /** The path of the sign-in link in the newest mail to `email`. */
  async function mailedLink(email: string, count = 1): Promise<{ path: string; mail: ReceivedMail }> {
    const mails = await sink.waitFor(to(email), count);
    const mail = mails[mails.length - 1];
    const link = linksIn(mail).find((l) => l.includes('/staff/sign-in/'));
    expect(link).toMatch(/^http:\/\/samtal\.test\/staff\/sign-in\/[A-Za-z0-9_-]{43}$/);
    return { path: new URL(link!).pathname, mail };
  }

  /** Opens a mailed link; the form token of its button ('' when the page has no button). */
  async function openLink(agent: Agent, path: string): Promise<string> {
    const page = await agent.get(path);
    return /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1] ?? '';
  }
  const press = (agent: Agent, path: string, csrf: string) => agent.post(path).type('form').send({ _csrf: csrf });
  /** Opens the link and presses its button, as a person does. */
  const pressSignIn = async (agent: Agent, path: string) => press(agent, path, await openLink(agent, path));

  /** Awaits a request made by a helper and checks its status, as supertest's .expect does. */
  async function status(expected: number, pending: Promise<request.Response>): Promise<request.Response> {
    const res = await pending;
    expect([res.status, res.text.slice(0, 300)]).toEqual([expected, expect.any(String)]);
    return res;
  }
  const sessionsOf = (caseworkerId: string) =>
    countRows(ctx, `SELECT 1 FROM staff_sessions WHERE caseworker_id = $1 AND ended_at IS NULL`, [caseworkerId]);
  const audits = (caseworkerId: string) =>
    ctx.db.query<{ action: string; details: Record<string, unknown> }[]>(
      `SELECT action, details FROM audit_events WHERE unit_id = $1 AND (actor_id::text = $2 OR details->>'caseworkerId' = $2) ORDER BY id`,
      [unit.id, caseworkerId],
    );
  const sessionCookie = (res: request.Response) =>
    ([] as string[]).concat(res.headers['set-cookie'] ?? []).find((c) => c.startsWith(`${COOKIE}=`));

  it('asks, receives the mail in Swedish, opens the link twice (nothing changes), signs in once', async () => {
    const cw = await newStaff({ locale: 'sv', name: 'Sara Svensson' });
    const agent = browser();
    // An English browser, a Swedish caseworker: the page is English, the mail Swedish.
    const answer = await status(200, askForLink(agent, cw.email.toUpperCase(), 'en-GB'));
    expect(answer.text).toContain(SENT);

    const { path, mail } = await mailedLink(cw.email);
    expect(mail.parsed.subject).toBe('Din inloggningslänk till Samtal');
    expect(mail.parsed.text).toContain('Hej Sara Svensson!');
    expect(mail.parsed.text).toContain('Länken fungerar en gång, i 15 minuter.');
    expect(mail.parsed.text).toContain('Om du inte har bett om den kan du bortse från det här mejlet.');
    expect(JSON.stringify(mail.parsed.from)).toContain('Office of Tests');
    // The job carried ids only; the token exists hashed and in the mail, nowhere else.
    const token = path.split('/').pop()!;
    const [job] = await ctx.db.query<{ data: Record<string, unknown> }[]>(
      `SELECT data FROM pgboss.job WHERE name = 'notify' AND data->>'caseworkerId' = $1`,
      [cw.id],
    );
    expect(Object.keys(job.data).sort()).toEqual(['caseworkerId', 'kind', 'requestedAt', 'unitId']);
    expect(JSON.stringify(job.data)).not.toContain(token);
    expect(
      await countRows(
        ctx,
        `SELECT 1 FROM capability_tokens WHERE purpose = 'staff_sign_in' AND caseworker_id = $1 AND token_hash = sha256(convert_to($2, 'UTF8')) AND expires_at = $3`,
        [cw.id, token, new Date(Date.parse(NOW) + 15 * MIN)],
      ),
    ).toBe(1);

    // A mail scanner (or the person, twice) opens the link: a button, and nothing used up.
    let csrf = '';
    for (let i = 0; i < 2; i++) {
      const page = await agent.get(path).expect(200);
      csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
      // The page is in the caseworker's language.
      expect(page.text).toContain('<h1>Logga in i Samtal</h1>');
      expect(page.text).toMatch(new RegExp(`<form method="post" action="${path}"`));
      expect(sessionCookie(page)).toBeUndefined();
    }
    expect(await sessionsOf(cw.id)).toBe(0);

    const signedIn = await press(agent, path, csrf).expect(303);
    expect(signedIn.headers.location).toBe('/staff');
    const cookie = sessionCookie(signedIn);
    expect(cookie).toMatch(/^samtal_session=[A-Za-z0-9_-]{43}; Path=\/; SameSite=Lax; HttpOnly$/);
    const whoami = await agent.get('/api/v1/whoami').expect(200);
    expect(whoami.body.caseworker).toMatchObject({ id: cw.id });
    await agent.get('/staff').expect(200);
    // Signed in already: the sign-in page leads on to the staff pages.
    const again = await agent.get('/staff/sign-in').expect(303);
    expect(again.headers.location).toBe('/staff');
    expect(await sessionsOf(cw.id)).toBe(1);

    // The link worked once: the same button again (from the page still open) is the dead-link page.
    const second = await press(agent, path, csrf).expect(404);
    expect(second.text).toContain(DEAD);
    expect(await sessionsOf(cw.id)).toBe(1);

    expect((await audits(cw.id)).map((a) => [a.action, a.details])).toEqual([
      ['staff.sign_in_link_sent', { caseworkerId: cw.id }],
      ['staff.signed_in', { method: 'email_link' }],
      ['staff.sign_in_failed', { method: 'email_link', reason: 'link_used', caseworkerId: cw.id }],
    ]);
  });

  it('a used, an expired and a made-up link get the same 404 page, GET and POST alike', async () => {
    const used = await newStaff();
    const late = await newStaff();
    const usedAgent = browser();
    const lateAgent = browser();
    await status(200, askForLink(usedAgent, used.email));
    await status(200, askForLink(lateAgent, late.email));
    const usedPath = (await mailedLink(used.email)).path;
    const latePath = (await mailedLink(late.email)).path;
    const usedCsrf = await openLink(usedAgent, usedPath);
    await press(usedAgent, usedPath, usedCsrf).expect(303);
    // Opened in time, pressed too late.
    const lateCsrf = await openLink(lateAgent, latePath);
    expect(lateCsrf).not.toBe('');

    ctx.clock.advance(16 * MIN);
    const answers: request.Response[] = [
      await press(usedAgent, usedPath, usedCsrf),
      await press(lateAgent, latePath, lateCsrf),
    ];
    const madeUp = `/staff/sign-in/${'x'.repeat(43)}`;
    for (const path of [usedPath, latePath, madeUp, '/staff/sign-in/short']) {
      const stranger = browser();
      answers.push(await stranger.get(path), await stranger.post(path).type('form').send({}));
    }
    for (const a of answers) {
      expect(a.status).toBe(404);
      expect(a.text).toBe(answers[0].text);
    }
    expect(answers[0].text).toContain(DEAD);
    expect(answers[0].text).not.toContain(usedPath.split('/').pop());
    expect(await sessionsOf(late.id)).toBe(0);
    const failed = (await audits(late.id)).filter((a) => a.action === 'staff.sign_in_failed');
    expect(failed.map((a) => a.details)).toEqual([
      { method: 'email_link', reason: 'link_expired', caseworkerId: late.id },
    ]);

    // Fourteen minutes is still in time.
    ctx.clock.set(NOW);
    const inTime = await newStaff();
    await status(200, askForLink(lateAgent, inTime.email));
    const path = (await mailedLink(inTime.email)).path;
    ctx.clock.advance(14 * MIN);
    await status(303, pressSignIn(browser(), path));
  });

  it('unknown and inactive addresses get the identical answer, and no mail', async () => {
    const known = await newStaff();
    const inactive = await newStaff({ active: false });
    const agent = browser();
    const a = await status(200, askForLink(agent, known.email));
    const b = await status(200, askForLink(agent, `nobody-${Date.now()}@example.org`));
    const c = await status(200, askForLink(agent, inactive.email));
    expect(b.text).toBe(a.text);
    expect(c.text).toBe(a.text);
    expect(a.text).toContain(SENT);

    await mailedLink(known.email);
    await new Promise((r) => setTimeout(r, 1500));
    expect(sink.mails.filter(to(inactive.email))).toHaveLength(0);
    expect(await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE data->>'caseworkerId' = $1`, [inactive.id])).toBe(0);
    expect((await audits(inactive.id)).map((e) => [e.action, e.details])).toEqual([
      ['staff.sign_in_failed', { method: 'email_link', reason: 'inactive', caseworkerId: inactive.id }],
    ]);
  });

  it('a link of a caseworker deactivated after it was mailed does not sign in', async () => {
    const cw = await newStaff();
    const agent = browser();
    await status(200, askForLink(agent, cw.email));
    const { path } = await mailedLink(cw.email);
    const csrf = await openLink(agent, path);
    await ctx.db.query(`UPDATE caseworkers SET active = false WHERE id = $1`, [cw.id]);
    const shown = await agent.get(path).expect(404);
    expect(shown.text).toContain(DEAD);
    const pressed = await press(agent, path, csrf).expect(404);
    expect(pressed.text).toBe(shown.text);
    expect(await countRows(ctx, `SELECT 1 FROM staff_sessions WHERE caseworker_id = $1`, [cw.id])).toBe(0);
    expect((await audits(cw.id)).map((e) => e.details.reason).filter(Boolean)).toEqual(['inactive']);
    // Reactivated, the link (never used) works again within its 15 minutes.
    await ctx.db.query(`UPDATE caseworkers SET active = true WHERE id = $1`, [cw.id]);
    await press(agent, path, csrf).expect(303);
  });

  it('answers known and unknown addresses equally fast (the mail is queued, not sent inline)', async () => {
    const cw = await newStaff();
    const agent = browser();
    const page = await agent.get('/staff/sign-in').expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const timed = async (email: string) => {
      const t0 = process.hrtime.bigint();
      await agent.post('/staff/sign-in/email').type('form').send({ _csrf: csrf, email }).expect(200);
      return Number(process.hrtime.bigint() - t0) / 1e6;
    };
    // Warm both paths first (prepared plans, pool connections).
    await timed(cw.email);
    await timed('warm-up@example.org');
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 10; i++) {
      known.push(await timed(cw.email));
      unknown.push(await timed(`nobody-${i}-${Date.now()}@example.org`));
    }
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    expect(Math.abs(median(known) - median(unknown))).toBeLessThan(50);
    // The known address really was acted on each time (no per-email limit in this spec).
    expect(await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE data->>'caseworkerId' = $1`, [cw.id])).toBe(11);
  });

  it('per email: past the limit the answer stays the same and nothing more is sent', async () => {
    const limits = ctx.app.get<RateLimits>(RATE_LIMITS);
    const saved = structuredClone(limits);
    Object.assign(limits, { sign_in_email: { limit: 3, windowMs: 86_400_000 } });
    try {
      const cw = await newStaff();
      const answers: string[] = [];
      // From three different browsers: the count is per email, not per browser.
      for (let i = 0; i < 5; i++) answers.push((await status(200, askForLink(browser(), cw.email))).text);
      for (const a of answers) expect(a).toBe(answers[0]);
      expect(await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE data->>'caseworkerId' = $1`, [cw.id])).toBe(3);
      await sink.waitFor(to(cw.email), 3);
      // Another address is not affected.
      const other = await newStaff();
      await status(200, askForLink(browser(), other.email));
      await mailedLink(other.email);
    } finally {
      Object.assign(limits, saved);
    }
  });

  it('per address: the sign-in forms answer 429 past the sign_in limit', async () => {
    const limits = ctx.app.get<RateLimits>(RATE_LIMITS);
    const saved = structuredClone(limits);
    Object.assign(limits, { sign_in: { limit: 2, windowMs: 86_400_000 } });
    try {
      const agent = browser();
      await status(200, askForLink(agent, 'a@example.org'));
      await status(200, askForLink(agent, 'b@example.org'));
      const refused = await status(429, askForLink(agent, 'c@example.org'));
      expect(refused.headers['retry-after']).toBeDefined();
      // The link POST is in the same group; the page itself is not.
      await agent
        .post(`/staff/sign-in/${'y'.repeat(43)}`)
        .type('form')
        .send({})
        .expect(429);
      await agent.get('/staff/sign-in').expect(200);
    } finally {
      Object.assign(limits, saved);
    }
  });

  it('two POSTs with one link at once: exactly one session', async () => {
    const cw = await newStaff();
    const agent = browser();
    await status(200, askForLink(agent, cw.email));
    const { path } = await mailedLink(cw.email);
    const page = await agent.get(path).expect(200);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    const post = () => agent.post(path).type('form').send({ _csrf: csrf });
    const results = await Promise.all([post(), post(), post()]);
    expect(results.map((r) => r.status).sort()).toEqual([303, 404, 404]);
    expect(await countRows(ctx, `SELECT 1 FROM staff_sessions WHERE caseworker_id = $1`, [cw.id])).toBe(1);
  });

  it('the forms need their CSRF token, and a bad address is a form error', async () => {
    const cw = await newStaff();
    const agent = browser();
    await agent.get('/staff/sign-in').expect(200);
    const noToken = await agent.post('/staff/sign-in/email').type('form').send({ email: cw.email }).expect(403);
    expect(noToken.text).toContain('The form has expired');
    expect(await countRows(ctx, `SELECT 1 FROM pgboss.job WHERE data->>'caseworkerId' = $1`, [cw.id])).toBe(0);

    const bad = await status(400, askForLink(agent, 'not an address'));
    expect(bad.text).toContain('There is a problem');
    expect(bad.text).toContain('value="not an address"');

    await status(200, askForLink(agent, cw.email));
    const { path } = await mailedLink(cw.email);
    await agent.post(path).type('form').send({ _csrf: 'forged' }).expect(403);
    // Refused for its CSRF, the link is still good.
    await status(303, pressSignIn(agent, path));
  });

  it('a new sign-in ends the browser’s previous session; `next` is kept, but only as a local path', async () => {
    const cw = await newStaff();
    const agent = browser();
    await status(200, askForLink(agent, cw.email));
    const first = await status(303, pressSignIn(agent, (await mailedLink(cw.email)).path));
    const firstCookie = sessionCookie(first)!.split(';')[0];

    // Asked for from a deep link (on another device, say): the mail's link and the redirect carry it.
    const phone = browser();
    const page = await phone.get('/staff/sign-in?next=%2Fstaff%2Fclients%3Fq%3D1').expect(200);
    expect(page.text).toContain('name="next" value="/staff/clients?q=1"');
    const csrf = /action="\/staff\/sign-in\/email"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)">/.exec(
      page.text,
    )![1];
    await phone
      .post('/staff/sign-in/email')
      .type('form')
      .send({ _csrf: csrf, email: cw.email, next: '/staff/clients?q=1' })
      .expect(200);
    const mails = await sink.waitFor(to(cw.email), 2);
    const link = linksIn(mails[1]).find((l) => l.includes('/staff/sign-in/'))!;
    expect(link).toMatch(/\/staff\/sign-in\/[A-Za-z0-9_-]{43}\?next=%2Fstaff%2Fclients%3Fq%3D1$/);
    const url = new URL(link);
    const shown = await agent.get(url.pathname + url.search).expect(200);
    const formCsrf = /name="_csrf" value="([^"]+)"/.exec(shown.text)![1];
    expect(shown.text).toContain('name="next" value="/staff/clients?q=1"');
    const second = await agent
      .post(url.pathname)
      .type('form')
      .send({ _csrf: formCsrf, next: '/staff/clients?q=1' })
      .expect(303);
    expect(second.headers.location).toBe('/staff/clients?q=1');
    // The id changed at sign-in, and the old cookie no longer works.
    expect(sessionCookie(second)!.split(';')[0]).not.toBe(firstCookie);
    await ctx.http().get('/api/v1/whoami').set('Cookie', firstCookie).expect(401);
    expect(await sessionsOf(cw.id)).toBe(1);

    // Someone else's site as `next`: ignored.
    await status(200, askForLink(phone, cw.email));
    const third = (await mailedLink(cw.email, 3)).path;
    const shownAgain = await agent.get(third).expect(200);
    const c3 = /name="_csrf" value="([^"]+)"/.exec(shownAgain.text)![1];
    const res = await agent.post(third).type('form').send({ _csrf: c3, next: '//evil.example/' }).expect(303);
    expect(res.headers.location).toBe('/staff');
  });

  it('the sign-in page: language from the browser, the signed-out notice, and the provider button when configured', async () => {
    const sv = await ctx.http().get('/staff/sign-in?signed_out=1').set('Accept-Language', 'sv-SE').expect(200);
    expect(sv.text).toContain('<html lang="sv">');
    expect(sv.text).toContain('Du är utloggad.');
    expect(sv.text).toContain('Skicka en inloggningslänk');
    expect(sv.text).not.toContain('/staff/oidc/login');
    const de = await ctx.http().get('/staff/sign-in?lang=de&error=not_set_up').expect(200);
    expect(de.text).toContain('Ihr Konto ist in Samtal nicht eingerichtet.');
    expect(de.text).toContain('href="/staff/sign-in?error=not_set_up&amp;lang=en"');

    const oidcOnly = await createTestContext(
      {
        OIDC_ISSUER: 'http://127.0.0.1:1/issuer',
        OIDC_CLIENT_ID: 'samtal',
        OIDC_CLIENT_SECRET: 'secret',
        OIDC_PROVIDER_NAME: 'Kommunens konto',
        STAFF_EMAIL_SIGN_IN: 'false',
      },
      { database: ctx.database },
    ).catch((err: unknown) => {
      throw err;
    });
    try {
      const page = await oidcOnly.http().get('/staff/sign-in?next=%2Fstaff%2Fclients').expect(200);
      expect(page.text).toContain(
        '<a class="button" href="/staff/oidc/login?next=%2Fstaff%2Fclients">Logga in med Kommunens konto</a>',
      );
      expect(page.text).not.toContain('name="email"');
      // Email sign-in off: the form's route is gone, and so are the links.
      await oidcOnly.http().post('/staff/sign-in/email').type('form').send({ email: 'a@example.org' }).expect(404);
    } finally {
      await oidcOnly.app.close();
    }
  });
});
