import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import type { LoadRequest, LoadResult, ParentMessage, WorkerMessage } from './load-worker';

/** A list of requests a run takes its next ones from. */
export interface LoadTarget {
  requests: LoadRequest[];
  /** The first request no run has taken yet. */
  next: number;
}

/**
 * The forked load-worker: every target's requests are sent once up front (one list, each target a
 * slice of it), so a run's window holds only the `go` message and the requests themselves.
 */
export class LoadGenerator {
  /** 201 answers over every run, the warm-up's included: what the database must hold. */
  bookedTotal = 0;
  private readonly offsets = new Map<LoadTarget, number>();
  private pending: ((msg: WorkerMessage) => void) | null = null;
  private exited: string | null = null;

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (msg: WorkerMessage) => {
      const p = this.pending;
      this.pending = null;
      p?.(msg);
    });
    child.on('exit', (code, signal) => {
      this.exited = `the load generator exited (${code ?? signal})`;
      const p = this.pending;
      this.pending = null;
      p?.({ type: 'error', message: this.exited });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  static async start(baseUrl: string, targets: LoadTarget[]): Promise<LoadGenerator> {
    // The compiled worker beside this file (dist/bench/load-worker.js); stdout and stderr are ours.
    const child = fork(join(__dirname, 'load-worker.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const gen = new LoadGenerator(child);
    const requests: LoadRequest[] = [];
    for (const t of targets) {
      gen.offsets.set(t, requests.length);
      requests.push(...t.requests);
    }
    const ack = await gen.ask({ type: 'load', baseUrl, requests });
    if (ack.type !== 'loaded' || ack.count !== requests.length) {
      gen.stop();
      throw new Error(`load generator: ${ack.type === 'error' ? ack.message : `loaded ${JSON.stringify(ack)}`}`);
    }
    return gen;
  }

  /** Fires the target's next requests with `concurrency` in flight for `seconds` or until they run out. */
  async run(t: LoadTarget, concurrency: number, seconds: number, perSecond?: number): Promise<LoadResult> {
    const offset = this.offsets.get(t)!;
    const res = await this.ask({
      type: 'go',
      from: offset + t.next,
      to: offset + t.requests.length,
      concurrency,
      seconds,
      ...(perSecond ? { perSecond } : {}),
    });
    if (res.type !== 'result') throw new Error(`load generator: ${res.type === 'error' ? res.message : res.type}`);
    t.next += res.done;
    const booked = res.statuses.filter((s) => s === 201).length;
    this.bookedTotal += booked;
    return res;
  }

  stop(): void {
    if (this.child.connected) this.child.disconnect();
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
  }

  private ask(msg: ParentMessage): Promise<WorkerMessage> {
    if (this.exited) return Promise.resolve({ type: 'error', message: this.exited });
    return new Promise((resolve) => {
      this.pending = resolve;
      this.child.send(msg);
    });
  }
}

/**
 * Staff bookings (confirmed, in person) over `calendars`, `count` of them: consecutive requests go to
 * different caseworkers, so the ones in flight never share a calendar; each calendar takes `starts` in order.
 */
export function staffBookingRequests(opts: {
  token: string;
  calendars: ReadonlyArray<{ id: string }>;
  clients: readonly string[];
  meetingTypeId: string;
  starts: readonly string[];
  count: number;
}): LoadRequest[] {
  const { calendars, clients, starts } = opts;
  return Array.from({ length: opts.count }, (_, i) => ({
    method: 'POST',
    path: '/api/v1/appointments',
    token: opts.token,
    body: {
      caseworkerId: calendars[i % calendars.length].id,
      clientId: clients[i % clients.length],
      meetingTypeId: opts.meetingTypeId,
      startsAt: starts[Math.floor(i / calendars.length)],
      mode: 'in_person',
    },
  }));
}
