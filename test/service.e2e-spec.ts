import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../src/database/data-source';
import { createTestContext, TestContext } from './support/test-app';

describe('service basics', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  it('migrations and entities agree: TypeORM sees no pending schema change', async () => {
    const ds = new DataSource(dataSourceOptions(ctx.database.url, 1));
    await ds.initialize();
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

  it('serves the OpenAPI document with the staff API', async () => {
    const doc = await ctx.http().get('/api/docs-json').expect(200);
    expect(Object.keys(doc.body.paths)).toEqual(expect.arrayContaining(['/api/v1/whoami', '/api/v1/caseworkers/{id}/working-hours', '/api/v1/clients/{id}/export']));
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
