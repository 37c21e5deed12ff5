import { cpus } from 'node:os';
import { bookingRanges, measuredRun, WARM_UP_SECONDS, type RunStats, type Target } from './booking.bench';
import { LoadGenerator, staffBookingRequests } from './load-generator';
import type { LoadRequest } from './load-worker';
import { doubleBookings, publicUnit } from './race.bench';
import { BenchApp, BenchResult, BenchRow, expectCall, round, Seeder, Slot, tally, uniqueEmail } from './support';

/** The issue's pattern: one unit, 3 caseworkers with the same hours, each start wanted by all 3 at once. */
const CASEWORKERS = 3;
const CONCURRENCIES = [1, 8] as const;
/** Issue 24's target at c=8: p99 below this, and at least this share of the uncontended throughput. */
const TARGET_P99_MS = 100;
const TARGET_SHARE_OF_UNCONTENDED = 2 / 3;

/**
 * Bookings when everyone wants the first time (issue 24, section 3): public intake bookings of one
 * unit whose 3 caseworkers have the same hours, the earliest starts first and each start asked for 3
 * times in a row, so the 8 requests in flight at c=8 ask for about 3 starts, each by 3 clients who
 * all read the same least-booked caseworker; and staff bookings into the same 3 calendars (request i
 * to calendar i mod 3, each calendar's starts in order). Every request can be booked (a start has one
 * place per caseworker), so anything but 201 is a booking refused while a caseworker was free.
 * Each run (c=1, c=8; public, staff) has units of its own and starts from the earliest times.
 * `uncontended` (the booking step's runs in the same invocation) gives the share rows.
 */
