import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { runBookingContendedBench } from './booking-contended.bench';
import { runBookingBench, type RunStats } from './booking.bench';
import { runCalendarBench } from './calendar.bench';
import { runEngineBench } from './engine.bench';
import { runExternalBusyBench } from './external-busy.bench';
import { runHttpBench } from './http.bench';
import { runMailBench } from './mail.bench';
import { roundTrips, runRaceBench, tripRange } from './race.bench';
import { BenchApp, BenchDatabase, BenchRow, markdownTable, openBenchDatabase, Seeder, startBenchApp } from './support';

/**
 * `npm run bench`: the slot engine, slot search over HTTP, the calendar's week page, slot search with
 * external busy time, the booking race, booking throughput, bookings that all want the first
 * time, and the mail queue, in that order. Prints
 * one table and writes it to bench/RESULTS.md. `npm run bench -- mail race` runs only the steps named
 * (engine, http, calendar, external-busy, trips, race, booking, booking-contended, mail) and prints their table without
 * writing the file. Exits non-zero only when a correctness check
 * fails (or the bench itself breaks): speed targets depend on the machine and only get reported.
 */

const log = (line: string) => console.log(`[bench] ${line}`);
const loads = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(', ');

function engineRows(results: ReturnType<typeof runEngineBench>): BenchRow[] {
  // The budgets of the two engine scenarios, in the order runEngineBench returns them.
  const budgets = [1, 25];
  return results.flatMap((r, i) => [
    {
      name: `engine: ${r.name}, median`,
      value: r.median_ms,
      unit: 'ms',
      target: `< ${budgets[i]}`,
      ok: r.median_ms < budgets[i],
    },
    { name: `engine: ${r.name}, p95`, value: r.p95_ms, unit: 'ms', target: '' },
  ]);
}

/**
 * How busy the machine's cores are over `ms`, from the kernel's CPU counters. The load average lags
 * by minutes (it still counts a run that just ended), so it cannot say whether others are busy now.
 */
async function cpuBusyPercent(ms: number): Promise<number> {
  const total = () =>
    cpus().reduce(
      (acc, c) => {
        const t = c.times;
        return {
          busy: acc.busy + t.user + t.nice + t.sys + t.irq,
          all: acc.all + t.user + t.nice + t.sys + t.irq + t.idle,
        };
      },
      { busy: 0, all: 0 },
    );
  const before = total();
  await new Promise((r) => setTimeout(r, ms));
  const after = total();
  return Math.round((100 * (after.busy - before.busy)) / Math.max(1, after.all - before.all));
}

