import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { LoadGenerator, staffBookingRequests, type LoadTarget } from './load-generator';
import type { LoadRequest } from './load-worker';
import { doubleBookings, pgbenchInsert, publicUnit } from './race.bench';
import {
  BenchApp,
  BenchResult,
  BenchRow,
  CLOCK_TICKS,
  cpuSpentSince,
  expectCall,
  nextMonday,
  percentile,
  postgresCpuSnapshot,
  processCpuMs,
  round,
  Seeder,
  SeedUnit,
  Slot,
  tally,
  uniqueEmail,
} from './support';

/** Each run lasts this long, or until its requests run out. */
export const SECONDS = Number(process.env.BENCH_BOOKING_SECONDS ?? 8);
/** Before the measured runs: JIT and connection warm-up, public then staff bookings, this long each. */
export const WARM_UP_SECONDS = Number(process.env.BENCH_BOOKING_WARMUP_SECONDS ?? 2);
const CONCURRENCIES = [1, 8] as const;
/** Caseworkers with office hours in each public unit (the admin without hours comes on top). */
const PUBLIC_CASEWORKERS = 4;
const ACROSS_UNITS = 8;
const STAFF_CALENDARS = 20;
/** pgbench, the yardstick: as many clients as the busier runs have requests in flight. */
const PGBENCH_CLIENTS = 8;
const PGBENCH_SECONDS = 10;
/**
 * The most requests a target is given: its runs at 1,500 bookings/s (beyond the issue's goal of a
 * tenth of pgbench's TPS). A faster build runs out early, and the run says so.
 */
const MAX_REQUESTS = Math.max(1000, Math.ceil((CONCURRENCIES.length * SECONDS + WARM_UP_SECONDS) * 1500));
/**
 * Slot search days from next Monday: 11 office weeks, inside the meeting types' 90-day horizon. The
 * API answers at most 62 days a search, so it is asked in windows of this many days.
 */
const RANGE_DAYS = 77;
const WINDOW_DAYS = 56;

/** The issue's targets (2 cores, the machine's PostgreSQL); speed only, so they report, never fail the run. */
const TARGET_PUBLIC_ONE_UNIT_C8 = 250;
const TARGET_STAFF_C8 = 300;
const TARGET_P99_MS = 100;
/** The goal beyond the targets: a tenth of pgbench's TPS. */
const GOAL_PGBENCH_SHARE = 0.1;

/** The requests of one kind of booking, used front to back by its runs (a run continues where the last stopped). */
export interface Target extends LoadTarget {
  key: 'public-one' | 'public-across' | 'staff' | 'public-contended' | 'staff-contended';
  label: string;
}

export interface RunStats {
  target: Target;
  concurrency: number;
  done: number;
  booked: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  unexpected: number;
  firstUnexpected?: string;
  nodeCpuPerBooking: number | string;
  pgCpuPerBooking: number | string;
  pgBackendCpuPerBooking: number | string;
  loadGenCpuMs: number | null;
  machineBusyPercent: number;
  stealPercent: number;
  /** CPU ms the machine was busy beyond the app, PostgreSQL and the load generator: someone else. */
  othersCpuMs: number;
  ranOut: boolean;
}

/**
 * Booking throughput with the load generator in a process of its own: public bookings into one unit,
 * public bookings spread over 8 units, and staff bookings spread over 20 calendars, each at
 * concurrency 1 and 8, every booking on a start no other request in flight asks for. Per run:
 * bookings/s, p50/p99, statuses, and CPU per booking of the app's process (this one: the app runs
 * in-process) and of PostgreSQL; then pgbench's TPS on the same database as the yardstick.
 */
