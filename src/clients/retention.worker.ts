import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { JobsService } from '../jobs/jobs.service';
import { ClientsService } from './clients.service';

/** Daily at 03:00 (Europe/Stockholm): erase clients past their unit's retention period. */
@Injectable()
export class RetentionWorker implements OnApplicationBootstrap {
  private readonly logger = new Logger('Retention');

  constructor(
    private readonly jobs: JobsService,
    private readonly clients: ClientsService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.jobs.workersEnabled) return;
    await this.jobs.boss.schedule('retention', '0 3 * * *', {}, { tz: 'Europe/Stockholm' });
    await this.jobs.work('retention', async () => {
      const n = await this.clients.purgeInactive();
      this.logger.log(`retention: erased ${n} inactive client(s)`);
    });
  }
}