export async function runBookingContendedBench(
  b: BenchApp,
  log: (line: string) => void,
  uncontended: RunStats[] = [],
): Promise<BenchResult> {
  const seed = new Seeder(b);
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const starts = async (path: string, token?: string) => {
    const out: string[] = [];
    for (const range of bookingRanges())
      out.push(
        ...(await expectCall<{ slots: Slot[] }>(b.baseUrl, 'GET', `${path}&${range}`, 200, { token })).slots.map(
          (s) => s.startsAt,
        ),
      );
    return out;
  };

  const seedPublic = async (label: string) => {
    const p = await publicUnit(seed, label, 15, CASEWORKERS);
    return {
      ...p,
      starts: await starts(`/api/v1/public/units/${p.unit.slug}/slots?meetingTypeId=${p.typeId}&mode=in_person`),
    };
  };
  // Start k is asked for by requests 3k, 3k+1 and 3k+2: the earliest starts, each wanted by three.
  const publicRequests = (p: Awaited<ReturnType<typeof seedPublic>>): LoadRequest[] =>
    Array.from({ length: p.starts.length * CASEWORKERS }, (_, i) => ({
      method: 'POST',
      path: `/api/v1/public/units/${p.unit.slug}/bookings`,
      body: {
        meetingTypeId: p.typeId,
        startsAt: p.starts[Math.floor(i / CASEWORKERS)],
        mode: 'in_person',
        client: { name: 'Bench Client', email: uniqueEmail() },
      },
    }));
  const seedStaff = async (label: string) => {
    const { unit: staff, typeId, calendars, clients } = await seed.staffUnit(label, CASEWORKERS, CASEWORKERS);
    const staffStarts = await starts(
      `/api/v1/caseworkers/${calendars[0].id}/slots?meetingTypeId=${typeId}&mode=in_person`,
      staff.adminToken,
    );
    return staffBookingRequests({
      token: staff.adminToken,
      calendars,
      clients,
      meetingTypeId: typeId,
      starts: staffStarts,
      count: staffStarts.length * CASEWORKERS,
    });
  };

  // A unit (and a staff unit) of its own for each run, so every run starts at the earliest times.
  const warm = await seedPublic('contended-warm');
  const plan: Array<{ target: Target; concurrency: number }> = [];
  let publicC8: Awaited<ReturnType<typeof seedPublic>> | undefined;
  for (const c of CONCURRENCIES) {
    const pub = await seedPublic(`contended-public-c${c}`);
    if (pub.starts.length < 100) throw new Error(`contended bench: only ${pub.starts.length} public starts offered`);
    if (c === 8) publicC8 = pub;
    plan.push({
      concurrency: c,
      target: {
        key: 'public-contended',
        label: `public bookings, one unit, ${CASEWORKERS} caseworkers, each start wanted by ${CASEWORKERS}`,
        requests: publicRequests(pub),
        next: 0,
      },
    });
  }
  for (const c of CONCURRENCIES)
    plan.push({
      concurrency: c,
      target: {
        key: 'staff-contended',
        label: `staff bookings into the same ${CASEWORKERS} calendars`,
        requests: await seedStaff(`contended-staff-c${c}`),
        next: 0,
      },
    });
  const warmTarget: Target = { key: 'public-contended', label: 'warm-up', requests: publicRequests(warm), next: 0 };
  log(
    `booking-contended: seeded; ${plan.map((p) => `${p.target.label}, c=${p.concurrency}: ${p.target.requests.length} requests`).join('; ')}`,
  );

  const gen = await LoadGenerator.start(b.baseUrl, [warmTarget, ...plan.map((p) => p.target)]);
  const runs: RunStats[] = [];
  /** Transactions rolled back per run: a booking that lost its caseworker in the constraint ran again. */
  const rollbacks = new Map<RunStats, number>();
  let warmUpUnexpected = 0;
  try {
    if (WARM_UP_SECONDS > 0) {
      const w = await gen.run(warmTarget, 8, WARM_UP_SECONDS);
      warmUpUnexpected = w.statuses.filter((s) => s !== 201).length;
      log(`booking-contended: warm-up: ${w.done} requests, statuses ${JSON.stringify(tally(w.statuses))}`);
    }
    let before = await rolledBack(b);
    for (const { target: t, concurrency: c } of plan) {
      const r = await measuredRun(b, gen, t, c);
      runs.push(r);
      const after = await rolledBack(b);
      rollbacks.set(r, after - before);
      before = after;
      log(
        `booking-contended: ${t.label}, c=${c}: ${r.booked} booked in ${r.seconds} s = ${r.perSecond}/s, p50 ${r.p50} ms, p99 ${r.p99} ms, statuses ${JSON.stringify(r.statuses)}; CPU per booking Node ${r.nodeCpuPerBooking} ms, PostgreSQL ${r.pgBackendCpuPerBooking} ms; machine ${r.machineBusyPercent}% busy, ${r.stealPercent}% steal, others ${r.othersCpuMs} ms CPU${r.ranOut ? '; ran out of requests' : ''}`,
      );
    }
  } finally {
    gen.stop();
  }

  // Whom the public bookings at c=8 went to: spread over the three, and no start booked twice for one caseworker.
  const [spread] = await b.db.query<Array<{ per: number[]; starts: number; most: number }>>(
    `SELECT (SELECT array_agg(n ORDER BY n DESC) FROM (SELECT count(*)::int AS n FROM appointments
               WHERE unit_id = $1 AND status = 'confirmed' GROUP BY caseworker_id) x) AS per,
            count(DISTINCT starts_at)::int AS starts,
            coalesce(max(n), 0)::int AS most
       FROM (SELECT starts_at, count(*)::int AS n FROM appointments WHERE unit_id = $1 AND status = 'confirmed' GROUP BY starts_at) s`,
    [publicC8!.unit.id],
  );
  const doubles = await doubleBookings(b);
  const uncontendedC8 = uncontended.find((r) => r.target.key === 'public-one' && r.concurrency === 8);
  const uncontendedStaffC8 = uncontended.find((r) => r.target.key === 'staff' && r.concurrency === 8);

  for (const r of runs) {
    const name = `booking-contended: ${r.target.label}, c=${r.concurrency}`;
    const reference = r.target.key === 'public-contended' ? uncontendedC8 : uncontendedStaffC8;
    rows.push(
      { name: `${name}: throughput`, value: r.perSecond, unit: 'bookings/s', target: 'report' },
      {
        name: `${name}: latency p50 / p99`,
        value: `${r.p50} / ${r.p99}`,
        unit: 'ms',
        target: `p99 < ${TARGET_P99_MS}`,
        ok: r.p99 < TARGET_P99_MS,
      },
      {
        name: `${name}: answers other than 201 (every request had a free caseworker)`,
        value: r.unexpected === 0 ? 0 : JSON.stringify(r.statuses),
        unit: 'count',
        target: '0',
        ok: r.unexpected === 0,
      },
      {
        name: `${name}: transactions rolled back (a booking run again after losing in the constraint)`,
        value: rollbacks.get(r) ?? 'n/a',
        unit: 'count',
        target: 'report',
      },
      {
        name: `${name}: PostgreSQL CPU per booking (the bench database's backends)`,
        value: r.pgBackendCpuPerBooking,
        unit: 'ms',
        target: 'report',
      },
    );
    if (r.concurrency === 8 && reference) {
      const share = round(r.perSecond / reference.perSecond, 2);
      rows.push({
        name: `${name}: throughput ÷ uncontended c=8 (${reference.target.label}, same invocation)`,
        value: share,
        unit: '×',
        target: `≥ ${round(TARGET_SHARE_OF_UNCONTENDED, 2)}`,
        ok: share >= TARGET_SHARE_OF_UNCONTENDED,
      });
    }
    notes.push(
      `booking-contended (${r.target.label}, c=${r.concurrency}): ${r.done} requests in ${r.seconds} s${r.ranOut ? ' (ran out of requests)' : ''}, statuses ${JSON.stringify(r.statuses)}; the ${cpus().length} cores ${r.machineBusyPercent}% busy, ${r.stealPercent}% stolen, ${r.othersCpuMs} ms CPU used by processes other than the app, PostgreSQL and the load generator`,
    );
    if (r.firstUnexpected)
      notes.push(
        `booking-contended (${r.target.label}, c=${r.concurrency}): first unexpected answer ${r.firstUnexpected}`,
      );
  }
  rows.push(
    {
      name: 'booking-contended: public bookings at c=8 per caseworker (most to least), starts booked, most bookings of one start',
      value: `${(spread.per ?? []).join(' / ')}; ${spread.starts}; ${spread.most}`,
      unit: 'bookings',
      target: `one start ≤ ${CASEWORKERS}`,
      ok: spread.most <= CASEWORKERS,
      correctness: true,
    },
    {
      name: 'booking-contended: warm-up answers other than 201',
      value: warmUpUnexpected,
      unit: 'count',
      target: '0',
      ok: warmUpUnexpected === 0,
    },
    {
      name: 'booking-contended: double bookings after the runs (SQL over all appointments)',
      value: doubles,
      unit: 'count',
      target: '0',
      ok: doubles === 0,
      correctness: true,
    },
  );
  if (!uncontendedC8)
    notes.push(
      'booking-contended: run it with the booking step (`npm run bench -- booking booking-contended`) for the share rows',
    );
  return { rows, notes };
}

/**
 * The bench database's rolled-back transactions so far. A backend that goes idle publishes its
 * counts within 10 s (PostgreSQL 15's PGSTAT_IDLE_INTERVAL): the wait lets the last run's arrive.
 */
async function rolledBack(b: BenchApp): Promise<number> {
  await new Promise((r) => setTimeout(r, 10_500));
  const [row] = await b.db.query<Array<{ n: string }>>(
    `SELECT xact_rollback::text AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(row.n);
}
