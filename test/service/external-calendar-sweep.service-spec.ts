import { Repository } from 'typeorm';
import { getRepositoryToken } from '@nestjs/typeorm';
import { ExternalCalendarEntity } from '../../src/external-calendars/external-calendar.entity';
import { ExternalCalendarSync } from '../../src/external-calendars/external-calendar-sync';
import { ExternalCalendarSyncWorker } from '../../src/external-calendars/external-calendar-sync.worker';
import { createServiceContext, ServiceContext } from '../support/service-context';

const SYNC_JOBS = `SELECT data->>'calendarId' AS id FROM pgboss.job WHERE name = 'external-calendar-sync' ORDER BY 1`;

describe('external calendar sweep (one sync job per due connection)', () => {
  let ctx: ServiceContext;
  let repo: Repository<ExternalCalendarEntity>;
  beforeAll(async () => {
    ctx = await createServiceContext();
    repo = ctx.app.get(getRepositoryToken(ExternalCalendarEntity));
  });
  afterAll(() => ctx.close());

  it('queues each due connection once, and again only after EXTERNAL_CALENDAR_SYNC_MINUTES', async () => {
    const { caseworkers } = await ctx.newUnit({ caseworkers: 2 });
    const secrets = ctx.get(ExternalCalendarSync).secrets;
    const make = (caseworkerId: string, lastAttemptAt: Date | null) =>
      repo.save(
        repo.create({
          caseworkerId,
          kind: 'ics',
          urlMasked: 'https://calendar.example.org/…',
          secret: secrets.seal({ url: 'https://calendar.example.org/secret/basic.ics' }),
          calendars: [],
          lastAttemptAt,
        }),
      );
    const now = ctx.clock.now();
    const never = await make(caseworkers[0].id, null);
    const old = await make(caseworkers[1].id, new Date(now.getTime() - 11 * 60_000));
    await make(caseworkers[1].id, new Date(now.getTime() - 2 * 60_000)); // synced on demand just now
    const worker = ctx.get(ExternalCalendarSyncWorker);

    expect(await worker.sweep()).toBe(2);
    expect((await ctx.db.query(SYNC_JOBS)).map((r: { id: string }) => r.id)).toEqual([never.id, old.id].sort());
    expect(await worker.sweep()).toBe(0);

    ctx.clock.advance(10 * 60_000);
    expect(await worker.sweep()).toBe(3);
    expect(await ctx.count(`SELECT * FROM pgboss.job WHERE name = 'external-calendar-sync'`)).toBe(5);
  });
});
