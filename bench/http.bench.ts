import { BenchApp, BenchResult, call, DAY_MS, expectCall, nextMonday, OFFICE_HOURS, round, Seeder } from './support';

/** The slice of autocannon's programmatic API used here (the package ships no types). */
interface AutocannonOptions {
  url: string;
  connections: number;
  duration: number;
  headers?: Record<string, string>;
  workers?: number;
}
interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number; max: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon') as (opts: AutocannonOptions) => PromiseLike<AutocannonResult>;

const APPOINTMENTS = 200;
const CONNECTIONS = 20;
const WARM_UP_SECONDS = 2;
const DURATION_SECONDS = 10;
/** Seeding is sequential; this bounds it even if every insert were slow. */
const SEED_BUDGET_MS = 120_000;

/**
 * Staff slot search under load: one caseworker with an office week, a 45-minute follow-up (15-min
 * grid, 15 min after), and about 200 attempted appointments over the four searched weeks.
 */
export async function runHttpBench(b: BenchApp, log: (line: string) => void): Promise<BenchResult> {
  const seed = new Seeder(b);
  const unit = await seed.unit('http');
  const cw = await seed.caseworker(unit, OFFICE_HOURS);
  const typeId = await seed.meetingType(unit, {
    key: 'follow-up',
    durationMinutes: 45,
    bufferAfterMinutes: 15,
    slotStepMinutes: 15,
    minNoticeMinutes: 60,
    horizonDays: 60,
    modes: ['in_person', 'video'],
    intake: false,
  });
  const from = nextMonday();
  const to = from.plus({ days: 28 });
  const slotsPath = `/api/v1/caseworkers/${cw.id}/slots?meetingTypeId=${typeId}&mode=in_person&from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(to.toISO()!)}`;

  // Spread the appointments evenly over the free grid. Neighbouring grid starts overlap (a 60-minute
  // busy block on a 15-minute grid), so some attempts lose with 409 and are skipped, as asked.
  const free = (
    await expectCall<{ slots: Array<{ startsAt: string }> }>(b.baseUrl, 'GET', slotsPath, 200, { token: cw.token })
  ).slots;
  const clients = await seed.clients(unit, 20, cw.id);
  const statuses: Record<string, number> = {};
  const deadline = Date.now() + SEED_BUDGET_MS;
  let booked = 0;
  for (let i = 0; i < APPOINTMENTS && free.length > 0 && Date.now() < deadline; i++) {
    const slot = free[Math.floor((i * free.length) / APPOINTMENTS)];
    const res = await call(b.baseUrl, 'POST', '/api/v1/appointments', {
      token: unit.adminToken,
      body: {
        caseworkerId: cw.id,
        clientId: clients[i % clients.length],
        meetingTypeId: typeId,
        startsAt: slot.startsAt,
        mode: 'in_person',
      },
    });
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    if (res.status === 201) booked++;
    else if (res.status !== 409)
      throw new Error(`seeding appointment ${i}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  }
  const remaining = (await expectCall<{ slots: unknown[] }>(b.baseUrl, 'GET', slotsPath, 200, { token: cw.token }))
    .slots.length;
  log(
    `http: ${free.length} free starts before seeding; ${booked} appointments booked (${JSON.stringify(statuses)}); ${remaining} starts offered after`,
  );

  // autocannon runs in a worker thread so that generating load does not steal the app's event loop.
  const target = {
    url: `${b.baseUrl}${slotsPath}`,
    connections: CONNECTIONS,
    headers: { authorization: `Bearer ${cw.token}` },
    workers: 1,
  };
  await autocannon({ ...target, duration: WARM_UP_SECONDS });
  const r = await autocannon({ ...target, duration: DURATION_SECONDS });
  // The yardstick in the same run: the cheapest route there is (no database, no auth), through the
  // same stack (helmet, rate limiter, Nest), so the ratio says what a slot search costs beyond HTTP.
  const live = await autocannon({ ...target, url: `${b.baseUrl}/health/live`, duration: DURATION_SECONDS });
  const liveRps = round(live.requests.average, 1);
  const liveCodes = Object.fromEntries(Object.entries(live.statusCodeStats).map(([code, s]) => [code, s.count]));
  const codes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, s.count]));
  log(
    `http: ${r.requests.total} requests in ${DURATION_SECONDS} s, statuses ${JSON.stringify(codes)}, errors ${r.errors}, timeouts ${r.timeouts}, max latency ${r.latency.max} ms`,
  );

  log(
    `http: /health/live ${live.requests.total} requests in ${DURATION_SECONDS} s, statuses ${JSON.stringify(liveCodes)}`,
  );

  const notes = [
    `/health/live in the same run, same ${CONNECTIONS} connections for ${DURATION_SECONDS} s: statuses ${JSON.stringify(liveCodes)}, p50 ${live.latency.p50} ms, p99 ${live.latency.p99} ms`,
    `seeded ${booked} of ${APPOINTMENTS} attempted appointments (${JSON.stringify(statuses)}); the search answers ${remaining} starts over 28 days`,
    `status codes under load: ${JSON.stringify(codes)}; socket errors ${r.errors}, timeouts ${r.timeouts}; max latency ${r.latency.max} ms`,
  ];
  const rps = round(r.requests.average, 1);
  const share = liveRps > 0 ? round(rps / liveRps, 2) : 'n/a';
  return {
    notes,
    rows: [
      {
        name: 'HTTP staff slots (4 weeks): seeded appointments',
        value: booked,
        unit: 'count',
        target: `~${APPOINTMENTS} attempted`,
      },
      { name: 'HTTP staff slots: throughput', value: rps, unit: 'req/s', target: '≥ 1000', ok: rps >= 1000 },
      { name: 'HTTP staff slots: p50 latency', value: r.latency.p50, unit: 'ms', target: '' },
      {
        name: 'HTTP staff slots: p99 latency',
        value: r.latency.p99,
        unit: 'ms',
        target: '< 50',
        ok: r.latency.p99 < 50,
      },
      {
        name: 'HTTP staff slots: non-2xx',
        value: r.non2xx + r.errors + r.timeouts,
        unit: 'count',
        target: '0',
        ok: r.non2xx + r.errors + r.timeouts === 0,
        correctness: true,
      },
      { name: 'HTTP /health/live: throughput (same run)', value: liveRps, unit: 'req/s', target: 'report' },
      {
        name: 'HTTP slots 4 weeks req/s ÷ /health/live req/s in the same run',
        value: share,
        unit: '×',
        target: '≥ 0.3',
        ...(typeof share === 'number' ? { ok: share >= 0.3 } : {}),
      },
      {
        name: 'HTTP /health/live: non-2xx',
        value: live.non2xx + live.errors + live.timeouts,
        unit: 'count',
        target: '0',
        ok: live.non2xx + live.errors + live.timeouts === 0,
        correctness: true,
      },
    ],
  };
}

export const HTTP_BENCH_WINDOW_DAYS = 28 * DAY_MS;
