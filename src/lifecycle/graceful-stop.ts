import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { ShutdownState } from '../health/shutdown-state';
import { JobsService } from '../jobs/jobs.service';

export interface StopSettings {
  /** How long the listener keeps serving after the signal, readiness answering 503. */
  graceSeconds: number;
  /** The bound on what follows: in-flight requests finishing, then the queued jobs being worked. */
  drainSeconds: number;
}

/**
 * A clean stop that leaves no accepted work behind:
 * 1. readiness answers 503 at once, and every answer from now on closes its connection;
 * 2. the listener keeps serving for the grace, for a load balancer to notice and send no more;
 * 3. it closes: no new connections, idle kept-alive ones are closed, requests in flight finish;
 * 4. the jobs those requests queued (their mails) are worked, within the drain bound; what is left
 *    is logged as counts, and stays in the queue for any other instance or the next start;
 * 5. the app closes (workers, pg-boss, pools).
 */
export async function gracefulStop(
  app: INestApplication,
  server: Server,
  logger: Logger,
  signal: string,
  s: StopSettings,
): Promise<void> {
  app.get(ShutdownState).begin(new Date());
  logger.info({ signal, graceSeconds: s.graceSeconds }, 'shutting down: readiness answers 503');
  if (s.graceSeconds > 0) await sleep(s.graceSeconds * 1000);

  const until = performance.now() + s.drainSeconds * 1000;
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  if (!(await within(closed, until))) {
    logger.warn('requests still running at the drain bound were cut off');
    server.closeAllConnections();
  }
  logger.info('listener closed; working the queued jobs');

  const jobs = app.get(JobsService);
  const drained = await jobs.drain(Math.max(0, until - performance.now()));
  if (Object.keys(drained.left).length === 0) logger.info({ due: drained.due }, 'queued jobs worked');
  else
    logger.warn(
      { due: drained.due, left: drained.left },
      'queued jobs left for another instance or the next start (drain bound reached)',
    );
  await app.close();
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** True when `p` settles before the monotonic time `until`. */
async function within(p: Promise<void>, until: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>(
    (r) => (timer = setTimeout(() => r(false), Math.max(0, until - performance.now()))),
  );
  const result = await Promise.race([p.then(() => true as const), timeout]);
  clearTimeout(timer);
  return result;
}
