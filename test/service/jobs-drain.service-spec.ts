import { SystemClock } from '../../src/common/clock';
import { JobsService } from '../../src/jobs/jobs.service';
import { createTestDatabase, TestDatabase } from '../support/database';

/**
 * JobsService.drain, what a clean stop runs once the listener is closed: the jobs due by then are
 * worked within the bound, and what is left is reported as counts per queue, for another instance.
 */
describe('draining the queues before a stop', () => {
  let db: TestDatabase;
  let jobs: JobsService;
  beforeAll(async () => {
    db = await createTestDatabase();
    jobs = new JobsService(
      { databaseUrl: db.url, workers: true, retryLimit: 3, retryDelaySeconds: 60, expireSeconds: 30 },
      new SystemClock(),
    );
    await jobs.onModuleInit();
  });
  afterAll(async () => {
    await jobs.beforeApplicationShutdown();
    await db.drop();
  });

  it('works the due jobs within the bound, and counts what is left, the running job handed back', async () => {
    const worked: string[] = [];
    await jobs.work(
      'attendance',
      async ({ appointmentId }) => {
        await new Promise((r) => setTimeout(r, 50));
        worked.push(appointmentId);
      },
      { concurrency: 2 },
    );
    // A queue whose job never ends (a hung server): one in hand, two behind it.
    let release = () => {};
    const hung = new Promise<void>((r) => (release = r));
    await jobs.work('room-cleanup', () => hung);
    for (let i = 0; i < 10; i++) await jobs.boss.send('attendance', { appointmentId: `a${i}` });
    for (let i = 0; i < 3; i++) await jobs.boss.send('room-cleanup', { roomName: `r${i}` });
    // Not due yet: not this stop's business, and not counted as left.
    await jobs.boss.send('attendance', { appointmentId: 'later' }, { startAfter: 3600 });

    const started = performance.now();
    const report = await jobs.drain(1500);
    expect(performance.now() - started).toBeLessThan(4000);
    expect(worked.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `a${i}`).sort());
    expect(report).toEqual({ due: 13, left: { 'room-cleanup': 2, handedBack: 1 } });
    // The job in hand was handed back (failed, to be retried), not left active on a dead instance.
    const [{ n }] = (await jobs.boss
      .getDb()
      .executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'room-cleanup' AND state = 'active'`, [])
      .then((r) => r.rows)) as Array<{ n: number }>;
    expect(n).toBe(0);
    release();
  });
});
