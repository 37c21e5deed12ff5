import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { redactErrorText } from '../common/logger';
import { StatementParams, type WritePart } from '../database/statement-parts';
import { JobData, JobName, QUEUES } from './job-contracts';
import { JobHandler, QueueRunner } from './queue-runner';

// pg-boss's own multi-row insert, so a job written inside another statement (insertPart) is the
// same row its insert() would make: the queue's policy, expiry, retention and retries applied in SQL.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const plans = require('pg-boss/src/plans') as { insertJobs(schema: string): string };
const INSERT_JOBS_SQL = plans.insertJobs('pgboss').trim();

export type { JobData, JobName } from './job-contracts';

/** Queues whose jobs may run for long (a daily batch): their expiry is not the quick one. */
const LONG_JOB_EXPIRE_SECONDS: Partial<Record<JobName, number>> = {
  retention: 3600,
  // Several CalDAV calendars, each request with its own 10 s timeout.
  'external-calendar-sync': 300,
};

/**
 * How often an instance looks for jobs held by a dead worker (expired) and hands them back. The
 * check is shared: the instance whose turn it is runs it, so at worst it comes every two intervals.
 */
const SUPERVISE_SECONDS = 5;

/** How often an idle queue is looked at for jobs (a busy one is fetched from as its jobs end). */
const POLL_SECONDS = 0.5;

/** On SIGTERM, how long a running job may take to finish before it is handed back (failed, retried). */
const STOP_TIMEOUT_MS = 20_000;

/** While draining, how often the queues are counted again. */
const DRAIN_CHECK_MS = 100;

/** What drain() found: the jobs due when it began, and those left per queue when it ended. */
export interface DrainReport {
  due: number;
  left: Record<string, number>;
}

function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}

export interface EnqueueOptions {
  /** When the job is due, on the app's clock (written as a delay from now, see `delayFrom`). */
  startAfter?: Date;
  singletonKey?: string;
  retryLimit?: number;
}

export interface JobsSettings {
  databaseUrl: string;
  retryLimit: number;
  retryDelaySeconds: number;
  /**
   * An active job whose worker died is retried after this long (plus the supervision round and the
   * first retry delay). Every job's own timeouts stay below it.
   */
  expireSeconds: number;
  /** Run the workers in this process (the API can run without them, e.g. in tests of the queue alone). */
  workers: boolean;
}

export const JOBS_SETTINGS = Symbol('JOBS_SETTINGS');

/** One job to create: several go into the database with one statement (enqueueMany, insertPart). */
export interface JobSpec<Q extends JobName = JobName> {
  name: Q;
  data: JobData[Q];
  opts?: EnqueueOptions;
}

export interface WorkOptions {
  /** How many of the queue's jobs this instance runs at once (default 1). */
  concurrency?: number;
}

/** A job that gave up after its last retry, as pg-boss keeps it (in its job table or, later, its archive). */
export interface FailedJob<Q extends JobName> {
  id: string;
  data: JobData[Q];
  retryCount: number;
  /** As stored: redacted when it failed (see `work`). */
  message: string | null;
  failedAt: Date | null;
}

/** Equality on top-level fields of the job's data, e.g. `{ unitId }`. */
export type JobFilter<Q extends JobName> = Partial<Record<keyof JobData[Q] & string, string>>;

const MAX_FAILED_LISTED = 500;

/**
 * pg-boss over the same PostgreSQL. `enqueue` takes the transaction's EntityManager so a job exists
 * exactly when the change that caused it commits: a rolled-back booking never sends a mail.
 */
