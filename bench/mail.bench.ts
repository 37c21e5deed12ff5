import { ChildProcess, fork, spawn } from 'node:child_process';
import { join } from 'node:path';
import { JobsService } from '../src/jobs/jobs.service';
import type { NotifyJob } from '../src/jobs/job-contracts';
import { NotificationComposer } from '../src/notifications/notification-composer';
import { LoadGenerator, staffBookingRequests } from './load-generator';
import type { SinkMessage } from './smtp-sink-process';
import {
  BenchApp,
  BenchResult,
  BenchRow,
  call,
  countStatements,
  expectCall,
  nextMonday,
  pool,
  processCpuMs,
  round,
  Seeder,
  tally,
} from './support';

/** The backlog the worker drains: this many notify jobs, copies of real bookings' confirmations. */
const BACKLOG = Number(process.env.BENCH_MAIL_JOBS ?? 2000);
/** Bookings made first (their confirmations are what the backlog copies). */
const SEED_BOOKINGS = 200;
const CALENDARS = 20;
/** Under load: staff bookings with this many in flight, for this long, while the worker sends. */
const LOAD_CLIENTS = 20;
const LOAD_SECONDS = 10;
/**
 * The rush: bookings arriving at this rate (BENCH_MAIL_RATE), more than the whole service took
 * before issue 14 (50–118/s). Kept up with: the queue ends no longer than one second of arrivals
 * (it does not grow with the rush's length) and is empty within KEPT_UP_EMPTY_MS after it.
 */
const LOAD_RATE = Number(process.env.BENCH_MAIL_RATE ?? 150);
const KEPT_UP_EMPTY_MS = 2000;

interface LoadPhase {
  label: string;
  paced: boolean;
  perSecond: number;
  mailsPerSecond: number;
  depthStart: number;
  depthEnd: number;
  depthMax: number;
  drainAfterMs: number | null;
}
/** A drain that takes longer is cut off and reported at the rate it reached. */
const DRAIN_BUDGET_MS = 120_000;
const AFTER_LOAD_BUDGET_MS = 60_000;

/** The loopback SMTP server in its own process (smtp-sink-process.ts), and what it has reported. */
class CountingSink {
  readonly received: Array<{ jobId: string; at: number }> = [];
  connections = 0;
  maxInFlight = 0;
  port = 0;
  private child: ChildProcess | null = null;

  async start(): Promise<this> {
    const child = fork(join(__dirname, 'smtp-sink-process.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child = child;
    this.port = await new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`mail bench: the SMTP sink exited (${code})`)));
      child.on('message', (msg: SinkMessage) => {
        if (msg.type === 'listening') resolve(msg.port);
        else {
          this.received.push(...msg.mails);
          this.connections = msg.connections;
          this.maxInFlight = msg.maxInFlight;
        }
      });
    });
    return this;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** Waits for its last report (sent within REPORT_MS of a mail), then ends it. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await sleep(100);
    const exited = new Promise((r) => child.once('exit', r));
    child.disconnect();
    await exited;
  }
}

