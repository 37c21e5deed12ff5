import { randomUUID } from 'node:crypto';
import { JobsService } from '../../src/jobs/jobs.service';
import { StatementParams } from '../../src/database/statement-parts';
import { createServiceContext, ServiceContext } from '../support/service-context';

/**
 * A booking writes its jobs inside its one statement (JobsService.insertPart, pg-boss's own insert
 * renumbered), and a change writes all of its jobs at once (enqueueMany). Those rows must be what
 * pg-boss's send() makes: the queue's expiry, retention, retries and policy, the start and the
 * singleton key, so the workers treat them alike.
 */
describe('jobs written as part of another statement', () => {
  let ctx: ServiceContext;
  let jobs: JobsService;
  beforeAll(async () => {
    ctx = await createServiceContext();
    jobs = ctx.get(JobsService);
  });
  afterAll(() => ctx.close());

  const COLUMNS = `name, data, state, priority, retry_limit, retry_delay, retry_backoff, expire_in, policy, dead_letter,
    singleton_key, extract(epoch FROM start_after - created_on)::float8 AS delay_s, keep_until - start_after AS kept_for`;
  const row = async (name: string, id: string, via: string) => {
    const rows = await ctx.db.query<Array<Record<string, unknown>>>(
      `SELECT ${COLUMNS} FROM pgboss.job WHERE name = $1 AND data->>'appointmentId' = $2 AND data->>'via' = $3`,
      [name, id, via],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  };

  it('makes the same rows as send(), inside another statement (insertPart) and several at once (enqueueMany)', async () => {
    const appointmentId = randomUUID();
    // A clock a year ahead of the database's: the job is due in an hour all the same.
    ctx.clock.set(new Date(Date.now() + 365 * 86_400_000));
    const startAfter = new Date(ctx.clock.now().getTime() + 3_600_000);
    for (const name of ['notify', 'hold-expiry'] as const) {
      const data = (via: string) =>
        (name === 'notify'
          ? { kind: 'confirmed', unitId: randomUUID(), clientId: randomUUID(), appointmentId, sequence: 0, via }
          : { appointmentId, via }) as never;
      const opts = (via: string) => ({ startAfter, singletonKey: `${appointmentId}:${name}:${via}` });
      await ctx.db.transaction((m) => jobs.enqueue(m, name, data('send'), opts('send')));
      await ctx.db.transaction(async (m) => {
        const p = new StatementParams();
        const part = jobs.insertPart([{ name, data: data('part'), opts: opts('part') }]);
        await m.query(`WITH j AS (${part(p)}) SELECT 1`, p.values);
      });
      await ctx.db.transaction((m) => jobs.enqueueMany(m, [{ name, data: data('many'), opts: opts('many') }]));
      const sent = await row(name, appointmentId, 'send');
      for (const via of ['part', 'many']) {
        const other = await row(name, appointmentId, via);
        expect({ ...other, data: null, singleton_key: null }).toEqual({ ...sent, data: null, singleton_key: null });
        expect(other.singleton_key).toBe(`${appointmentId}:${name}:${via}`);
        expect(other.delay_s).toBe(3600);
      }
    }
  });

  it('rolls back with the statement it is part of', async () => {
    const appointmentId = randomUUID();
    const p = new StatementParams();
    const part = jobs.insertPart([{ name: 'hold-expiry', data: { appointmentId } }]);
    // The statement fails after the part: division by zero in its SELECT.
    await expect(ctx.db.query(`WITH j AS (${part(p)}) SELECT 1 / 0`, p.values)).rejects.toThrow(/division by zero/);
    await expect(
      ctx.count(`SELECT 1 FROM pgboss.job WHERE data->>'appointmentId' = $1`, [appointmentId]),
    ).resolves.toBe(0);
  });
});
