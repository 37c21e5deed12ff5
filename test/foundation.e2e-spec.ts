import { personalLinkToken } from './support/booking-fixture';
import { bearer, createTestContext, TestContext, TestUnit } from './support/test-app';

const HOURS = [
  { weekday: 1, start: '08:00', end: '12:00', modes: ['in_person'] },
  { weekday: 1, start: '13:00', end: '16:00', modes: ['in_person', 'video'] },
];

describe('foundation: units, calendars, clients, staff access', () => {
  let ctx: TestContext;
  let unit: TestUnit;
  let other: TestUnit;
  let cw: { id: string; token: string };
  let cw2: { id: string; token: string };

  beforeAll(async () => {
    ctx = await createTestContext();
    unit = await ctx.newUnit();
    other = await ctx.newUnit();
    cw = await ctx.newCaseworker(unit);
    cw2 = await ctx.newCaseworker(unit);
  });
  afterAll(() => ctx.close());

  const hoursOf = async (id: string) =>
    (await ctx.http().get(`/api/v1/caseworkers/${id}/working-hours`).set(bearer(unit.adminToken)).expect(200)).body;

  it('tells the caller who they are', async () => {
    const res = await ctx.http().get('/api/v1/whoami').set(bearer(cw.token)).expect(200);
    expect(res.body).toMatchObject({
      caseworker: { id: cw.id, role: 'caseworker' },
      unit: { id: unit.id, slug: unit.slug, timeZone: 'Europe/Stockholm' },
    });
  });

  it('lets the admin create a caseworker, set their hours and read them back', async () => {
    const created = await ctx
      .http()
      .post(`/api/v1/units/${unit.id}/caseworkers`)
      .set(bearer(unit.adminToken))
      .send({ name: 'Nora Nilsson', email: 'Nora@Example.org', role: 'caseworker' })
      .expect(201);
    expect(created.body).toMatchObject({
      name: 'Nora Nilsson',
      email: 'nora@example.org',
      role: 'caseworker',
      unitId: unit.id,
    });
    const put = await ctx
      .http()
      .put(`/api/v1/caseworkers/${created.body.id}/working-hours`)
      .set(bearer(unit.adminToken))
      .send(HOURS)
      .expect(200);
    expect(put.body).toEqual(HOURS);
    await expect(hoursOf(created.body.id)).resolves.toEqual(HOURS);
    const list = await ctx.http().get(`/api/v1/units/${unit.id}/caseworkers`).set(bearer(cw.token)).expect(200);
    expect(list.body.map((c: { id: string }) => c.id)).toContain(created.body.id);
  });

  it('lets a caseworker replace their own hours, and replaces all of them', async () => {
    await ctx.http().put(`/api/v1/caseworkers/${cw.id}/working-hours`).set(bearer(cw.token)).send(HOURS).expect(200);
    const fewer = [{ weekday: 2, start: '09:00', end: '24:00', modes: ['video'] }];
    await ctx.http().put(`/api/v1/caseworkers/${cw.id}/working-hours`).set(bearer(cw.token)).send(fewer).expect(200);
    await expect(hoursOf(cw.id)).resolves.toEqual(fewer);
  });

  it('issues a staff token that works once shown and stops working when revoked', async () => {
    const issued = await ctx
      .http()
      .post(`/api/v1/caseworkers/${cw.id}/tokens`)
      .set(bearer(cw.token))
      .send({ label: 'phone' })
      .expect(201);
    expect(issued.body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await ctx.http().get('/api/v1/whoami').set(bearer(issued.body.token)).expect(200);
    await ctx.http().delete(`/api/v1/caseworkers/${cw.id}/tokens/${issued.body.id}`).set(bearer(cw.token)).expect(204);
    const res = await ctx.http().get('/api/v1/whoami').set(bearer(issued.body.token)).expect(401);
    expect(res.body.code).toBe('UNAUTHENTICATED');
    const stored = await ctx.db.query(`SELECT token_hash FROM staff_tokens WHERE id = $1`, [issued.body.id]);
    expect(Buffer.from(stored[0].token_hash).toString('base64url')).not.toBe(issued.body.token);
  });

  it('updates unit settings (admin only) and manages meeting types', async () => {
    const patched = await ctx
      .http()
      .patch(`/api/v1/units/${unit.id}`)
      .set(bearer(unit.adminToken))
      .send({ holdMinutes: 45, reminderMinutesBefore: [1440] })
      .expect(200);
    expect(patched.body).toMatchObject({
      holdMinutes: 45,
      reminderMinutesBefore: [1440],
      timeZone: 'Europe/Stockholm',
    });
    const denied = await ctx
      .http()
      .patch(`/api/v1/units/${unit.id}`)
      .set(bearer(cw.token))
      .send({ holdMinutes: 5 })
      .expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    const type = await ctx
      .http()
      .post(`/api/v1/units/${unit.id}/meeting-types`)
      .set(bearer(unit.adminToken))
      .send({
        key: 'follow-up',
        name: 'Follow-up (internal)',
        publicLabel: 'Follow-up',
        durationMinutes: 45,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        slotStepMinutes: 15,
        minNoticeMinutes: 60,
        horizonDays: 30,
        modes: ['in_person', 'video'],
        intake: false,
      })
      .expect(201);
    const updated = await ctx
      .http()
      .patch(`/api/v1/meeting-types/${type.body.id}`)
      .set(bearer(unit.adminToken))
      .send({ durationMinutes: 30 })
      .expect(200);
    expect(updated.body).toMatchObject({ key: 'follow-up', durationMinutes: 30 });
    const events = await ctx.db.query(
      `SELECT action, details FROM audit_events WHERE details->>'meetingTypeId' = $1 ORDER BY id`,
      [type.body.id],
    );
    expect(events).toEqual([
      { action: 'meeting_type.created', details: { meetingTypeId: type.body.id, key: 'follow-up' } },
      { action: 'meeting_type.updated', details: { meetingTypeId: type.body.id, fields: ['durationMinutes'] } },
    ]);
  });

  it('creates a client (the answer carries no personal link), audits staff reads, exports and erases', async () => {
    const created = await ctx
      .http()
      .post(`/api/v1/units/${unit.id}/clients`)
      .set(bearer(cw.token))
      .send({ name: 'Sara Lind', email: 'sara@example.org', locale: 'de' })
      .expect(201);
    // Staff never see a client's personal link (docs/product-rules.md, rule 12): none answered, none minted for them.
    expect(created.body).not.toHaveProperty('personalLink');
    expect(created.text).not.toContain('/me/');
    const id = created.body.id;
    const token = await personalLinkToken(ctx, id);
    await ctx.http().get(`/api/v1/clients/${id}`).set(bearer(cw.token)).expect(200);
    const reads = await ctx.db.query(
      `SELECT actor_id FROM audit_events WHERE client_id = $1 AND action = 'client.read'`,
      [id],
    );
    expect(reads).toEqual([{ actor_id: cw.id }]);
    await ctx.http().get(`/api/v1/clients/${id}/export`).set(bearer(cw.token)).expect(403);
    const exported = await ctx.http().get(`/api/v1/clients/${id}/export`).set(bearer(unit.adminToken)).expect(200);
    expect(exported.body.client).toMatchObject({ name: 'Sara Lind', email: 'sara@example.org', locale: 'de' });
    expect(exported.body.links).toHaveLength(1);
    expect(JSON.stringify(exported.body)).not.toContain(token);
    await ctx.http().delete(`/api/v1/clients/${id}`).set(bearer(unit.adminToken)).expect(204);
    const after = await ctx.http().get(`/api/v1/clients/${id}`).set(bearer(unit.adminToken)).expect(200);
    expect(after.body).toMatchObject({ name: null, email: null, phone: null });
    expect(after.body.erasedAt).not.toBeNull();
    const revoked = await ctx.db.query(
      `SELECT count(*)::int AS n FROM capability_tokens WHERE client_id = $1 AND revoked_at IS NULL`,
      [id],
    );
    expect(revoked[0].n).toBe(0);
  });

  it('no browser or proxy keeps an answer with personal data; assets are kept an hour and revalidated', async () => {
    const created = await ctx
      .http()
      .post(`/api/v1/units/${unit.id}/clients`)
      .set(bearer(cw.token))
      .send({ name: 'Ida Berg', email: 'ida@example.org' })
      .expect(201);
    const token = await personalLinkToken(ctx, created.body.id);
    const answers = [
      created,
      await ctx.http().get(`/api/v1/clients/${created.body.id}`).set(bearer(cw.token)).expect(200),
      await ctx.http().get(`/api/v1/me/${token}`).expect(200),
      await ctx.http().get(`/me/${token}`).expect(200),
      await ctx.http().get(`/api/v1/clients/${created.body.id}`).expect(401),
    ];
    for (const res of answers) {
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.etag).toBeUndefined();
    }
    const css = await ctx.http().get('/assets/samtal.css').expect(200);
    expect(css.headers['cache-control']).toBe('public, max-age=3600');
    expect(css.headers.etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    const again = await ctx.http().get('/assets/samtal.css').set('If-None-Match', css.headers.etag).expect(304);
    expect(again.text).toBe('');
    await ctx.http().get('/assets/samtal.css').set('If-None-Match', '"other"').expect(200);
    expect((await ctx.http().get('/assets/join.js').expect(200)).headers.etag).not.toBe(css.headers.etag);
  });

  it('has a site icon: linked from every page, and answered at /favicon.ico instead of a 404', async () => {
    const page = await ctx.http().get('/staff/sign-in').expect(200);
    expect(page.text).toContain('<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">');
    const linked = await ctx.http().get('/assets/favicon.svg').expect(200);
    const ico = await ctx.http().get('/favicon.ico').expect(200);
    for (const icon of [linked, ico]) {
      expect(icon.headers['content-type']).toBe('image/svg+xml');
      expect(icon.headers['cache-control']).toBe('public, max-age=3600');
      expect(icon.headers['content-security-policy']).toBe("default-src 'none'");
      expect(String(icon.body)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    }
    expect(ico.headers.etag).toBe(linked.headers.etag);
    await ctx.http().get('/favicon.ico').set('If-None-Match', ico.headers.etag).expect(304);
  });

  it('the own caseworker sends a new personal link: 202, the old one revoked, the mail queued, no link answered', async () => {
    const created = await ctx
      .http()
      .post(`/api/v1/units/${unit.id}/clients`)
      .set(bearer(cw.token))
      .send({ name: 'Ola', email: 'ola@example.org', caseworkerId: cw.id })
      .expect(201);
    expect(created.body.locale).toBe('sv');
    await personalLinkToken(ctx, created.body.id);
    const res = await ctx
      .http()
      .post(`/api/v1/clients/${created.body.id}/personal-link`)
      .set(bearer(cw.token))
      .expect(202);
    expect(res.body).toEqual({ sentTo: ['email'] });
    // The earlier link is revoked; the new one is minted only when the mail is sent.
    const live = await ctx.db.query(
      `SELECT count(*)::int AS n FROM capability_tokens WHERE client_id = $1 AND revoked_at IS NULL`,
      [created.body.id],
    );
    expect(live[0].n).toBe(0);
    const jobs = await ctx.db.query(`SELECT data FROM pgboss.job WHERE name = 'notify' AND data->>'clientId' = $1`, [
      created.body.id,
    ]);
    expect(jobs).toHaveLength(1);
    // Ids only: the mailed link is minted when the mail is sent.
    expect(jobs[0].data).toEqual({ kind: 'personal_link', unitId: unit.id, clientId: created.body.id });
  });

  describe('bad input gets its documented code and changes nothing', () => {
    beforeAll(async () => {
      await ctx
        .http()
        .put(`/api/v1/caseworkers/${cw2.id}/working-hours`)
        .set(bearer(unit.adminToken))
        .send(HOURS)
        .expect(200);
    });
    const putHours = (body: unknown, token = unit.adminToken) =>
      ctx
        .http()
        .put(`/api/v1/caseworkers/${cw2.id}/working-hours`)
        .set(bearer(token))
        .set('Content-Type', 'application/json')
        .send(body as object);
    const unchanged = async () => expect(hoursOf(cw2.id)).resolves.toEqual(HOURS);

    it('malformed JSON → 400 VALIDATION_FAILED', async () => {
      const res = await putHours('[{"weekday": 1,');
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      await unchanged();
    });

    it('unknown fields → 400', async () => {
      const res = await putHours([{ ...HOURS[0], colour: 'red' }]);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      const unitRes = await ctx
        .http()
        .patch(`/api/v1/units/${unit.id}`)
        .set(bearer(unit.adminToken))
        .send({ isAdmin: true });
      expect(unitRes.body.code).toBe('VALIDATION_FAILED');
      await unchanged();
    });

    it('a 1 MB body → 413 PAYLOAD_TOO_LARGE', async () => {
      const res = await putHours(JSON.stringify([{ ...HOURS[0], pad: 'x'.repeat(1024 * 1024) }]));
      expect(res.body).toEqual({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) });
      await unchanged();
    });

    it.each([
      ['weekday 0', [{ ...HOURS[0], weekday: 0 }]],
      ['weekday 8', [{ ...HOURS[0], weekday: 8 }]],
      ['"25:00"', [{ ...HOURS[0], end: '25:00' }]],
      ['end before start', [{ ...HOURS[0], start: '12:00', end: '08:00' }]],
      ['end equal to start', [{ ...HOURS[0], start: '12:00', end: '12:00' }]],
      ['overlapping rules of one weekday', [HOURS[0], { ...HOURS[1], start: '11:00' }]],
      ['an unknown mode', [{ ...HOURS[0], modes: ['fax'] }]],
      ['no modes', [{ ...HOURS[0], modes: [] }]],
      ['not a list', { weekday: 1 }],
    ])('working hours with %s → 400', async (_name, body) => {
      const res = await putHours(body);
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      await unchanged();
    });

    it('an unknown time zone → 400', async () => {
      const res = await ctx
        .http()
        .patch(`/api/v1/units/${unit.id}`)
        .set(bearer(unit.adminToken))
        .send({ timeZone: 'Mars/Olympus' });
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      const cwRes = await ctx
        .http()
        .post(`/api/v1/units/${unit.id}/caseworkers`)
        .set(bearer(unit.adminToken))
        .send({ name: 'X', email: 'x@example.org', role: 'caseworker', timeZone: 'Europe/Nowhere' });
      expect(cwRes.body.code).toBe('VALIDATION_FAILED');
      const u = await ctx.http().get(`/api/v1/units/${unit.id}`).set(bearer(unit.adminToken)).expect(200);
      expect(u.body.timeZone).toBe('Europe/Stockholm');
      const n = await ctx.db.query(`SELECT count(*)::int AS n FROM caseworkers WHERE email = 'x@example.org'`);
      expect(n[0].n).toBe(0);
    });

    it('an absence that ends before it starts → 400, nothing stored', async () => {
      const res = await ctx
        .http()
        .post(`/api/v1/caseworkers/${cw2.id}/absences`)
        .set(bearer(unit.adminToken))
        .send({ startsAt: '2027-01-10T12:00:00+01:00', endsAt: '2027-01-10T08:00:00+01:00' });
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      const noOffset = await ctx
        .http()
        .post(`/api/v1/caseworkers/${cw2.id}/absences`)
        .set(bearer(unit.adminToken))
        .send({ startsAt: '2027-01-10T08:00:00', endsAt: '2027-01-10T12:00:00' });
      expect(noOffset.body.code).toBe('VALIDATION_FAILED');
      const n = await ctx.db.query(`SELECT count(*)::int AS n FROM absences WHERE caseworker_id = $1`, [cw2.id]);
      expect(n[0].n).toBe(0);
    });

    it('absences can be added, listed by range and deleted', async () => {
      const a = await ctx
        .http()
        .post(`/api/v1/caseworkers/${cw2.id}/absences`)
        .set(bearer(cw2.token))
        .send({ startsAt: '2027-01-10T22:00:00+01:00', endsAt: '2027-01-11T10:00:00+01:00', note: 'course' })
        .expect(201);
      expect(a.body).toMatchObject({ startsAt: '2027-01-10T21:00:00.000Z', endsAt: '2027-01-11T09:00:00.000Z' });
      const list = await ctx
        .http()
        .get(`/api/v1/caseworkers/${cw2.id}/absences?from=2027-01-11T00:00:00Z&to=2027-01-12T00:00:00Z`)
        .set(bearer(cw2.token))
        .expect(200);
      expect(list.body.map((x: { id: string }) => x.id)).toEqual([a.body.id]);
      await ctx.http().delete(`/api/v1/absences/${a.body.id}`).set(bearer(cw.token)).expect(403);
      await ctx.http().delete(`/api/v1/absences/${a.body.id}`).set(bearer(cw2.token)).expect(204);
    });

    it.each([0, 1000])('a meeting type of %i minutes → 400', async (durationMinutes) => {
      const res = await ctx
        .http()
        .post(`/api/v1/units/${unit.id}/meeting-types`)
        .set(bearer(unit.adminToken))
        .send({
          key: `bad-${durationMinutes}`,
          name: 'x',
          publicLabel: 'x',
          durationMinutes,
          bufferBeforeMinutes: 0,
          bufferAfterMinutes: 0,
          slotStepMinutes: 15,
          minNoticeMinutes: 0,
          horizonDays: 30,
          modes: ['in_person'],
          intake: false,
        });
      expect(res.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
      const n = await ctx.db.query(`SELECT count(*)::int AS n FROM meeting_types WHERE key = $1`, [
        `bad-${durationMinutes}`,
      ]);
      expect(n[0].n).toBe(0);
    });

    it('a missing or wrong bearer token → 401', async () => {
      const none = await ctx.http().put(`/api/v1/caseworkers/${cw2.id}/working-hours`).send([]);
      expect(none.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      const wrong = await putHours([], 'x'.repeat(43));
      expect(wrong.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });
      const malformed = await ctx.http().get('/api/v1/whoami').set('Authorization', 'Basic abc');
      expect(malformed.status).toBe(401);
      await unchanged();
    });

    it("a caseworker changing another's hours → 403", async () => {
      const res = await putHours([], cw.token);
      expect(res.body).toMatchObject({ statusCode: 403, code: 'FORBIDDEN' });
      await unchanged();
    });

    it('any id of another unit → 404, for reads and writes', async () => {
      const otherCw = await ctx.newCaseworker(other);
      const calls = [
        ctx.http().get(`/api/v1/units/${other.id}`),
        ctx.http().patch(`/api/v1/units/${other.id}`).send({ holdMinutes: 10 }),
        ctx.http().get(`/api/v1/units/${other.id}/caseworkers`),
        ctx
          .http()
          .post(`/api/v1/units/${other.id}/caseworkers`)
          .send({ name: 'X', email: 'y@example.org', role: 'caseworker' }),
        ctx.http().get(`/api/v1/caseworkers/${otherCw.id}/working-hours`),
        ctx.http().put(`/api/v1/caseworkers/${otherCw.id}/working-hours`).send(HOURS),
        ctx.http().post(`/api/v1/caseworkers/${otherCw.id}/tokens`).send({ label: 'x' }),
        ctx.http().post(`/api/v1/units/${other.id}/clients`).send({ name: 'X', email: 'x@example.org' }),
        ctx.http().get(`/api/v1/clients/00000000-0000-4000-8000-000000000000`),
        ctx.http().get(`/api/v1/clients/not-a-uuid`),
      ];
      for (const call of calls) {
        const res = await call.set(bearer(unit.adminToken));
        expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
      }
      const hours = await ctx.db.query(`SELECT count(*)::int AS n FROM working_hours WHERE caseworker_id = $1`, [
        otherCw.id,
      ]);
      expect(hours[0].n).toBe(0);
      const u = await ctx.db.query(`SELECT hold_minutes FROM units WHERE id = $1`, [other.id]);
      expect(u[0].hold_minutes).toBe(30);
    });
  });
});