const STEPS = [
  'engine',
  'http',
  'calendar',
  'external-busy',
  'trips',
  'race',
  'booking',
  'booking-contended',
  'mail',
] as const;

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  for (const s of only)
    if (!(STEPS as readonly string[]).includes(s)) throw new Error(`unknown step ${s}; steps: ${STEPS.join(', ')}`);
  const wanted = (s: (typeof STEPS)[number]) => only.length === 0 || only.includes(s);
  const startedAt = new Date();
  const loadBefore = loads();
  // The bench needs every core it can get (app, PostgreSQL and load generator share them); a busy
  // machine before the start means the speed numbers say as much about the neighbours as about us.
  const busy = await cpuBusyPercent(2000);
  const underLoad =
    busy >= 20
      ? `Measured under load: the ${cpus().length} cores were ${busy}% busy in the 2 s before the start, so speed numbers are noisy`
      : '';
  log(`load average before: ${loadBefore}; cores ${busy}% busy`);
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  let db: BenchDatabase | undefined;
  let b: BenchApp | undefined;
  let failure: unknown;
  let interrupted = false;
  /** The booking step's runs, beside which the contended step puts its own. */
  let uncontended: RunStats[] = [];

  // Called from the finally block and on a signal, possibly both at once: each close is memoised
  // (BenchDatabase.close is too), so the second caller waits for the same close.
  let appClosed: Promise<void> | undefined;
  const cleanup = async () => {
    if (b) await (appClosed ??= b.app.close().catch((err) => log(`closing the app failed: ${err}`)));
    await db?.close().catch((err) => log(`dropping the bench database failed: ${err}`));
  };
  // Ctrl-C must not leave a database or a PostgreSQL behind. Closing pulls the app and the database
  // from under the running step, which then fails fast; the finally block below closes whatever
  // was opened meanwhile. A second Ctrl-C kills at once.
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    log(`${signal}: cleaning up`);
    void cleanup();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const step = (name: string) => {
    if (interrupted) throw new Error('interrupted');
    log(name);
  };

  try {
    if (wanted('engine')) {
      step('engine');
      rows.push(...engineRows(runEngineBench()));
    }

    step('database');
    db = await openBenchDatabase(log);
    step('app');
    b = await startBenchApp(db.url);
    log(`app on ${b.baseUrl}`);

    if (wanted('http')) {
      step('http: seeding, then autocannon');
      const http = await runHttpBench(b, log);
      rows.push(...http.rows);
      notes.push(...http.notes);
    }

    if (wanted('calendar')) {
      step('calendar: the week page with 200 appointments');
      rows.push(...(await runCalendarBench(b, log)));
    }

    if (wanted('external-busy')) {
      step('external busy: slot search with 2,000 external busy events vs without');
      rows.push(...(await runExternalBusyBench(b, log)));
    }

    if (only.includes('trips') && !wanted('race')) {
      // The race step counts them too; alone, this is the quick check while cutting statements.
      step('trips: the statements of one booking');
      const trips = await roundTrips(b, new Seeder(b), tripRange());
      rows.push(...trips.rows);
      notes.push(...trips.notes);
    }

    if (wanted('race')) {
      step('race');
      const race = await runRaceBench(b, log);
      rows.push(...race.rows);
      notes.push(...race.notes);
    }

    if (wanted('booking')) {
      step('booking: throughput and CPU per booking, load from a child process; pgbench beside it');
      const booking = await runBookingBench(b, db.url, log);
      rows.push(...booking.rows);
      notes.push(...booking.notes);
      uncontended = booking.runs;
    }

    if (wanted('booking-contended')) {
      step(
        'booking-contended: everyone wants the first time (3 caseworkers, each start wanted by 3), public and staff',
      );
      const contended = await runBookingContendedBench(b, log, uncontended);
      rows.push(...contended.rows);
      notes.push(...contended.notes);
    }

    if (wanted('mail')) {
      step('mail: a backlog drained by a worker process, then bookings while it sends');
      const mail = await runMailBench(b, db.url, log);
      rows.push(...mail.rows);
      notes.push(...mail.notes);
    }
  } catch (err) {
    failure = err;
    if (!interrupted) console.error('[bench] the bench did not finish:', err);
  } finally {
    await cleanup();
  }
  // An interrupted run keeps the previous results file.
  if (interrupted) return 130;

  const loadAfter = loads();
  const table = markdownTable(rows);
  const missedSpeed = rows.filter((r) => r.ok === false && !r.correctness);
  const failedChecks = rows.filter((r) => r.ok === false && r.correctness);
  console.log(`\n${table}\n`);
  for (const n of notes) console.log(`- ${n}`);
  console.log(
    `\nload average before ${loadBefore}, after ${loadAfter} (1, 5, 15 min); cores ${busy}% busy in the 2 s before the start (a snapshot: others may start later)`,
  );
  if (underLoad) console.log(underLoad);
  for (const r of missedSpeed) console.log(`MISSED SPEED TARGET: ${r.name}: ${r.value} ${r.unit}, target ${r.target}`);
  for (const r of failedChecks)
    console.log(`CORRECTNESS FAILURE: ${r.name}: ${r.value} ${r.unit}, expected ${r.target}`);

  const results = [
    '# Benchmark results',
    '',
    `- date: ${startedAt.toISOString()}`,
    `- node: ${process.version} (${process.platform} ${process.arch})`,
    '- command: `npm run bench`',
    `- load average (1, 5, 15 min) before: ${loadBefore}; after: ${loadAfter}; ${cpus().length} cores, ${busy}% busy in the 2 s before the start`,
    ...(underLoad ? [`- **${underLoad}**`] : []),
    ...(failure
      ? [`- **the run did not finish**: ${failure instanceof Error ? failure.message : inspect(failure)}`]
      : []),
    '',
    table,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ].join('\n');
  // A run of some steps only prints: the file keeps the last whole run.
  if (only.length === 0) writeFileSync(join(__dirname, '..', '..', 'bench', 'RESULTS.md'), results);

  if (failure || failedChecks.length > 0) return 1;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