@Injectable()
export class JobsService implements OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger('Jobs');
  readonly boss: PgBoss;
  private started = false;
  private readonly runners: Array<Pick<QueueRunner<object>, 'stop' | 'name' | 'busy' | 'jobsInHand'>> = [];
  /** Set once drain() stopped the runners: the shutdown hook then does not wait for them again. */
  private runnersStopped = false;

  constructor(
    private readonly settings: JobsSettings,
    private readonly clock: Clock,
  ) {
    this.boss = new PgBoss({
      connectionString: settings.databaseUrl,
      max: 4,
      application_name: 'samtal-jobs',
      // A finished job serves nothing after a while; keep it only briefly.
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 2,
      supervise: settings.workers,
      maintenanceIntervalSeconds: SUPERVISE_SECONDS,
      schedule: settings.workers,
    });
    this.boss.on('error', (err) => this.logger.error(`pg-boss: ${redactErrorText(err.message)}`));
  }

  async onModuleInit(): Promise<void> {
    await this.boss.start();
    for (const name of QUEUES) {
      const policy = {
        retryLimit: this.settings.retryLimit,
        retryDelay: this.settings.retryDelaySeconds,
        retryBackoff: true,
        expireInSeconds: LONG_JOB_EXPIRE_SECONDS[name] ?? this.settings.expireSeconds,
      };
      if (await this.boss.getQueue(name)) await this.boss.updateQueue(name, { name, ...policy });
      else await this.boss.createQueue(name, { name, ...policy });
    }
    this.started = true;
  }

  /**
   * Before the shutdown hooks, where TypeORM closes its pool (its module runs its hooks first): the
   * workers stop fetching, the jobs in hand finish while the database is still there, and one that
   * does not within STOP_TIMEOUT_MS is handed back for another instance.
   */
  async beforeApplicationShutdown(): Promise<void> {
    if (!this.started) return;
    if (!this.runnersStopped) {
      const finished = await Promise.all(this.runners.map((r) => r.stop(STOP_TIMEOUT_MS)));
      if (!finished.every(Boolean)) this.logger.warn('jobs still running at shutdown were handed back');
    }
    await this.boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS, wait: true });
    this.started = false;
  }

  /**
   * Before a clean stop, once no more requests come: works the jobs of this instance's queues that
   * were due by now (a booking's mail), for at most `timeoutMs`, then stops the workers. What is
   * left, due jobs not begun and running ones handed back, is counted per queue (never its data):
   * any other instance, or this one's next start, picks it up.
   */
  async drain(timeoutMs: number): Promise<DrainReport> {
    if (!this.started || this.runners.length === 0) return { due: 0, left: {} };
    const until = performance.now() + timeoutMs;
    const queues = this.runners.map((r) => r.name);
    let due: Record<string, number> = {};
    let left: Record<string, number>;
    try {
      // The cut-off on the database's clock, which also dates the jobs (created_on).
      const [{ cutoff }] = await this.query<{ cutoff: Date }>('SELECT now() AS cutoff', []);
      const count = () => this.dueJobs(queues, cutoff);
      due = left = await count();
      // Until every such job is fetched; then stop() fetches no more (not other instances' newer
      // jobs, which would keep this one busy to the bound) and waits for the jobs in hand.
      while (total(left) > 0 && performance.now() < until) {
        await new Promise((r) => setTimeout(r, DRAIN_CHECK_MS));
        left = await count();
      }
      this.runnersStopped = true;
      const finished = await Promise.all(this.runners.map((r) => r.stop(Math.max(0, until - performance.now()))));
      left = await count();
      // Jobs still running at the bound were failed by stop(), for pg-boss to retry them elsewhere.
      if (!finished.every(Boolean)) left = { ...left, handedBack: this.runners.reduce((n, r) => n + r.jobsInHand, 0) };
    } catch (err) {
      this.logger.error(`draining the queues failed: ${redactErrorText((err as Error).message)}`);
      left = { ...due, unknown: 1 };
    }
    return { due: total(due), left: Object.fromEntries(Object.entries(left).filter(([, n]) => n > 0)) };
  }

  /** Jobs of these queues waiting to run, due and made by `cutoff`, per queue. */
  private async dueJobs(queues: string[], cutoff: Date): Promise<Record<string, number>> {
    const rows = await this.query<{ name: string; n: number }>(
      `SELECT name, count(*)::int AS n FROM pgboss.job
       WHERE name = ANY($1) AND state IN ('created', 'retry') AND start_after <= now() AND created_on <= $2
       GROUP BY name`,
      [queues, cutoff],
    );
    return Object.fromEntries(rows.map((r) => [r.name, r.n]));
  }

  private async query<T>(text: string, values: unknown[]): Promise<T[]> {
    return (await this.boss.getDb().executeSql(text, values)).rows as T[];
  }

  get workersEnabled(): boolean {
    return this.settings.workers;
  }

  async enqueue<Q extends JobName>(
    manager: EntityManager,
    name: Q,
    data: JobData[Q],
    opts: EnqueueOptions = {},
  ): Promise<string | null> {
    const db = {
      executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query<unknown[]>(text, values) }),
    };
    return this.boss.send(name, data, {
      db,
      ...(opts.startAfter ? { startAfter: delayFrom(opts.startAfter, this.clock.now()) } : {}),
      ...(opts.singletonKey ? { singletonKey: opts.singletonKey } : {}),
      ...(opts.retryLimit !== undefined ? { retryLimit: opts.retryLimit } : {}),
    });
  }

  /** Several jobs in one statement, in the transaction of `manager`. */
  async enqueueMany(manager: EntityManager, jobs: readonly JobSpec[]): Promise<void> {
    if (jobs.length === 0) return;
    const p = new StatementParams();
    await manager.query(insertJobsText(p, jobs, this.clock.now()), p.values);
  }

  /**
   * The jobs as one part of a larger write (a booking's single statement): pg-boss's own insert of
   * several jobs, with its parameters renumbered into the statement's.
   */
  insertPart(jobs: readonly JobSpec[]): WritePart {
    const now = this.clock.now();
    return (p) => insertJobsText(p, jobs, now);
  }

  /**
   * Runs the queue's jobs in this instance, `concurrency` at once (see QueueRunner: one fetch fills
   * the free slots, completions are written in groups, a dead instance holds at most `concurrency`).
   */
  work<Q extends JobName>(name: Q, handler: JobHandler<JobData[Q]>, opts: WorkOptions = {}): Promise<void> {
    if (!this.settings.workers) return Promise.resolve();
    const concurrency = Math.max(1, Math.floor(opts.concurrency ?? 1));
    const runner = new QueueRunner(this.boss, name, handler, concurrency, POLL_SECONDS * 1000, this.logger);
    this.runners.push(runner);
    runner.start();
    return Promise.resolve();
  }

  /** A cron job (in the time zone given): pg-boss makes one job per tick, across all instances. */
  async schedule<Q extends JobName>(name: Q, cron: string, data: JobData[Q], tz: string): Promise<void> {
    await this.boss.schedule(name, cron, data, { tz });
  }

  /** The queue's jobs that gave up, newest first, the job table and the archive together. */
  async failedJobs<Q extends JobName>(name: Q, filter: JobFilter<Q>): Promise<FailedJob<Q>[]> {
    const { where, values } = dataFilter(filter, 2);
    const { rows } = await this.boss.getDb().executeSql(
      `SELECT id, data, retry_count, output, completed_on FROM pgboss.job WHERE name = $1 AND state = 'failed'${where}
       UNION ALL
       SELECT id, data, retry_count, output, completed_on FROM pgboss.archive WHERE name = $1
         AND state = 'failed'${where}
       ORDER BY completed_on DESC NULLS LAST LIMIT ${MAX_FAILED_LISTED}`,
      [name, ...values],
    );
    return rows.map(
      (r: {
        id: string;
        data: JobData[Q];
        retry_count: number;
        output: { message?: string } | null;
        completed_on: Date | null;
      }) => ({
        id: r.id,
        data: r.data,
        retryCount: r.retry_count,
        message: r.output?.message ?? null,
        failedAt: r.completed_on,
      }),
    );
  }

  /** Sends a failed job again; false when no failed job of that queue has this id and matches the filter. */
  async retryFailed<Q extends JobName>(name: Q, id: string, filter: JobFilter<Q>): Promise<boolean> {
    const { where, values } = dataFilter(filter, 3);
    const { rows } = await this.boss
      .getDb()
      .executeSql(`SELECT 1 FROM pgboss.job WHERE id = $1 AND name = $2 AND state = 'failed'${where}`, [
        id,
        name,
        ...values,
      ]);
    if (rows.length === 0) return false;
    await this.boss.retry(name, id);
    return true;
  }
}

