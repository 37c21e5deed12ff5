import { Logger } from '@nestjs/common';
import type PgBoss from 'pg-boss';
import { QueueRunner } from './queue-runner';

/**
 * The runner's scheduling against a queue in memory (pg-boss itself, on PostgreSQL, is in the mail
 * queue and delivery specs): what it fetches, how it completes, what it holds.
 */
class MemoryQueue {
  readonly waiting: string[] = [];
  readonly fetches: number[] = [];
  readonly completions: string[][] = [];
  readonly failed: Array<{ id: string; message: string }> = [];
  active = new Set<string>();
  /** Each statement takes this long. */
  latencyMs = 5;

  add(n: number): string[] {
    const ids = Array.from(
      { length: n },
      (_, i) => `job-${this.waiting.length + this.active.size + i}-${Math.random()}`,
    );
    this.waiting.push(...ids);
    return ids;
  }

  private later<T>(value: () => T): Promise<T> {
    return new Promise((r) => setTimeout(() => r(value()), this.latencyMs));
  }

  readonly boss = {
    fetch: (_name: string, opts: { batchSize: number }) => {
      this.fetches.push(opts.batchSize);
      return this.later(() => {
        const ids = this.waiting.splice(0, opts.batchSize);
        for (const id of ids) this.active.add(id);
        return ids.map((id) => ({ id, data: { id } }));
      });
    },
    complete: (_name: string, ids: string[]) => {
      this.completions.push(ids);
      return this.later(() => {
        for (const id of ids) this.active.delete(id);
      });
    },
    fail: (_name: string, id: string, data: { message: string }) =>
      this.later(() => {
        this.active.delete(id);
        this.failed.push({ id, message: data.message });
      }),
  } as unknown as PgBoss;
}

const quiet = new Logger('test');
jest.spyOn(quiet, 'warn').mockImplementation(() => undefined);
jest.spyOn(quiet, 'error').mockImplementation(() => undefined);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(2);
  }
}

describe('QueueRunner', () => {
  it('holds at most `concurrency` jobs, fetches the free slots at once and completes in groups', async () => {
    const q = new MemoryQueue();
    const ids = q.add(60);
    let running = 0;
    let most = 0;
    const ran: string[] = [];
    const runner = new QueueRunner<{ id: string }>(
      q.boss,
      'notify',
      async ({ id }) => {
        running++;
        most = Math.max(most, running);
        await sleep(3 + Math.random() * 10);
        running--;
        ran.push(id);
      },
      8,
      50,
      quiet,
    );
    let mostActive = 0;
    const watch = setInterval(() => (mostActive = Math.max(mostActive, q.active.size)), 1);
    runner.start();
    await until(() => q.active.size === 0 && q.waiting.length === 0 && ran.length === 60);
    clearInterval(watch);
    await runner.stop(1000);

    expect(ran.sort()).toEqual([...ids].sort());
    expect(most).toBe(8);
    // A job stays in hand until its completion is written: the database never has more active.
    expect(mostActive).toBeLessThanOrEqual(8);
    expect(q.fetches[0]).toBe(8);
    expect(q.fetches.every((n) => n >= 1 && n <= 8)).toBe(true);
    // Fewer statements than jobs: fetches and completions cover several jobs each.
    expect(q.fetches.length).toBeLessThan(60);
    expect(q.completions.length).toBeLessThan(60);
    expect(q.completions.flat().sort()).toEqual([...ids].sort());
  });

  it('an idle queue is looked at again after the polling interval', async () => {
    const q = new MemoryQueue();
    const ran: string[] = [];
    const runner = new QueueRunner<{ id: string }>(
      q.boss,
      'notify',
      ({ id }) => Promise.resolve(void ran.push(id)),
      4,
      40,
      quiet,
    );
    runner.start();
    await sleep(20);
    const [id] = q.add(1);
    await until(() => ran.length === 1);
    expect(ran).toEqual([id]);
    await sleep(150);
    // About one fetch per interval while idle, not a busy loop.
    expect(q.fetches.length).toBeGreaterThanOrEqual(3);
    expect(q.fetches.length).toBeLessThan(12);
    await runner.stop(1000);
  });

  it('a failed job is failed on its own with its message redacted; the others complete', async () => {
    const q = new MemoryQueue();
    const [bad, ...good] = q.add(4);
    const runner = new QueueRunner<{ id: string }>(
      q.boss,
      'notify',
      ({ id }) => (id === bad ? Promise.reject(new Error('550 no such user anna@example.org')) : Promise.resolve()),
      4,
      50,
      quiet,
    );
    runner.start();
    await until(() => q.failed.length === 1 && q.completions.flat().length === 3);
    await runner.stop(1000);
    expect(q.failed[0].id).toBe(bad);
    expect(q.failed[0].message).not.toContain('anna@example.org');
    expect(q.completions.flat().sort()).toEqual(good.sort());
  });

  it('stop: fetches nothing more and waits for the jobs in hand, their completion written', async () => {
    const q = new MemoryQueue();
    q.add(10);
    const runner = new QueueRunner<{ id: string }>(q.boss, 'notify', () => sleep(60), 3, 50, quiet);
    runner.start();
    await until(() => q.active.size === 3);
    await expect(runner.stop(5000)).resolves.toBe(true);
    expect(q.active.size).toBe(0);
    expect(q.completions.flat()).toHaveLength(3);
    expect(q.waiting).toHaveLength(7);
    await sleep(120);
    expect(q.waiting).toHaveLength(7);
  });

  it('stop after its timeout hands the jobs still running back (failed, so pg-boss retries them)', async () => {
    const q = new MemoryQueue();
    const ids = q.add(2);
    const runner = new QueueRunner<{ id: string }>(q.boss, 'notify', () => sleep(1000), 2, 50, quiet);
    runner.start();
    await until(() => q.active.size === 2);
    await expect(runner.stop(50)).resolves.toBe(false);
    expect(q.failed.map((f) => f.id).sort()).toEqual([...ids].sort());
    await sleep(1100);
  });
});
