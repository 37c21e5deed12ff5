import type { Logger } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { redactErrorText } from '../common/logger';

export type JobHandler<D> = (data: D, job: PgBoss.JobWithMetadata<D>) => Promise<void>;

/**
 * Runs one queue's jobs in this instance, at most `concurrency` at once, with few statements per job:
 *
 * - **Fetch what there is room for.** Whenever a slot is free and no fetch is under way, one fetch
 *   takes as many jobs as there are free slots (pg-boss's own SKIP LOCKED fetch). Under a burst the
 *   slots that free up while a fetch travels are filled by the next one, so the fetches grow with
 *   the load instead of costing one statement a job.
 * - **Complete in groups.** A finished job's completion joins the ones waiting for the statement in
 *   flight; each statement completes all that gathered meanwhile (a group commit).
 * - **A job is in hand until its completion is written.** Its slot frees only then, so an instance
 *   that dies holds at most `concurrency` jobs of the queue (sent, perhaps, but not marked done),
 *   which come again at another instance after their expiry. That is the bound operators are told.
 *
 * An idle queue (nothing in hand, nothing found) is looked at again every `pollMs`. A failed job is
 * failed on its own, with its message redacted (it may quote an address), so pg-boss retries it.
 */
export class QueueRunner<D extends object> {
  private readonly inHand = new Set<string>();
  private fetching = false;
  private stopping = false;
  private poll: NodeJS.Timeout | null = null;
  private readonly toComplete: Array<{ id: string; written: () => void }> = [];
  private completing = false;
  private readonly idle = new Set<() => void>();

  constructor(
    private readonly boss: PgBoss,
    readonly name: string,
    private readonly handler: JobHandler<D>,
    private readonly concurrency: number,
    private readonly pollMs: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.fill();
  }

  /**
   * Fetches no more; resolves when the jobs in hand are done (true) or after `timeoutMs` (false:
   * those still running are failed, so that pg-boss hands them to another instance at once).
   */
  async stop(timeoutMs: number): Promise<boolean> {
    this.stopping = true;
    if (this.poll) clearTimeout(this.poll);
    this.poll = null;
    if (this.isIdle()) return true;
    let timer: NodeJS.Timeout | undefined;
    let done: (() => void) | undefined;
    const finished = await Promise.race([
      new Promise<true>((resolve) => {
        done = () => resolve(true);
        this.idle.add(done);
      }),
      new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (done) this.idle.delete(done);
    if (!finished)
      for (const id of this.inHand)
        await this.boss
          .fail(this.name, id, { message: 'the instance shut down while the job ran' })
          .catch((e: Error) => this.logger.error(`job ${this.name} ${id}: ${redactErrorText(e.message)}`));
    return finished;
  }

  /** Jobs in hand, or a fetch under way (which may bring some). */
  get busy(): boolean {
    return !this.isIdle();
  }

  get jobsInHand(): number {
    return this.inHand.size;
  }

  private isIdle(): boolean {
    return this.inHand.size === 0 && !this.fetching;
  }

  private fill(): void {
    if (this.stopping || this.fetching) return;
    const free = this.concurrency - this.inHand.size;
    if (free <= 0) return;
    if (this.poll) clearTimeout(this.poll);
    this.poll = null;
    this.fetching = true;
    void this.fetch(free);
  }

  private async fetch(n: number): Promise<void> {
    let jobs: PgBoss.JobWithMetadata<D>[] = [];
    try {
      jobs = await this.boss.fetch<D>(this.name, { batchSize: n, includeMetadata: true });
    } catch (err) {
      this.logger.error(`job ${this.name}: fetch failed: ${redactErrorText((err as Error).message)}`);
    } finally {
      this.fetching = false;
    }
    // Fetched jobs are active in the database: they run even when a stop came meanwhile.
    for (const job of jobs) void this.run(job);
    // Nothing in hand and nothing found: look again later. Otherwise each job that ends fills up.
    if (this.inHand.size === 0) this.schedulePoll();
    this.signalIfIdle();
  }

  private schedulePoll(): void {
    if (this.stopping || this.poll) return;
    this.poll = setTimeout(() => {
      this.poll = null;
      this.fill();
    }, this.pollMs);
    this.poll.unref();
  }

  private async run(job: PgBoss.JobWithMetadata<D>): Promise<void> {
    this.inHand.add(job.id);
    try {
      await this.handler(job.data, job);
      await this.complete(job.id);
    } catch (err) {
      // The text may come from outside (an SMTP server quoting the recipient): it is logged and
      // stored with the job, and admins read it, so no address or token stays in it.
      const message = redactErrorText(err instanceof Error ? err.message : String(err));
      this.logger.warn(`job ${this.name} ${job.id} failed: ${message}`);
      await this.boss
        .fail(this.name, job.id, { message })
        .catch((e: Error) =>
          this.logger.error(`job ${this.name} ${job.id}: could not be failed: ${redactErrorText(e.message)}`),
        );
    } finally {
      this.inHand.delete(job.id);
    }
    this.fill();
    this.signalIfIdle();
  }

  /** Resolves when a statement has marked the job completed (or could not: then it expires and comes again). */
  private complete(id: string): Promise<void> {
    return new Promise((written) => {
      this.toComplete.push({ id, written });
      if (!this.completing) void this.writeCompletions();
    });
  }

  private async writeCompletions(): Promise<void> {
    this.completing = true;
    while (this.toComplete.length > 0) {
      const group = this.toComplete.splice(0);
      try {
        await this.boss.complete(
          this.name,
          group.map((c) => c.id),
        );
      } catch (err) {
        this.logger.error(
          `job ${this.name}: ${group.length} jobs done but not marked completed (they run again after their expiry): ${redactErrorText((err as Error).message)}`,
        );
      }
      for (const c of group) c.written();
    }
    this.completing = false;
  }

  private signalIfIdle(): void {
    if (!this.isIdle()) return;
    for (const done of this.idle) done();
  }
}
