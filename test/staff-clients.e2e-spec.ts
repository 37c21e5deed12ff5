import { bearer, createTestContext, TestContext } from './support/test-app';
import { BookingFixture, bookingFixture, countRows, personalLinkToken, staffBooks } from './support/booking-fixture';
import { linksIn, ReceivedMail, SmtpSink } from './support/smtp-sink';
import { StaffBrowser } from './support/staff-forms';

// Monday 2027-03-01 07:00 in Stockholm.
const NOW = '2027-03-01T06:00:00.000Z';

/**
 * The clients pages over HTTP with a real session, the real database and a real SMTP sink:
 * search (POST), the client's page (audited), a new personal link (mailed), export (a JSON download)
 * and erasure (admin, typed confirmation).
 */
describe('staff pages: clients', () => {
  let ctx: TestContext;
  let sink: SmtpSink;
  let f: BookingFixture;
  let other: BookingFixture;
  let cwId: string;

  beforeAll(async () => {
    sink = await new SmtpSink().start();
    ctx = await createTestContext({ SMTP_URL: sink.url, JOBS_ENABLED: 'true', JOB_RETRY_DELAY_SECONDS: '1' });
    ctx.clock.set(NOW);
    f = await bookingFixture(ctx, { caseworkers: 2 });
    other = await bookingFixture(ctx);
    cwId = f.caseworkers[0].id;
  });
  afterAll(async () => {
    await ctx.close();
    await sink.stop();
  });

  let seq = 0;
  /** A client (of `caseworkerId`, when given) and the token of a personal link the client holds. */
  async function client(
    fx: BookingFixture,
    name: string,
    caseworkerId?: string,
  ): Promise<{ id: string; email: string; token: string }> {
    const email = `c${Date.now()}-${seq++}@example.org`;
    const res = await ctx
      .http()
      .post(`/api/v1/units/${fx.unit.id}/clients`)
      .set(bearer(fx.unit.adminToken))
      .send({ name, email, locale: 'en', ...(caseworkerId ? { caseworkerId } : {}) })
      .expect(201);
    // Staff answers carry no personal link (nor any /me/ token).
    expect(res.body).not.toHaveProperty('personalLink');
    expect(res.text).not.toContain('/me/');
    return { id: res.body.id, email, token: await personalLinkToken(ctx, res.body.id) };
  }
  const audits = (clientId: string, action: string) =>
    countRows(ctx, `SELECT 1 FROM audit_events WHERE client_id = $1 AND action = $2`, [clientId, action]);
  const to = (email: string) => (m: ReceivedMail) => JSON.stringify(m.parsed.to ?? '').includes(email);

  it('searches by name or email with a POST: results link to the client; the text never enters a URL; audited', async () => {
    const sara = await client(f, 'Sara Lindqvist');
    await client(f, 'Olle Berg');
    const elsewhere = await client(other, 'Sara Lindqvist-Other');
    const staff = await StaffBrowser.signIn(ctx, cwId);

    const page = await staff.get('/staff/clients');
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Clients</h1>');
    expect(page.text).toMatch(/<form method="post" action="\/staff\/clients"/);

    const res = await staff.submit('/staff/clients', '/staff/clients', { q: 'lindqv' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('Sara Lindqvist');
    expect(res.text).toContain(sara.email);
    expect(res.text).toContain(`href="/staff/clients/${sara.id}"`);
    expect(res.text).not.toContain('Olle Berg');
    // Another unit's client of the same name is not found.
    expect(res.text).not.toContain(elsewhere.id);
    await expect(audits(sara.id, 'client.read')).resolves.toBe(1);

    const byEmail = await staff.submit('/staff/clients', '/staff/clients', { q: sara.email.toUpperCase() });
    expect(byEmail.text).toContain(`href="/staff/clients/${sara.id}"`);
    // LIKE wildcards are taken literally.
    const wild = await staff.submit('/staff/clients', '/staff/clients', { q: '%' });
    expect(wild.text).toContain('No client matches.');

    expect(staff.urls.join(' ')).not.toMatch(/lindqv|example\.org|%25/i);
  });

  it("shows the client's page: contact, language, caseworker, meetings past and future with status in words; each view audited", async () => {
    const c = await client(f, 'Maja Ek');
    const book = async (startsAt: string) =>
      (await staffBooks(ctx, f, { caseworkerId: cwId, clientId: c.id, startsAt })).id;
    const past = await book('2027-02-22T09:00:00+01:00');
    const future = await book('2027-03-03T09:00:00+01:00');

    const staff = await StaffBrowser.signIn(ctx, cwId);
    const before = await audits(c.id, 'client.read');
    const res = await staff.get(`/staff/clients/${c.id}`);
    expect(res.status).toBe(200);
    expect(res.text).toContain('<h1>Maja Ek</h1>');
    expect(res.text).toContain(c.email);
    expect(res.text).toContain('English');
    expect(res.text).toContain('Caseworker 1');
    expect(res.text).toMatch(/<caption><h2>Coming meetings<\/h2><\/caption>[\s\S]*Booked/);
    expect(res.text).toMatch(/<caption><h2>Past meetings<\/h2><\/caption>[\s\S]*Took place/);
    expect(res.text).toContain(`href="/staff/appointments/${future}"`);
    expect(res.text).toContain(`href="/staff/appointments/${past}"`);
    expect(res.text).toContain(`href="/staff/book?clientId=${c.id}"`);
    await expect(audits(c.id, 'client.read')).resolves.toBe(before + 1);
    await staff.get(`/staff/clients/${c.id}`);
    await expect(audits(c.id, 'client.read')).resolves.toBe(before + 2);

    // Another unit's client, or no id at all: the not-found page.
    const foreign = await client(other, 'Not Mine');
    expect((await staff.get(`/staff/clients/${foreign.id}`)).status).toBe(404);
    expect((await staff.get(`/staff/clients/not-an-id`)).status).toBe(404);
    await expect(audits(foreign.id, 'client.read')).resolves.toBe(0);
  });

  it('"Send a new personal link" (own caseworker): the client receives it by mail, the old link stops working', async () => {
    const c = await client(f, 'Nils Holm', cwId);
    const oldToken = c.token;
    await ctx.http().get(`/api/v1/me/${oldToken}`).expect(200);
    const staff = await StaffBrowser.signIn(ctx, cwId);

    // Without the page's token: refused, nothing sent.
    const forged = await staff.post(`/staff/clients/${c.id}/personal-link`, { _csrf: 'forged' });
    expect(forged.status).toBe(403);
    await expect(audits(c.id, 'client.personal_link_sent')).resolves.toBe(0);

    const res = await staff.submit(`/staff/clients/${c.id}`, `/staff/clients/${c.id}/personal-link`, {});
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe(`/staff/clients/${c.id}?done=link-sent`);
    const after = await staff.get(res.headers.location);
    expect(after.text).toContain('A new personal link is on its way to the client.');
    expect(after.text).not.toContain('/me/');

    const [mail] = await sink.waitFor(to(c.email));
    const link = linksIn(mail).find((l) => l.includes('/me/'));
    expect(link).toMatch(/\/me\/[A-Za-z0-9_-]{43}$/);
    await ctx
      .http()
      .get(`/api/v1/me/${link!.split('/').pop()}`)
      .expect(200);
    await ctx.http().get(`/api/v1/me/${oldToken}`).expect(404);
    await expect(audits(c.id, 'client.personal_link_sent')).resolves.toBe(1);
  });

  it("a colleague cannot obtain a client's personal link: the API answers 403, the page has no button, nothing is sent or revoked", async () => {
    const colleague = f.caseworkers[1];
    const c = await client(f, 'Greta Grann', cwId);
    const mailsBefore = sink.mails.filter(to(c.email)).length;

    const refused = await ctx
      .http()
      .post(`/api/v1/clients/${c.id}/personal-link`)
      .set(bearer(colleague.token))
      .expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(refused.text).not.toContain('/me/');
    // Another unit's admin does not even find the client.
    await ctx.http().post(`/api/v1/clients/${c.id}/personal-link`).set(bearer(other.unit.adminToken)).expect(404);

    const page = await StaffBrowser.signIn(ctx, colleague.id);
    const shown = await page.get(`/staff/clients/${c.id}`);
    expect(shown.status).toBe(200);
    expect(shown.text).not.toContain(`/staff/clients/${c.id}/personal-link`);
    expect(shown.text).not.toContain('/me/');
    // A form loaded while the client was still theirs, posted after the client moved to another
    // caseworker (a good page token): refused as the API refuses it.
    await ctx.db.query(`UPDATE clients SET caseworker_id = $2 WHERE id = $1`, [c.id, colleague.id]);
    const form = await page.get(`/staff/clients/${c.id}`);
    const csrf = /action="[^"]*\/personal-link"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(
      form.text,
    )![1];
    await ctx.db.query(`UPDATE clients SET caseworker_id = $2 WHERE id = $1`, [c.id, cwId]);
    const posted = await page.post(`/staff/clients/${c.id}/personal-link`, { _csrf: csrf });
    expect(posted.status).toBe(403);
    expect(posted.text).not.toContain('/me/');

    // The client's link still works; nothing was sent, revoked or audited.
    await ctx.http().get(`/api/v1/me/${c.token}`).expect(200);
    await expect(audits(c.id, 'client.personal_link_sent')).resolves.toBe(0);
    await expect(
      countRows(ctx, `SELECT 1 FROM pgboss.job WHERE name = 'notify' AND data->>'clientId' = $1`, [c.id]),
    ).resolves.toBe(0);
    expect(sink.mails.filter(to(c.email))).toHaveLength(mailsBefore);
  });

  it('over the API the own caseworker (and an admin) get 202 { sentTo: ["email"] }: the link arrives only by mail; the audit names the sender', async () => {
    const c = await client(f, 'Hugo Hall', cwId);
    const own = f.caseworkers[0];
    const shown = await (await StaffBrowser.signIn(ctx, cwId)).get(`/staff/clients/${c.id}`);
    expect(shown.text).toContain(`/staff/clients/${c.id}/personal-link`);

    const res = await ctx.http().post(`/api/v1/clients/${c.id}/personal-link`).set(bearer(own.token)).expect(202);
    expect(res.body).toEqual({ sentTo: ['email'] });
    expect(res.text).not.toContain('/me/');
    const [mail] = await sink.waitFor(to(c.email));
    const link = linksIn(mail).find((l) => l.includes('/me/'))!;
    expect(link).toMatch(/\/me\/[A-Za-z0-9_-]{43}$/);
    const mailed = link.split('/').pop()!;
    await ctx.http().get(`/api/v1/me/${mailed}`).expect(200);
    await ctx.http().get(`/api/v1/me/${c.token}`).expect(404);
    const [event] = await ctx.db.query<Array<{ actor_type: string; actor_id: string }>>(
      `SELECT actor_type, actor_id FROM audit_events WHERE client_id = $1 AND action = 'client.personal_link_sent'`,
      [c.id],
    );
    expect(event).toEqual({ actor_type: 'staff', actor_id: own.id });
    // No staff answer about the client carries the mailed token.
    const read = await ctx.http().get(`/api/v1/clients/${c.id}`).set(bearer(own.token)).expect(200);
    expect(read.text).not.toContain(mailed);
    expect(read.text).not.toContain('/me/');

    // An admin may send one too; the mailed link then replaces the earlier one.
    await ctx.http().post(`/api/v1/clients/${c.id}/personal-link`).set(bearer(f.unit.adminToken)).expect(202);
    await sink.waitFor((m) => to(c.email)(m) && !linksIn(m).includes(link));
    await ctx.http().get(`/api/v1/me/${mailed}`).expect(404);
  });

  it("export: an admin downloads the JSON of the client's data as an attachment (audited); a caseworker is refused", async () => {
    const c = await client(f, 'Eva Export');
    const cw = await StaffBrowser.signIn(ctx, cwId);
    const refused = await cw.get(`/staff/clients/${c.id}/export`);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('Only an admin can export or erase a client.');
    expect((await cw.get(`/staff/clients/${c.id}`)).text).not.toContain(`/staff/clients/${c.id}/export`);
    await expect(audits(c.id, 'client.exported')).resolves.toBe(0);

    const admin = await StaffBrowser.signIn(ctx, f.unit.adminId);
    expect((await admin.get(`/staff/clients/${c.id}`)).text).toContain(`href="/staff/clients/${c.id}/export"`);
    const res = await admin.get(`/staff/clients/${c.id}/export`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.headers['content-disposition']).toBe(`attachment; filename="client-${c.id}.json"`);
    expect(res.headers['cache-control']).toBe('no-store');
    const json = JSON.parse(res.text);
    expect(json.client).toMatchObject({ id: c.id, name: 'Eva Export', email: c.email, locale: 'en' });
    expect(Array.isArray(json.auditEvents)).toBe(true);
    await expect(audits(c.id, 'client.exported')).resolves.toBe(1);
  });

  it('erase: admin only, and only with the typed word or the name; a wrong text is refused in words and erases nothing', async () => {
    const c = await client(f, 'Erik Radera');
    const erased = async () =>
      (await ctx.db.query(`SELECT erased_at, name FROM clients WHERE id = $1`, [c.id]))[0] as {
        erased_at: Date | null;
        name: string | null;
      };

    const cw = await StaffBrowser.signIn(ctx, cwId);
    expect((await cw.get(`/staff/clients/${c.id}/erase`)).status).toBe(403);
    const page = await cw.get(`/staff/clients/${c.id}`);
    expect(page.text).not.toContain(`/staff/clients/${c.id}/erase`);
    // Even with a valid token for the form (taken from an admin's page is impossible: the token is per browser).
    const byCw = await cw.post(`/staff/clients/${c.id}/erase`, { _csrf: 'x', confirm: 'ERASE' });
    expect(byCw.status).toBe(403);
    expect((await erased()).erased_at).toBeNull();

    const admin = await StaffBrowser.signIn(ctx, f.unit.adminId);
    const form = await admin.get(`/staff/clients/${c.id}/erase`);
    expect(form.status).toBe(200);
    expect(form.text).toContain('Type ERASE or the client');

    const wrong = await admin.submit(`/staff/clients/${c.id}/erase`, `/staff/clients/${c.id}/erase`, {
      confirm: 'Erik',
    });
    expect(wrong.status).toBe(422);
    expect(wrong.text).toContain('Nothing was erased: type ERASE or the client');
    expect(wrong.text).toContain('role="alert"');
    expect(wrong.text).toContain('value="Erik"');
    expect((await erased()).erased_at).toBeNull();
    await expect(audits(c.id, 'client.erased')).resolves.toBe(0);

    const ok = await admin.submit(`/staff/clients/${c.id}/erase`, `/staff/clients/${c.id}/erase`, {
      confirm: 'erik radera',
    });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/staff/clients?done=erased');
    expect((await admin.get(ok.headers.location)).text).toContain('The client is erased.');
    const row = await erased();
    expect(row.erased_at).not.toBeNull();
    expect(row.name).toBeNull();
    await expect(audits(c.id, 'client.erased')).resolves.toBe(1);
    // Erased: the page is gone.
    expect((await admin.get(`/staff/clients/${c.id}`)).status).toBe(404);
  });

  it('signed out: the clients pages lead to sign-in', async () => {
    const res = await ctx.http().get('/staff/clients').redirects(0);
    expect(res.status).toBe(303);
    expect(res.headers.location).toMatch(/^\/staff\/sign-in/);
  });
});