/** The built service as a worker only (as an operator would run one), in a process of its own. */
function startWorker(databaseUrl: string, smtpUrl: string): ChildProcess {
  // BENCH_WORKER_MAIN: another build's main.js (e.g. the code before a change), for a before/after run.
  const main = process.env.BENCH_WORKER_MAIN ?? join(__dirname, '..', 'src', 'main.js');
  // BENCH_WORKER_NODE_ARGS: flags for its node, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  return spawn(process.execPath, [...nodeArgs, main], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      DATABASE_URL: databaseUrl,
      SMTP_URL: smtpUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      MIGRATIONS_RUN: 'false',
      SEED_DEMO: 'false',
      JOBS_ENABLED: 'true',
      LOG_LEVEL: 'silent',
      PUBLIC_URL: 'http://bench.local',
      // The operator's knobs pass through, so a run can compare settings.
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => /^(MAIL_|DATABASE_POOL_SIZE$)/.test(k))),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function stopWorker(worker: ChildProcess): Promise<number | string | null> {
  if (worker.exitCode !== null || worker.signalCode !== null) return worker.exitCode ?? worker.signalCode;
  const exited = new Promise<number | string | null>((r) => worker.once('exit', (code, sig) => r(code ?? sig)));
  worker.kill('SIGTERM');
  const timer = setTimeout(() => worker.kill('SIGKILL'), 30_000);
  try {
    return await exited;
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Mail throughput: a backlog of notify jobs (copies of real confirmations: composed at send time,
 * links minted then) drained by one worker process into a loopback SMTP server; then staff
 * bookings arriving while the worker sends, and whether the queue keeps up with them.
 */
export async function runMailBench(
  b: BenchApp,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const seed = new Seeder(b);
  const jobs = b.app.get(JobsService);
  const queued = async () =>
    (
      await b.db.query<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'notify' AND state IN ('created', 'retry', 'active') AND start_after <= now()`,
      )
    )[0].n;

  // Earlier steps' confirmations (workers were off) would be drained too; cancel them so the backlog is ours.
  const leftover = await b.db.query<Array<{ id: string }>>(
    `SELECT id FROM pgboss.job WHERE name = 'notify' AND state IN ('created', 'retry') AND start_after <= now()`,
  );
  for (let i = 0; i < leftover.length; i += 500)
    await jobs.boss.cancel(
      'notify',
      leftover.slice(i, i + 500).map((r) => r.id),
    );

  const { unit, typeId, calendars, clients } = await seed.staffUnit('mail', CALENDARS, LOAD_CLIENTS);
  const from = nextMonday();
  const range = `from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(from.plus({ days: 56 }).toISO()!)}`;
  const starts = (
    await expectCall<{ slots: Array<{ startsAt: string }> }>(
      b.baseUrl,
      'GET',
      `/api/v1/caseworkers/${calendars[0].id}/slots?meetingTypeId=${typeId}&mode=in_person&${range}`,
      200,
      { token: unit.adminToken },
    )
  ).slots.map((s) => s.startsAt);
  const bookings = staffBookingRequests({
    token: unit.adminToken,
    calendars,
    clients,
    meetingTypeId: typeId,
    starts,
    count: starts.length * CALENDARS,
  });
  let nextBooking = 0;
  const book = (i: number) => call(b.baseUrl, 'POST', bookings[i].path, bookings[i]);

  // --- The backlog --------------------------------------------------------------------------------
  const seeded = await pool(SEED_BOOKINGS, LOAD_CLIENTS, Date.now() + 120_000, async () => {
    const res = await book(nextBooking++);
    if (res.status !== 201) throw new Error(`mail bench: booking answered ${res.status}`);
  });
  const confirmations = await b.db.query<Array<{ data: object }>>(
    `SELECT data FROM pgboss.job WHERE name = 'notify' AND state = 'created' AND data->>'unitId' = $1 AND data->>'kind' = 'confirmed'`,
    [unit.id],
  );
  if (confirmations.length < seeded) throw new Error(`mail bench: ${confirmations.length} confirmations queued`);
  const backlog = Array.from({ length: BACKLOG }, (_, i) => ({
    name: 'notify',
    data: confirmations[i % confirmations.length].data,
  }));
  // The seeded confirmations themselves go out too: cancel them, so the backlog is exactly BACKLOG.
  const seededIds = await b.db.query<Array<{ id: string }>>(
    `SELECT id FROM pgboss.job WHERE name = 'notify' AND state = 'created' AND data->>'unitId' = $1 AND data->>'kind' = 'confirmed'`,
    [unit.id],
  );
  await jobs.boss.cancel(
    'notify',
    seededIds.map((r) => r.id),
  );
  for (let i = 0; i < backlog.length; i += 500) await jobs.boss.insert(backlog.slice(i, i + 500));
  const backlogIds = new Set(
    (
      await b.db.query<Array<{ id: string }>>(
        `SELECT id FROM pgboss.job WHERE name = 'notify' AND state = 'created' AND data->>'unitId' = $1 AND data->>'kind' = 'confirmed'`,
        [unit.id],
      )
    ).map((r) => r.id),
  );
  log(`mail: ${backlogIds.size} notify jobs queued (copies of ${confirmations.length} confirmations)`);

  // The statements composing one of them takes (in this process, the worker's own code): what each
  // mail costs the database besides pg-boss's fetch and complete. It mints that mail's links too.
  const composer = b.app.get(NotificationComposer);
  const composeStatements = await countStatements(() =>
    composer.compose(confirmations[0].data as NotifyJob, 'bench-statements'),
  );
  log(`mail: composing one confirmation: ${composeStatements.length} statements`);
  rows.push({
    name: 'mail: statements composing one confirmation (pg-boss fetch and complete not counted)',
    value: composeStatements.length,
    unit: 'count',
    target: 'report',
  });
  notes.push(`mail: composing one confirmation runs ${composeStatements.join('; ')}`);

  const sink = await new CountingSink().start();
  const worker = startWorker(databaseUrl, sink.url);
  try {
    const drainStart = Date.now();
    let cpuAtFirst: { worker: number | null; sink: number | null } | null = null;
    while (sink.received.length < backlogIds.size && Date.now() - drainStart < DRAIN_BUDGET_MS) {
      if (worker.exitCode !== null) throw new Error(`mail bench: the worker exited with ${worker.exitCode}`);
      if (!cpuAtFirst && sink.received.length > 0)
        cpuAtFirst = { worker: processCpuMs(worker.pid), sink: processCpuMs(sink.pid) };
      await sleep(20);
    }
    const workerCpu = processCpuMs(worker.pid);
    const sinkCpu = processCpuMs(sink.pid);
    const got = sink.received.slice();
    // From the first mail to the last: the worker's boot is not part of its sending rate.
    const first = got[0]?.at ?? Date.now();
    const last = got[got.length - 1]?.at ?? first;
    const drainRate = got.length > 1 ? round((got.length - 1) / ((last - first) / 1000), 1) : 0;
    const drained = got.length >= backlogIds.size;
    const perMail = (ms: number | null | undefined) =>
      ms == null || got.length < 2 ? 'n/a' : round(ms / (got.length - 1), 2);
    const workerCpuPerMail = perMail(
      workerCpu !== null && cpuAtFirst?.worker != null ? workerCpu - cpuAtFirst.worker : null,
    );
    const sinkCpuPerMail = perMail(sinkCpu !== null && cpuAtFirst?.sink != null ? sinkCpu - cpuAtFirst.sink : null);
    log(
      `mail: ${got.length} of ${backlogIds.size} mails in ${round((last - first) / 1000, 1)} s (${drainRate}/s); ${sink.connections} SMTP connections, at most ${sink.maxInFlight} messages in flight`,
    );
    notes.push(
      `mail drain: ${got.length} of ${backlogIds.size} queued confirmations sent in ${round((last - first) / 1000, 1)} s by one worker process (first to last mail)${drained ? '' : `, cut off after ${DRAIN_BUDGET_MS / 1000} s`}; ${sink.connections} SMTP connections opened, at most ${sink.maxInFlight} messages in flight at the sink`,
    );
    const drainConnections = sink.connections;

    // --- Bookings arriving while the worker sends -----------------------------------------------------
    // After a backlog that was not drained, this shows the queue growing (the mails go out behind it).
    // First a rush at a set pace (each booking starts on time, however the app keeps up), then
    // bookings as fast as the app takes them, where bookings and mails share the two cores.
    const target = { requests: bookings, next: nextBooking };
    const gen = await LoadGenerator.start(b.baseUrl, [target]);
    const loads: LoadPhase[] = [];
    try {
      for (const perSecond of [LOAD_RATE, undefined]) {
        const before = sink.received.length;
        const depthStart = await queued();
        const depths: number[] = [];
        let sampling = true;
        const sampler = (async () => {
          while (sampling) {
            depths.push(await queued());
            await sleep(500);
          }
        })();
        const loadStart = Date.now();
        const { statuses } = await gen.run(
          target,
          perSecond ? LOAD_CLIENTS * 4 : LOAD_CLIENTS,
          LOAD_SECONDS,
          perSecond,
        );
        const loadSeconds = (Date.now() - loadStart) / 1000;
        const duringLoad = sink.received.length - before;
        sampling = false;
        await sampler;
        const depthEnd = await queued();
        const afterStart = Date.now();
        while (drained && (await queued()) > 0 && Date.now() - afterStart < AFTER_LOAD_BUDGET_MS) await sleep(100);
        const drainAfterMs = (await queued()) === 0 ? Date.now() - afterStart : null;
        const booked = statuses.filter((s) => s === 201).length;
        const load: LoadPhase = {
          label: perSecond
            ? `staff bookings arriving at ${perSecond}/s`
            : `staff bookings as fast as taken, ${LOAD_CLIENTS} in flight`,
          paced: perSecond !== undefined,
          perSecond: round(booked / loadSeconds, 1),
          mailsPerSecond: round(duringLoad / loadSeconds, 1),
          depthStart,
          depthEnd,
          depthMax: Math.max(0, ...depths),
          drainAfterMs,
        };
        loads.push(load);
        const summary = `${booked} booked in ${round(loadSeconds, 1)} s (${load.perSecond}/s, statuses ${JSON.stringify(tally(statuses))}) while ${duringLoad} mails went out (${load.mailsPerSecond}/s); notify queue ${depthStart} when they started, at most ${load.depthMax} (sampled every 0.5 s), ${depthEnd} when they stopped, empty ${drainAfterMs === null ? `not within ${AFTER_LOAD_BUDGET_MS / 1000} s` : `${drainAfterMs} ms later`}`;
        log(`mail under load (${load.label}): ${summary}`);
        notes.push(`mail under load, ${load.label} for ${LOAD_SECONDS} s: ${summary}`);
      }
    } finally {
      gen.stop();
    }
    await sleep(1000);
    const exit = await stopWorker(worker);

    // Exactly once: every backlog job's mail arrived once, and no job of the run sent twice.
    const perJob = new Map<string, number>();
    for (const r of sink.received) perJob.set(r.jobId, (perJob.get(r.jobId) ?? 0) + 1);
    const duplicates = [...perJob.values()].filter((n) => n > 1).length;
    const missing = drained ? [...backlogIds].filter((id) => !perJob.has(id)).length : 0;
    const [{ failed }] = await b.db.query<Array<{ failed: number }>>(
      `SELECT count(*)::int AS failed FROM pgboss.job WHERE name = 'notify' AND state IN ('failed', 'retry') AND data->>'unitId' = $1`,
      [unit.id],
    );
    rows.push(
      {
        name: `mail: ${BACKLOG} queued notify jobs, one worker process, loopback SMTP`,
        value: drainRate,
        unit: 'mails/s',
        target: '≥ 100',
        ok: drainRate >= 100,
      },
      {
        name: 'mail: SMTP connections opened for the backlog',
        value: drainConnections,
        unit: 'count',
        target: 'report',
      },
      {
        name: 'mail: worker process CPU per mail (Node, user + system)',
        value: workerCpuPerMail,
        unit: 'ms',
        target: 'report',
      },
      {
        name: 'mail: SMTP sink process CPU per mail',
        value: sinkCpuPerMail,
        unit: 'ms',
        target: 'report',
      },
    );
    for (const load of loads)
      rows.push(
        {
          name: `mail under load: ${load.label}`,
          value: load.perSecond,
          unit: 'bookings/s',
          target: 'report',
        },
        {
          name: `mail under load: mails sent meanwhile (${load.label})`,
          value: load.mailsPerSecond,
          unit: 'mails/s',
          target: 'report (the queue row says whether it keeps up)',
        },
        {
          name: `mail under load: notify queue when the bookings started → stopped (${load.label})`,
          value: `${load.depthStart} → ${load.depthEnd}`,
          unit: 'jobs',
          // The rush must be kept up with; flat out, the row shows how far the mails trail.
          target: load.paced
            ? `end ≤ ${LOAD_RATE} (1 s of arrivals), empty ≤ ${KEPT_UP_EMPTY_MS / 1000} s later`
            : 'report',
          ...(load.paced
            ? {
                ok: load.depthEnd <= LOAD_RATE && load.drainAfterMs !== null && load.drainAfterMs <= KEPT_UP_EMPTY_MS,
              }
            : {}),
        },
      );
    rows.push({
      name: 'mail: duplicate or missing mails, failed jobs',
      value: `${duplicates}, ${missing}, ${failed}`,
      unit: 'count',
      target: '0, 0, 0',
      ok: duplicates === 0 && missing === 0 && failed === 0,
      correctness: true,
    });
    notes.push(`mail: the worker process exited with ${exit} on SIGTERM`);
  } finally {
    if (worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
    await sink.stop();
  }
  return { rows, notes };
}