export async function runBookingBench(
  b: BenchApp,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<BenchResult & { runs: RunStats[] }> {
  const seed = new Seeder(b);
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const ranges = bookingRanges();

  // --- Seeding ------------------------------------------------------------------------------------
  const starts = async (path: string, token?: string) => {
    const out: string[] = [];
    for (const range of ranges)
      out.push(
        ...(await expectCall<{ slots: Slot[] }>(b.baseUrl, 'GET', `${path}&${range}`, 200, { token })).slots.map(
          (s) => s.startsAt,
        ),
      );
    return out;
  };
  const publicSlots = (unit: SeedUnit, typeId: string) =>
    starts(`/api/v1/public/units/${unit.slug}/slots?meetingTypeId=${typeId}&mode=in_person`);
  const seedPublic = async (label: string) => {
    const p = await publicUnit(seed, label, 15, PUBLIC_CASEWORKERS);
    return { ...p, starts: await publicSlots(p.unit, p.typeId) };
  };

  const warm = await seedPublic('booking-warm');
  const one = await seedPublic('booking-one');
  const across: Array<Awaited<ReturnType<typeof seedPublic>>> = [];
  for (let i = 0; i < ACROSS_UNITS; i++) across.push(await seedPublic(`booking-across-${i + 1}`));

  // One client per calendar: client i only ever books with caseworker i, on successive starts, so no
  // client rule (one meeting at a time) can refuse a booking.
  const {
    unit: staff,
    typeId: staffTypeId,
    calendars,
    clients,
  } = await seed.staffUnit('booking-staff', STAFF_CALENDARS, STAFF_CALENDARS);
  // Every caseworker has the same hours, so one caseworker's starts are everyone's.
  const staffStarts = await starts(
    `/api/v1/caseworkers/${calendars[0].id}/slots?meetingTypeId=${staffTypeId}&mode=in_person`,
    staff.adminToken,
  );
  for (const [label, starts] of [
    ['public', one.starts],
    ['staff', staffStarts],
  ] as const)
    if (starts.length < 100) throw new Error(`booking bench: only ${starts.length} ${label} starts offered`);

  // --- The requests ------------------------------------------------------------------------------
  // Public bookings walk all starts once before any start comes again, so the requests in flight ask
  // for different starts; each round after the first books the same starts for the next caseworker
  // (the public booking picks a free one itself), up to one round per caseworker.
  const publicBooking = (unit: SeedUnit, typeId: string, startsAt: string): LoadRequest => ({
    method: 'POST',
    path: `/api/v1/public/units/${unit.slug}/bookings`,
    body: {
      meetingTypeId: typeId,
      startsAt,
      mode: 'in_person',
      client: { name: 'Bench Client', email: uniqueEmail() },
    },
  });
  const publicRequests = (p: Awaited<ReturnType<typeof seedPublic>>) =>
    Array.from({ length: Math.min(MAX_REQUESTS, p.starts.length * PUBLIC_CASEWORKERS) }, (_, i) =>
      publicBooking(p.unit, p.typeId, p.starts[i % p.starts.length]),
    );
  const acrossCapacity = Math.min(...across.map((u) => u.starts.length)) * PUBLIC_CASEWORKERS * ACROSS_UNITS;
  const targets: Target[] = [
    { key: 'public-one', label: 'public bookings, one unit', requests: publicRequests(one), next: 0 },
    {
      key: 'public-across',
      label: `public bookings across ${ACROSS_UNITS} units`,
      // Round-robin over the units: request i goes to unit i mod 8, the k-th request of a unit to
      // its start k (mod its starts).
      requests: Array.from({ length: Math.min(MAX_REQUESTS, acrossCapacity) }, (_, i) => {
        const u = across[i % ACROSS_UNITS];
        const k = Math.floor(i / ACROSS_UNITS);
        return publicBooking(u.unit, u.typeId, u.starts[k % u.starts.length]);
      }),
      next: 0,
    },
    {
      key: 'staff',
      label: `staff bookings over ${STAFF_CALENDARS} calendars`,
      requests: staffBookingRequests({
        token: staff.adminToken,
        calendars: calendars.slice(0, STAFF_CALENDARS),
        clients: clients.slice(0, STAFF_CALENDARS),
        meetingTypeId: staffTypeId,
        starts: staffStarts,
        count: Math.min(MAX_REQUESTS, staffStarts.length * STAFF_CALENDARS),
      }),
      next: 0,
    },
  ];
  const warmTarget: Target = { key: 'public-one', label: 'warm-up', requests: publicRequests(warm), next: 0 };
  log(
    `booking: seeded; requests: ${targets.map((t) => `${t.label} ${t.requests.length}`).join(', ')}; ${one.starts.length} public starts a unit, ${staffStarts.length} staff starts a calendar`,
  );

  // --- The runs ------------------------------------------------------------------------------------
  const gen = await LoadGenerator.start(b.baseUrl, [warmTarget, ...targets]);
  const runs: RunStats[] = [];
  let warmUpUnexpected = 0;
  try {
    if (WARM_UP_SECONDS > 0) {
      // Not measured: the first bookings compile the booking path and open the pool's connections.
      for (const t of [warmTarget, targets.find((x) => x.key === 'staff')!]) {
        const w = await gen.run(t, 8, WARM_UP_SECONDS);
        warmUpUnexpected += w.statuses.filter((s) => s !== 201).length;
        if (w.firstUnexpected) notes.push(`booking: warm-up: first unexpected answer ${w.firstUnexpected}`);
        log(
          `booking: warm-up (${t === warmTarget ? 'public' : 'staff'}): ${w.done} requests, statuses ${JSON.stringify(tally(w.statuses))}`,
        );
      }
    }
    for (const t of targets)
      for (const c of CONCURRENCIES) {
        const r = await measuredRun(b, gen, t, c);
        runs.push(r);
        log(
          `booking: ${t.label}, c=${c}: ${r.booked} booked in ${r.seconds} s = ${r.perSecond}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}; CPU per booking Node ${r.nodeCpuPerBooking} ms, PostgreSQL ${r.pgBackendCpuPerBooking} ms (backends; all postgres processes ${r.pgCpuPerBooking} ms); load generator ${r.loadGenCpuMs ?? 'n/a'} ms CPU; machine ${r.machineBusyPercent}% busy, ${r.stealPercent}% steal, others ${r.othersCpuMs} ms CPU${r.ranOut ? '; ran out of requests' : ''}`,
        );
      }
  } finally {
    gen.stop();
  }

  // --- pgbench, the yardstick, and the checks ------------------------------------------------------
  const pg = await pgbenchInsert(databaseUrl, PGBENCH_CLIENTS, PGBENCH_SECONDS);
  log(`booking: pgbench ${pg.note}`);
  notes.push(`booking: pgbench ${pg.note}`);
  const doubles = await doubleBookings(b);
  const unitIds = [warm.unit, one.unit, ...across.map((u) => u.unit), staff].map((u) => u.id);
  const [stored] = await b.db.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM appointments WHERE unit_id = ANY($1::uuid[]) AND status = 'confirmed'`,
    [unitIds],
  );
  const answered = gen.bookedTotal;

  for (const r of runs) {
    const name = `booking: ${r.target.label}, c=${r.concurrency}`;
    const throughputTarget =
      r.concurrency === 8 && r.target.key === 'public-one'
        ? TARGET_PUBLIC_ONE_UNIT_C8
        : r.concurrency === 8 && r.target.key === 'staff'
          ? TARGET_STAFF_C8
          : undefined;
    rows.push(
      {
        name: `${name}: throughput`,
        value: r.perSecond,
        unit: 'bookings/s',
        target: throughputTarget ? `≥ ${throughputTarget}` : 'report',
        ...(throughputTarget ? { ok: r.perSecond >= throughputTarget } : {}),
      },
      {
        name: `${name}: latency p50 / p99`,
        value: `${r.p50} / ${r.p99}`,
        unit: 'ms',
        target: `p99 < ${TARGET_P99_MS}`,
        ok: r.p99 < TARGET_P99_MS,
      },
      {
        name: `${name}: Node CPU per booking (process.cpuUsage, app process)`,
        value: r.nodeCpuPerBooking,
        unit: 'ms',
        target: 'report',
      },
      {
        name: `${name}: PostgreSQL CPU per booking (/proc utime+stime of the bench database's backends)`,
        value: r.pgBackendCpuPerBooking,
        unit: 'ms',
        target: 'report',
      },
      {
        name: `${name}: PostgreSQL CPU per booking (/proc utime+stime of all postgres processes on the machine)`,
        value: r.pgCpuPerBooking,
        unit: 'ms',
        target: 'report',
      },
    );
    notes.push(
      `booking (${r.target.label}, c=${r.concurrency}): ${r.done} requests in ${r.seconds} s${r.ranOut ? ' (ran out of requests)' : ''}, statuses ${JSON.stringify(r.statuses)}; load generator (child process) ${r.loadGenCpuMs ?? 'n/a'} ms CPU; the ${cpus().length} cores ${r.machineBusyPercent}% busy during the run (everything on the machine), ${r.stealPercent}% stolen by the hypervisor, ${r.othersCpuMs} ms CPU used by processes other than the app, PostgreSQL and the load generator`,
    );
    if (r.firstUnexpected)
      notes.push(`booking (${r.target.label}, c=${r.concurrency}): first unexpected answer ${r.firstUnexpected}`);
  }
  const oneC8 = runs.find((r) => r.target.key === 'public-one' && r.concurrency === 8);
  const share = typeof pg.tps === 'number' && oneC8 ? round(oneC8.perSecond / pg.tps, 3) : 'n/a';
  const unexpected = runs.reduce((n, r) => n + r.unexpected, 0) + warmUpUnexpected;
  rows.push(
    {
      name: `booking: pgbench single INSERT, ${PGBENCH_CLIENTS} clients, same database, same run`,
      value: pg.tps,
      unit: 'TPS',
      target: 'report',
    },
    {
      name: 'booking: public c=8 one unit ÷ pgbench TPS',
      value: share,
      unit: '×',
      target: `≥ ${GOAL_PGBENCH_SHARE} (goal)`,
      ...(typeof share === 'number' ? { ok: share >= GOAL_PGBENCH_SHARE } : {}),
    },
    {
      name: 'booking: answers other than 201 (warm-up included)',
      value: unexpected,
      unit: 'count',
      target: '0',
      ok: unexpected === 0,
      correctness: true,
    },
    {
      name: 'booking: confirmed appointments stored = 201 answers',
      value: `${stored.n} stored, ${answered} answered`,
      unit: 'bookings',
      target: 'equal',
      ok: stored.n === answered,
      correctness: true,
    },
    {
      name: 'booking: double bookings after the runs (SQL over all appointments)',
      value: doubles,
      unit: 'count',
      target: '0',
      ok: doubles === 0,
      correctness: true,
    },
  );
  notes.push(
    `booking: ${PUBLIC_CASEWORKERS} caseworkers with office hours and an admin without hours in each public unit (confirmation none, 15-min intake); ${STAFF_CALENDARS} calendars and clients in the staff unit; ${SECONDS} s a run (BENCH_BOOKING_SECONDS) after ${WARM_UP_SECONDS} s warm-up each of public and staff bookings; requests from a child process (bench/load-worker.ts, fetch with keep-alive). Node CPU is this process's (the app runs in it; the load generator does not). PostgreSQL CPU is given twice: the backends serving the bench database (pg_stat_activity), and every process named postgres on the machine (background writers, and others' queries on the same server, too)`,
  );
  return { rows, notes, runs };
}

