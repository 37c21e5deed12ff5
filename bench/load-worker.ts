/**
 * The booking step's load generator, in a process of its own (forked by booking.bench.ts), so that
 * building and sending requests costs neither the app's event loop nor the app process's CPU count.
 *
 * Protocol over the IPC channel: the parent sends `load` (the requests), the worker answers `loaded`;
 * the parent takes its CPU snapshots and sends `go` (concurrency, seconds, how many requests from
 * which index); the worker answers `result`. `load` once, `go` as often as wanted, then disconnect.
 */

export interface LoadRequest {
  method: string;
  path: string;
  body?: unknown;
  token?: string;
}

export type ParentMessage =
  | { type: 'load'; baseUrl: string; requests: LoadRequest[] }
  | {
      type: 'go';
      from: number;
      to: number;
      /** The most requests in flight. */
      concurrency: number;
      seconds: number;
      /**
       * Paced: request k starts k / perSecond seconds after the first (or as soon after as a slot
       * frees), as a rush arrives, whatever the app's pace. Without it, each answer starts the next.
       */
      perSecond?: number;
    };

export interface LoadResult {
  type: 'result';
  /** Requests started (each one finished: a run stops starting new ones at the deadline). */
  done: number;
  elapsedMs: number;
  /** Per request, in the order they finished. */
  latenciesMs: number[];
  statuses: number[];
  firstUnexpected?: string;
}

export type WorkerMessage = { type: 'loaded'; count: number } | LoadResult | { type: 'error'; message: string };

/** Every request gives up after this long, so a stuck app cannot hang the bench. */
const REQUEST_TIMEOUT_MS = 30_000;

let baseUrl = '';
let requests: LoadRequest[] = [];
// Built once: a run should time the app, not JSON.stringify in the load generator.
let bodies: Array<string | undefined> = [];

async function fire(r: LoadRequest, body: string | undefined): Promise<{ status: number; text: string }> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (r.token) headers.authorization = `Bearer ${r.token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    // Node's fetch (undici) keeps connections alive and reuses them: with `concurrency` requests in
    // flight it holds that many sockets open to the app.
    const res = await fetch(`${baseUrl}${r.path}`, {
      method: r.method,
      headers,
      body,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    return { status: res.status, text: await res.text() };
  } catch (err) {
    return { status: 0, text: err instanceof Error ? err.message : String(err) };
  }
}

async function run(
  from: number,
  to: number,
  concurrency: number,
  seconds: number,
  perSecond?: number,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const statuses: number[] = [];
  let firstUnexpected: string | undefined;
  let next = from;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const worker = async () => {
    while (next < to && performance.now() < deadline) {
      const i = next++;
      if (perSecond) {
        const due = started + ((i - from) * 1000) / perSecond;
        if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
      }
      const t = performance.now();
      const res = await fire(requests[i], bodies[i]);
      latenciesMs.push(performance.now() - t);
      statuses.push(res.status);
      if (res.status !== 201) firstUnexpected ??= `${res.status} ${res.text.slice(0, 300)}`;
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, to - from)) }, worker));
  return {
    type: 'result',
    done: next - from,
    elapsedMs: performance.now() - started,
    latenciesMs,
    statuses,
    firstUnexpected,
  };
}

function send(msg: WorkerMessage): void {
  process.send?.(msg);
}

if (require.main === module) {
  if (!process.send) {
    console.error('load-worker: run me with child_process.fork (an IPC channel is needed)');
    process.exit(2);
  }
  process.on('message', (msg: ParentMessage) => {
    if (msg.type === 'load') {
      baseUrl = msg.baseUrl;
      requests = msg.requests;
      bodies = requests.map((r) => (r.body === undefined ? undefined : JSON.stringify(r.body)));
      send({ type: 'loaded', count: requests.length });
    } else if (msg.type === 'go') {
      run(msg.from, msg.to, msg.concurrency, msg.seconds, msg.perSecond).then(send, (err: unknown) =>
        send({ type: 'error', message: err instanceof Error ? err.message : String(err) }),
      );
    }
  });
  // The parent went away (finished or died): nothing left to do.
  process.on('disconnect', () => process.exit(0));
}