/**
 * pg-boss's insertJobs statement ($1 the jobs as JSON, $2–$6 the constructor's defaults, which
 * Samtal leaves to each queue's policy) with its parameters taken from `p`.
 */
function insertJobsText(p: StatementParams, jobs: readonly JobSpec[], now: Date): string {
  const rows = jobs.map((j) => ({
    name: j.name,
    data: j.data,
    ...(j.opts?.startAfter ? { startAfter: delayFrom(j.opts.startAfter, now) } : {}),
    ...(j.opts?.singletonKey ? { singletonKey: j.opts.singletonKey } : {}),
    ...(j.opts?.retryLimit !== undefined ? { retryLimit: j.opts.retryLimit } : {}),
  }));
  const params = [p.add(JSON.stringify(rows)), p.add(null), p.add(null), p.add(null), p.add(null), p.add(null)];
  return INSERT_JOBS_SQL.replace(/\$([1-6])\b/g, (_, n: string) => params[Number(n) - 1]);
}

/**
 * A due time as pg-boss's relative form (an interval it adds to the database's now()), not as an
 * instant: the time until it on the app's clock. pg-boss starts a job when the database's clock
 * passes start_after; an absolute instant from a clock that is not the database's (a host's skew, a
 * test's fixed week) would start it early or late by the difference. Past times give a negative
 * delay, due at once.
 */
export function delayFrom(at: Date, now: Date): string {
  return `${at.getTime() - now.getTime()} milliseconds`;
}

/** The filter's keys come from the JobData types (code, not input); values are bound parameters. */
function dataFilter(
  filter: Record<string, string | undefined>,
  firstParam: number,
): { where: string; values: string[] } {
  const entries = Object.entries(filter).filter((e): e is [string, string] => e[1] !== undefined);
  for (const [key] of entries) if (!/^[A-Za-z]+$/.test(key)) throw new Error(`job filter key ${key}`);
  return {
    where: entries.map(([key], i) => ` AND data->>'${key}' = $${firstParam + i}`).join(''),
    values: entries.map(([, value]) => value),
  };
}