/** The booking step's slot search: next Monday plus RANGE_DAYS, as adjacent windows the API accepts. */
export function bookingRanges(): string[] {
  const start = nextMonday();
  const out: string[] = [];
  for (let d = 0; d < RANGE_DAYS; d += WINDOW_DAYS) {
    const from = start.plus({ days: d });
    const to = start.plus({ days: Math.min(RANGE_DAYS, d + WINDOW_DAYS) });
    out.push(`from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(to.toISO()!)}`);
  }
  return out;
}

/**
 * The machine's CPU counters in ms over all cores: busy (user, nice, system, irq, softirq), all (busy,
 * idle, iowait, steal) and steal (time the hypervisor gave to other guests), from /proc/stat; from
 * os.cpus() without steal elsewhere.
 */
function coreTimes(): { busy: number; all: number; steal: number } {
  try {
    const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]
      .split(/\s+/)
      .slice(1, 9)
      .map((n) => (Number(n) * 1000) / CLOCK_TICKS);
    const busy = user + nice + system + irq + softirq;
    return { busy, all: busy + idle + iowait + steal, steal };
  } catch {
    return cpus().reduce(
      (acc, c) => {
        const t = c.times;
        const busy = t.user + t.nice + t.sys + t.irq;
        return { busy: acc.busy + busy, all: acc.all + busy + t.idle, steal: 0 };
      },
      { busy: 0, all: 0, steal: 0 },
    );
  }
}

