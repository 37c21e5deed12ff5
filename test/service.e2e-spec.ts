import { DataSource } from 'typeorm';
import { ENTITIES } from '../src/app.entities';
import { dataSourceOptions } from '../src/database/data-source';
import { createTestContext, TestContext } from './support/test-app';

describe('service basics', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('migrations and entities agree: TypeORM sees no pending schema change', async () => {
    const ds = new DataSource(dataSourceOptions(ctx.database.url, ENTITIES, 1));
    await ds.initialize();
    oneQueryAtATime(ds);
    try {
      const pending = await ds.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });

  it('answers liveness and readiness', async () => {
    await ctx.http().get('/health/live').expect(200, { status: 'ok' });
    const ready = await ctx.http().get('/health/ready').expect(200);
    expect(ready.body).toEqual({ status: 'ok', database: 'ok', migrations: 'ok' });
  });

  it('is not ready (503) while a migration is pending, and ready again when it is applied', async () => {
    const [last] = await ctx.db.query(`SELECT * FROM migrations ORDER BY timestamp DESC LIMIT 1`);
    await ctx.db.query(`DELETE FROM migrations WHERE id = $1`, [last.id]);
    try {
      const res = await ctx.http().get('/health/ready');
      expect(res.body).toMatchObject({ statusCode: 503, code: 'UNAVAILABLE' });
      await ctx.http().get('/health/live').expect(200);
    } finally {
      await ctx.db.query(`INSERT INTO migrations (id, timestamp, name) VALUES ($1, $2, $3)`, [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
    await ctx.http().get('/health/ready').expect(200);
  });

  it('describes every operation of docs/api.md in the OpenAPI document', async () => {
    const doc = await ctx.http().get('/api/docs-json').expect(200);
    const operations = Object.entries(doc.body.paths as Record<string, object>).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    const contract = [
      'GET /api/v1/whoami',
      'GET /api/v1/units/{unitId}',
      'PATCH /api/v1/units/{unitId}',
      'POST /api/v1/units/{unitId}/caseworkers',
      'GET /api/v1/units/{unitId}/caseworkers',
      'POST /api/v1/caseworkers/{id}/tokens',
      'GET /api/v1/caseworkers/{id}/tokens',
      'DELETE /api/v1/caseworkers/{id}/tokens/{tokenId}',
      'POST /api/v1/caseworkers/{id}/deactivate',
      'POST /api/v1/caseworkers/{id}/activate',
      'POST /api/v1/appointments/{id}/reassign',
      'PUT /api/v1/caseworkers/{id}/working-hours',
      'GET /api/v1/caseworkers/{id}/working-hours',
      'POST /api/v1/caseworkers/{id}/absences',
      'GET /api/v1/caseworkers/{id}/absences',
      'DELETE /api/v1/absences/{id}',
      'POST /api/v1/units/{unitId}/meeting-types',
      'GET /api/v1/units/{unitId}/meeting-types',
      'PATCH /api/v1/meeting-types/{id}',
      'POST /api/v1/units/{unitId}/clients',
      'GET /api/v1/clients/{id}',
      'POST /api/v1/clients/{id}/personal-link',
      'GET /api/v1/clients/{id}/export',
      'DELETE /api/v1/clients/{id}',
      'GET /api/v1/caseworkers/{id}/slots',
      'POST /api/v1/appointments',
      'GET /api/v1/caseworkers/{id}/appointments',
      'GET /api/v1/appointments/{id}',
      'POST /api/v1/appointments/{id}/reschedule',
      'POST /api/v1/appointments/{id}/cancel',
      'POST /api/v1/appointments/{id}/mode',
      'POST /api/v1/appointments/{id}/attendance',
      'POST /api/v1/appointments/{id}/video-token',
      'GET /api/v1/units/{unitId}/audit',
      'GET /api/v1/caseworkers/{id}/feed-url',
      'GET /api/v1/public/units/{slug}',
      'GET /api/v1/public/units/{slug}/slots',
      'POST /api/v1/public/units/{slug}/bookings',
      'POST /api/v1/public/confirm/{token}',
      'GET /api/v1/me/{token}',
      'GET /api/v1/me/{token}/slots',
      'POST /api/v1/me/{token}/appointments',
      'POST /api/v1/me/{token}/appointments/{id}/reschedule',
      'POST /api/v1/me/{token}/appointments/{id}/cancel',
      'POST /api/v1/me/{token}/appointments/{id}/mode',
      'POST /api/v1/me/{token}/appointments/{id}/notes',
      'POST /api/v1/join/{token}',
    ];
    expect(contract.filter((op) => !operations.includes(op))).toEqual([]);
  });

  it('declares a 409 on every operation that can answer CONFLICT or SLOT_TAKEN, naming the code', async () => {
    const doc = await ctx.http().get('/api/docs-json').expect(200);
    const paths = doc.body.paths as Record<
      string,
      Record<string, { responses: Record<string, { description?: string; content?: object }> }>
    >;
    const conflict409 = (op: string, code: string) => {
      const [method, path] = op.split(' ');
      const answer = paths[path]?.[method.toLowerCase()]?.responses?.['409'];
      return answer?.description?.includes(`${code}:`) && !!answer.content ? null : op;
    };
    // docs/api.md: CONFLICT = the resource's state refuses the change (attendance before the start, a change
    // to a cancelled appointment, a duplicate email or key).
    const usingConflict = [
      'POST /api/v1/units/{unitId}/caseworkers',
      'POST /api/v1/units/{unitId}/meeting-types',
      'POST /api/v1/appointments/{id}/reschedule',
      'POST /api/v1/appointments/{id}/cancel',
      'POST /api/v1/appointments/{id}/mode',
      'POST /api/v1/appointments/{id}/attendance',
      'POST /api/v1/appointments/{id}/reassign',
      'POST /api/v1/appointments',
      'POST /api/v1/caseworkers/{id}/external-calendars',
      'POST /api/v1/clients/{id}/personal-link',
      'POST /api/v1/me/{token}/appointments/{id}/reschedule',
      'POST /api/v1/me/{token}/appointments/{id}/cancel',
      'POST /api/v1/me/{token}/appointments/{id}/mode',
      'POST /api/v1/me/{token}/appointments/{id}/notes',
    ];
    const usingSlotTaken = [
      'POST /api/v1/appointments',
      'POST /api/v1/public/units/{slug}/bookings',
      'POST /api/v1/me/{token}/appointments',
      'POST /api/v1/appointments/{id}/reschedule',
      'POST /api/v1/me/{token}/appointments/{id}/reschedule',
      'POST /api/v1/appointments/{id}/reassign',
    ];
    expect(usingConflict.map((op) => conflict409(op, 'CONFLICT')).filter(Boolean)).toEqual([]);
    expect(usingSlotTaken.map((op) => conflict409(op, 'SLOT_TAKEN')).filter(Boolean)).toEqual([]);
  });

  it("documents what staff get of a client's personal link (202, sentTo; never the link) and the team-calendars setting", async () => {
    const doc = await ctx.http().get('/api/docs-json').expect(200);
    const body = doc.body as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, { properties: Record<string, unknown> }> };
    };
    const send = body.paths['/api/v1/clients/{id}/personal-link'].post.responses;
    expect(Object.keys(send)).toEqual(expect.arrayContaining(['202', '403', '409']));
    expect(send['201']).toBeUndefined();
    const schemas = body.components.schemas;
    expect(Object.keys(schemas.PersonalLinkSentResponse.properties)).toEqual(['sentTo']);
    expect(schemas.ClientResponse.properties).not.toHaveProperty('personalLink');
    expect(schemas.UnitResponse.properties).toHaveProperty('teamCalendarsVisible');
    expect(schemas.UpdateUnitDto.properties).toHaveProperty('teamCalendarsVisible');
  });

  it('answers CONFLICT (409) where the OpenAPI document says so', async () => {
    const unit = await ctx.newUnit();
    const auth = { Authorization: `Bearer ${unit.adminToken}` };
    const cw = { name: 'Twice', email: 'twice@example.org', role: 'caseworker' };
    await ctx.http().post(`/api/v1/units/${unit.id}/caseworkers`).set(auth).send(cw).expect(201);
    const again = await ctx.http().post(`/api/v1/units/${unit.id}/caseworkers`).set(auth).send(cw).expect(409);
    expect(again.body).toMatchObject({ statusCode: 409, code: 'CONFLICT' });
  });

  it('hides the dev mailbox when mail goes out over SMTP, as it always does in production', async () => {
    await ctx.http().get('/dev/mail').expect(200);
    const prod = await createTestContext({
      NODE_ENV: 'production',
      PUBLIC_URL: 'https://samtal.test',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      LIVEKIT_API_SECRET: 'a-real-secret',
      TOKEN_SECRET: 'a-long-random-production-secret-0123456789',
    });
    try {
      await prod.http().get('/dev/mail').expect(404);
      await prod.http().get('/dev/mail/messages.json').expect(404);
    } finally {
      await prod.close();
    }
  });

  it('sets security headers and no-referrer', async () => {
    const res = await ctx.http().get('/health/live');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('answers unknown routes with the error body', async () => {
    const res = await ctx.http().get('/nope').expect(404);
    expect(res.body).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });
});

/**
 * TypeORM's schema reader (PostgresQueryRunner.loadTables, up to typeorm 1.1.1) sends its metadata
 * queries with Promise.all on one connection, which pg deprecates (typeorm/typeorm#12055): queue them.
 */
function oneQueryAtATime(ds: DataSource): void {
  const create = ds.driver.createQueryRunner.bind(ds.driver);
  ds.driver.createQueryRunner = (mode) => {
    const runner = create(mode);
    const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
    let last: Promise<unknown> = Promise.resolve();
    runner.query = ((...args: unknown[]) => {
      const next = last.then(() => query(...args));
      last = next.catch(() => undefined);
      return next;
    }) as typeof runner.query;
    return runner;
  };
}
