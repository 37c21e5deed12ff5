import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { StaffSessionsService } from '../auth/staff-sessions.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { JobsService } from '../jobs/jobs.service';
import { ClientRecords } from './client-records.service';

/**
 * Daily at 03:00 (Europe/Stockholm): delete capability tokens that can open nothing any more and
 * staff sessions long over, and erase clients past their unit's retention period.
 */
@Injectable()
export class RetentionWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly jobs: JobsService,
    private readonly clients: ClientRecords,
    private readonly tokens: CapabilityTokensService,
    private readonly clock: Clock,
    private readonly staffSessions: StaffSessionsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs.workersEnabled) return;
    await this.jobs.schedule('retention', '0 3 * * *', {}, 'Europe/Stockholm');
    await this.jobs.work('retention', () => this.run());
  }

  /** One daily run; each step is idempotent, so a retried run only finishes what is left. */
  async run(): Promise<void> {
    const pruned = await this.tokens.prune(this.clock.now());
    this.logger.log(`retention: deleted ${pruned} dead capability token(s)`);
    const sessions = await this.staffSessions.prune(this.clock.now());
    this.logger.log(`retention: deleted ${sessions} old staff session(s)`);
    const n = await this.clients.purgeInactive();
    this.logger.log(`retention: erased ${n} inactive client(s)`);
  }
}
