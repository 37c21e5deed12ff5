import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { redactErrorText } from '../common/logger';

/** The queues of the system; each job is caused by a change and enqueued in that change's transaction. */
export const QUEUES = ['notify', 'hold-expiry', 'room-cleanup', 'retention', 'attendance'] as const;
export type QueueName = (typeof QUEUES)[number];

export interface EnqueueOptions {
  startAfter?: Date;
  singletonKey?: string;
  retryLimit?: number;
}

export interface JobsSettings {
  databaseUrl: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /** An active job whose worker died is retried after this long. */
  expireSeconds: number;
  /** Run the workers in this process (the API can run without them, e.g. in tests of the queue alone). */
  workers: boolean;
}

export const JOBS_SETTINGS = Symbol('JOBS_SETTINGS');

/**
 * pg-boss over the same PostgreSQL. `enqueue` takes the transaction's EntityManager so a job exists
 * exactly when the change that caused it commits: a rolled-back booking never sends a mail.
 */
@Injectable()
export class JobsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  readonly boss: PgBoss;
  private started = false;

  constructor(private readonly settings: JobsSettings) {
    this.boss = new PgBoss({
      connectionString: settings.databaseUrl,
      max: 4,
      application_name: 'samtal-jobs',
      // A finished job serves nothing after a while; keep it only briefly.
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 2,
      supervise: settings.workers,
      schedule: settings.workers,
    });
    this.boss.on('error', (err) => this.logger.error(`pg-boss: ${redactErrorText(err.message)}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    const policy = { retryLimit: this.settings.retryLimit, retryDelay: this.settings.retryDelaySeconds, retryBackoff: true, expireInSeconds: this.settings.expireSeconds };
    for (const name of QUEUES) {
      if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, { name, ...policy });
      else await this.boss.createQueue(name, { name, ...policy });
    }
    this.started = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.started) await this.boss.stop({ graceful: true, timeout: 10_000, wait: true });
  }

  get workersEnabled(): boolean {
    return this.settings.workers;
  }

  async enqueue(manager: EntityManager, name: QueueName, data: object, opts: EnqueueOptions = {}): Promise<string | null> {
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }) };
    return this.boss.send(name, data, {
      db,
      ...(opts.startAfter ? { startAfter: opts.startAfter } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
    });
  }

  async work<T extends object>(name: QueueName, handler: (data: T, job: PgBoss.JobWithMetadata<T>) => Promise<void>): Promise<void> {
    if (!this.settings.workers) return;
    await this.boss.work<T>(name, { batchSize: 5, pollingIntervalSeconds: 0.5, includeMetadata: true }, async (jobs: PgBoss.JobWithMetadata<T>[]) => {
      // pg-boss fails the whole batch when the handler throws; handle one at a time so one bad job
      // does not retry its neighbours.
      for (const job of jobs) {
        try {
          await handler(job.data, job);
          await this.boss.complete(name, job.id);
        } catch (err) {
          // The text may come from outside (an SMTP server quoting the recipient): it is logged and
          // stored with the job, and admins read it, so no address or token stays in it.
          const message = redactErrorText(err instanceof Error ? err.message : String(err));
          this.logger.warn(`job ${name} ${job.id} failed: ${message}`);
          await this.boss.fail(name, job.id, { message });
        }
      }
    });
  }
}
