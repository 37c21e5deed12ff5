import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { Config } from '../../config/config';
import { Clock } from '../common/clock';
import { CONFIG } from '../common/injection-tokens';
import { Transactions } from '../common/transactions';
import { JobsService } from '../jobs/jobs.service';
import { ExternalCalendarRepository } from './external-calendar.repository';
import { ExternalCalendarSync } from './external-calendar-sync';

/** How many connections one sweep hands out; the rest wait for the next minute. */
const SWEEP_BATCH = 500;

/**
 * Every minute (one tick across all instances) the sweep claims the connections that are due and
 * makes one sync job for each; any instance's worker runs it. Claiming moves `last_attempt_at` on by
 * EXTERNAL_CALENDAR_SYNC_MINUTES from the due time it claimed, not to when the sweep or the sync ran,
 * so a connection is never queued twice and keeps its rhythm: a sync that starts half a second after
 * the claim, or a sweep that comes some seconds late, no longer pushes it past the next sweep (issue
 * 24: set to 1 minute, connections synced every 90–150 s). One more than an interval behind (new,
 * or the sweeps stopped) starts again from now.
 */
@Injectable()
export class ExternalCalendarSyncWorker implements OnApplicationBootstrap {
  constructor(
    private readonly jobs: JobsService,
    private readonly transactions: Transactions,
    private readonly connections: ExternalCalendarRepository,
    private readonly sync: ExternalCalendarSync,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs.workersEnabled) return;
    await this.jobs.schedule('external-calendar-sweep', '* * * * *', {}, 'UTC');
    await this.jobs.work('external-calendar-sweep', () => this.sweep().then(() => undefined));
    await this.jobs.work('external-calendar-sync', ({ calendarId }) => this.syncClaimed(calendarId));
  }

  /** The sync job of a connection the sweep claimed. */
  async syncClaimed(calendarId: string): Promise<void> {
    await this.sync.run(calendarId, { claimed: true });
  }

  /** Queues the connections that are due; the number queued. */
  async sweep(): Promise<number> {
    const now = this.clock.now();
    const interval = this.config.EXTERNAL_CALENDAR_SYNC_MINUTES * 60_000;
    const due = new Date(now.getTime() - interval);
    const behind = new Date(now.getTime() - 2 * interval);
    return this.transactions.run(async (m) => {
      const ids = await this.connections.claimDue(m, { now, due, behind, intervalMs: interval }, SWEEP_BATCH);
      await this.jobs.enqueueMany(
        m,
        ids.map((calendarId) => ({ name: 'external-calendar-sync' as const, data: { calendarId } })),
      );
      return ids.length;
    });
  }
}