export async function measuredRun(b: BenchApp, gen: LoadGenerator, t: Target, concurrency: number): Promise<RunStats> {
  const cores0 = coreTimes();
  const pg0 = postgresCpuSnapshot();
  const gen0 = processCpuMs(gen.pid);
  const node0 = process.cpuUsage();
  const res = await gen.run(t, concurrency, SECONDS);
  const node = process.cpuUsage(node0);
  const gen1 = processCpuMs(gen.pid);
  const pg1 = postgresCpuSnapshot();
  const cores1 = coreTimes();
  // The server's backends serving the bench database (the app's pool, opened before or during the
  // run), asked after the snapshots so that this query is not counted: on a server shared with other
  // work, their CPU is the bookings' own; the sum over all postgres processes adds the server's
  // background processes (WAL writer, checkpointer) and everyone else's queries.
  const backends = new Set(
    (
      await b.db.query<Array<{ pid: number }>>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
    ).map((r) => String(r.pid)),
  );
  const pgMs = cpuSpentSince(pg0, pg1);
  const pgBackendMs = cpuSpentSince(pg0, pg1, backends);
  const nodeMs = (node.user + node.system) / 1000;
  const genMs = gen0 !== null && gen1 !== null ? gen1 - gen0 : null;
  const machineBusyMs = cores1.busy - cores0.busy;
  const booked = res.statuses.filter((s) => s === 201).length;
  const latencies = res.latenciesMs.slice().sort((x, y) => x - y);
  const seconds = res.elapsedMs / 1000;
  const perBooking = (ms: number) => (booked === 0 ? 'n/a' : round(ms / booked, 2));
  return {
    target: t,
    concurrency,
    done: res.done,
    booked,
    seconds: round(seconds, 1),
    perSecond: round(booked / seconds, 1),
    p50: round(percentile(latencies, 0.5), 1),
    p99: round(percentile(latencies, 0.99), 1),
    statuses: tally(res.statuses),
    unexpected: res.done - booked,
    firstUnexpected: res.firstUnexpected,
    nodeCpuPerBooking: perBooking(nodeMs),
    pgCpuPerBooking: perBooking(pgMs),
    pgBackendCpuPerBooking: perBooking(pgBackendMs),
    loadGenCpuMs: genMs === null ? null : round(genMs, 0),
    machineBusyPercent: Math.round((100 * machineBusyMs) / Math.max(1, cores1.all - cores0.all)),
    stealPercent: Math.round((100 * (cores1.steal - cores0.steal)) / Math.max(1, cores1.all - cores0.all)),
    othersCpuMs: Math.max(0, Math.round(machineBusyMs - nodeMs - pgMs - (genMs ?? 0))),
    ranOut: t.next >= t.requests.length,
  };
}
