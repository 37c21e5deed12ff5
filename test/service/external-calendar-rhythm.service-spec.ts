import { getRepositoryToken } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ExternalCalendarEntity } from '../../src/external-calendars/external-calendar.entity';
import { ExternalCalendarSync } from '../../src/external-calendars/external-calendar-sync';
import { ExternalCalendarSyncWorker } from '../../src/external-calendars/external-calendar-sync.worker';
import { createServiceContext, ServiceContext } from '../support/service-context';

const T0 = Date.parse('2027-03-01T07:00:00.000Z');
const SECOND = 1_000;
const MINUTE = 60 * SECOND;

describe('external calendars set to sync every minute sync every minute (issue 24 §5.3)', () => {
  let ctx: ServiceContext;
  beforeAll(async () => {
    ctx = await createServiceContext({ EXTERNAL_CALENDAR_SYNC_MINUTES: '1' });
  });
  afterAll(() => ctx.close());

  it('a sync that starts 500 ms after its claim leaves the connection due a minute after the claim; a late sweep keeps the rhythm', async () => {
    const { caseworkers } = await ctx.newUnit();
    const repo: Repository<ExternalCalendarEntity> = ctx.app.get(getRepositoryToken(ExternalCalendarEntity));
    const connection = await repo.save(
      repo.create({
        caseworkerId: caseworkers[0].id,
        kind: 'ics',
        urlMasked: 'https://127.0.0.1/…',
        // Refused at once (a private address): the sync records its error, the rhythm is the same.
        secret: ctx.get(ExternalCalendarSync).secrets.seal({ url: 'https://127.0.0.1/calendar.ics' }),
        calendars: [],
        lastAttemptAt: null,
      }),
    );
    const worker = ctx.get(ExternalCalendarSyncWorker);
    const lastAttempt = async () => (await repo.findOneByOrFail({ id: connection.id })).lastAttemptAt?.getTime();

    /** A sweep at `at`; each connection it claims is synced by its job half a second later. */
    const sweepAt = async (at: number): Promise<number> => {
      ctx.clock.set(new Date(at));
      const queued = await worker.sweep();
      if (queued > 0) {
        ctx.clock.set(new Date(at + 500));
        await worker.syncClaimed(connection.id);
      }
      return queued;
    };

    expect(await sweepAt(T0)).toBe(1);
    expect(await lastAttempt()).toBe(T0);
    expect(await sweepAt(T0 + 30 * SECOND)).toBe(0);
    // Due exactly a minute after the claim, whatever the sync wrote after it.
    expect(await sweepAt(T0 + MINUTE)).toBe(1);
    expect(await lastAttempt()).toBe(T0 + MINUTE);
    // A sweep 2 s late claims the due time, not its own: the next minute is still due on time.
    expect(await sweepAt(T0 + 2 * MINUTE + 2 * SECOND)).toBe(1);
    expect(await lastAttempt()).toBe(T0 + 2 * MINUTE);
    expect(await sweepAt(T0 + 3 * MINUTE)).toBe(1);
    expect(await sweepAt(T0 + 4 * MINUTE)).toBe(1);
    expect(await sweepAt(T0 + 4 * MINUTE + 59 * SECOND)).toBe(0);
    expect(await sweepAt(T0 + 5 * MINUTE)).toBe(1);
    // Six minutes' sweeps, six syncs (and the source's refusal recorded, not thrown).
    await expect(
      ctx.count(`SELECT 1 FROM pgboss.job WHERE name = 'external-calendar-sync' AND data->>'calendarId' = $1`, [
        connection.id,
      ]),
    ).resolves.toBe(6);
    expect((await repo.findOneByOrFail({ id: connection.id })).lastError).toBeTruthy();

    // After the sweeps stopped for a while, one sync, and the rhythm starts again from then.
    expect(await sweepAt(T0 + 9 * MINUTE + 10 * SECOND)).toBe(1);
    expect(await lastAttempt()).toBe(T0 + 9 * MINUTE + 10 * SECOND);
    expect(await sweepAt(T0 + 9 * MINUTE + 40 * SECOND)).toBe(0);

    // A sync asked for (e.g. "sync now") restarts the rhythm from when it ran.
    ctx.clock.set(new Date(T0 + 10 * MINUTE));
    await ctx.get(ExternalCalendarSync).run(connection.id);
    expect(await lastAttempt()).toBe(T0 + 10 * MINUTE);
    expect(await sweepAt(T0 + 10 * MINUTE + 10 * SECOND)).toBe(0);
    expect(await sweepAt(T0 + 11 * MINUTE)).toBe(1);
  });
});
