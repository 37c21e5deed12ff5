import { execFile, ExecFileException } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BenchApp,
  BenchRow,
  call,
  countStatements,
  expectCall,
  nextMonday,
  OFFICE_HOURS,
  percentile,
  pool,
  round,
  SeedCaseworker,
  Seeder,
  SeedUnit,
  tally,
  uniqueEmail,
  withAdmin,
} from './support';

/** The race: this many clients at once, for this many slots (so ten contenders a slot). */
const RACE_CLIENTS = 200;
const RACE_SLOTS = 20;
/** Distinct-slot throughput: clients in flight (also pgbench's client count) and how long. */
const DISTINCT_CLIENTS = 20;
const DISTINCT_SECONDS = 10;
const STAFF_CALENDARS = 20;
const PGBENCH_SECONDS = 10;

export interface RaceBenchResult {
  rows: BenchRow[];
  notes: string[];
}

interface Slot {
  startsAt: string;
}

/**
 * The booking race over the real HTTP API, then booking throughput on slots nobody else wants,
 * beside pgbench's TPS for a single INSERT on the same database (the ceiling any booking can reach).
 */
export async function runRaceBench(
  b: BenchApp,
  databaseUrl: string,
  log: (line: string) => void,
): Promise<RaceBenchResult> {
  const seed = new Seeder(b);
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const range = tripRange();

  // --- Round trips: the statements one booking sends, each booking alone ---------------------------
  const trips = await roundTrips(b, seed, range);
  rows.push(...trips.rows);
  notes.push(...trips.notes);

  // --- The race: 200 clients, 20 one-hour slots of one caseworker, everything fired at once --------
  const race = await publicUnit(seed, 'race', 60);
  const raceSlots = (
    await expectCall<{ slots: Slot[] }>(
      b.baseUrl,
      'GET',
      `/api/v1/public/units/${race.unit.slug}/slots?meetingTypeId=${race.typeId}&mode=in_person&${range}`,
      200,
    )
  ).slots.slice(0, RACE_SLOTS);
  if (raceSlots.length < RACE_SLOTS)
    throw new Error(`race: only ${raceSlots.length} slots offered, ${RACE_SLOTS} needed`);
  const started = Date.now();
  // fetch opens a connection per request in flight (undici has no per-origin cap by default), so all
  // 200 requests really are on the wire together; the app's pool of 20 connections queues them.
  const answers = await Promise.all(
    Array.from({ length: RACE_CLIENTS }, (_, i) =>
      call<{ status?: string; startsAt?: string }>(
        b.baseUrl,
        'POST',
        `/api/v1/public/units/${race.unit.slug}/bookings`,
        {
          body: {
            meetingTypeId: race.typeId,
            startsAt: raceSlots[i % RACE_SLOTS].startsAt,
            mode: 'in_person',
            client: { name: `Racer ${i + 1}`, email: uniqueEmail() },
          },
        },
      ),
    ),
  );
  const raceMs = Date.now() - started;
  const statuses = tally(answers.map((a) => a.status));
  const won = answers.filter((a) => a.status === 201);
  const unexpected = answers.filter((a) => a.status !== 201 && a.status !== 409);
  const wonSlots = new Set(won.map((a) => new Date(a.body.startsAt!).getTime())).size;
  const notConfirmed = won.filter((a) => a.body.status !== 'confirmed').length;
  // What the database holds, independent of what the API answered.
  const [stored] = await b.db.query<Array<{ confirmed: number; starts: number }>>(
    `SELECT count(*)::int AS confirmed, count(DISTINCT starts_at)::int AS starts FROM appointments WHERE unit_id = $1 AND status = 'confirmed'`,
    [race.unit.id],
  );
  const doubles = await doubleBookings(b);
  log(
    `race: ${RACE_CLIENTS} requests in ${raceMs} ms, statuses ${JSON.stringify(statuses)}; ${stored.confirmed} confirmed rows on ${stored.starts} starts; ${doubles} double bookings`,
  );
  if (unexpected.length > 0)
    notes.push(
      `race: unexpected answers, first: ${unexpected[0].status} ${JSON.stringify(unexpected[0].body).slice(0, 300)}`,
    );
  notes.push(
    `race: ${RACE_CLIENTS} concurrent public bookings for ${RACE_SLOTS} slots took ${raceMs} ms; statuses ${JSON.stringify(statuses)}`,
  );
  const raceOk =
    won.length === RACE_SLOTS &&
    wonSlots === RACE_SLOTS &&
    notConfirmed === 0 &&
    stored.confirmed === RACE_SLOTS &&
    stored.starts === RACE_SLOTS;
  rows.push(
    {
      name: `race: ${RACE_CLIENTS} clients for ${RACE_SLOTS} slots, confirmed`,
      value: `${won.length} answered, ${stored.confirmed} stored`,
      unit: 'bookings',
      target: `${RACE_SLOTS}, one a slot`,
      ok: raceOk,
      correctness: true,
    },
    {
      name: 'race: double bookings (SQL over all appointments)',
      value: doubles,
      unit: 'count',
      target: '0',
      ok: doubles === 0,
      correctness: true,
    },
    {
      name: 'race: answers other than 201/409',
      value: unexpected.length,
      unit: 'count',
      target: '0',
      ok: unexpected.length === 0,
      correctness: true,
    },
  );

  // --- Distinct slots: every booking gets a start nobody else asks for ------------------------------
  // Public bookings of one unit: each one locks the unit's calendars, so they run one at a time.
  const pub = await publicUnit(seed, 'distinct', 15);
  const pubSlots = (
    await expectCall<{ slots: Slot[] }>(
      b.baseUrl,
      'GET',
      `/api/v1/public/units/${pub.unit.slug}/slots?meetingTypeId=${pub.typeId}&mode=in_person&${range}`,
      200,
    )
  ).slots;
  const pubRun = await distinctRun(pubSlots.length, (i) =>
    call(b.baseUrl, 'POST', `/api/v1/public/units/${pub.unit.slug}/bookings`, {
      body: {
        meetingTypeId: pub.typeId,
        startsAt: pubSlots[i].startsAt,
        mode: 'in_person',
        client: { name: `Client ${i + 1}`, email: uniqueEmail() },
      },
    }),
  );

  // Staff bookings spread over 20 caseworkers: consecutive tasks hit different calendars, so their
  // locks do not queue behind each other and the run shows what the app adds to the database.
  const staff = await seed.unit('staff');
  const typeId = await seed.meetingType(staff, {
    key: 'short',
    durationMinutes: 15,
    slotStepMinutes: 15,
    minNoticeMinutes: 0,
    horizonDays: 90,
    modes: ['in_person'],
    intake: false,
  });
  const calendars: SeedCaseworker[] = [];
  for (let i = 0; i < STAFF_CALENDARS; i++) calendars.push(await seed.caseworker(staff, OFFICE_HOURS));
  const clients = await seed.clients(staff, DISTINCT_CLIENTS);
  // Every caseworker has the same hours, so one caseworker's starts are everyone's.
  const staffSlots = (
    await expectCall<{ slots: Slot[] }>(
      b.baseUrl,
      'GET',
      `/api/v1/caseworkers/${calendars[0].id}/slots?meetingTypeId=${typeId}&mode=in_person&${range}`,
      200,
      { token: staff.adminToken },
    )
  ).slots;
  const staffRun = await distinctRun(staffSlots.length * STAFF_CALENDARS, (i) =>
    call(b.baseUrl, 'POST', '/api/v1/appointments', {
      token: staff.adminToken,
      body: {
        caseworkerId: calendars[i % STAFF_CALENDARS].id,
        clientId: clients[i % DISTINCT_CLIENTS],
        meetingTypeId: typeId,
        startsAt: staffSlots[Math.floor(i / STAFF_CALENDARS)].startsAt,
        mode: 'in_person',
      },
    }),
  );
  const doublesAfter = await doubleBookings(b);

  for (const [label, run] of [
    ['public, one unit', pubRun],
    [`staff, ${STAFF_CALENDARS} calendars`, staffRun],
  ] as const) {
    log(
      `distinct (${label}): ${run.count} bookings in ${run.seconds} s, statuses ${JSON.stringify(run.statuses)}, p50 ${run.p50} ms, p99 ${run.p99} ms`,
    );
    notes.push(
      `distinct slots (${label}): ${run.count} bookings in ${run.seconds} s, statuses ${JSON.stringify(run.statuses)}, latency p50 ${run.p50} ms, p99 ${run.p99} ms`,
    );
    if (run.firstUnexpected) notes.push(`distinct slots (${label}): first unexpected answer ${run.firstUnexpected}`);
  }
  const pg = await pgbenchInsert(databaseUrl, DISTINCT_CLIENTS, PGBENCH_SECONDS);
  log(`pgbench: ${pg.note}`);
  notes.push(`pgbench: ${pg.note}`);
  const unexpectedDistinct = pubRun.unexpected + staffRun.unexpected;
  rows.push(
    {
      name: `distinct slots, public bookings of one unit, ${DISTINCT_CLIENTS} clients`,
      value: pubRun.perSecond,
      unit: 'bookings/s',
      target: 'report',
    },
    {
      name: `distinct slots, staff bookings over ${STAFF_CALENDARS} calendars, ${DISTINCT_CLIENTS} clients`,
      value: staffRun.perSecond,
      unit: 'bookings/s',
      target: 'report',
    },
    {
      name: `ceiling: pgbench single INSERT, ${DISTINCT_CLIENTS} clients, same database`,
      value: pg.tps,
      unit: 'TPS',
      target: 'report',
    },
    {
      name: 'distinct slots: answers other than 201',
      value: unexpectedDistinct,
      unit: 'count',
      target: '0',
      ok: unexpectedDistinct === 0,
      correctness: true,
    },
    {
      name: 'double bookings after all runs (SQL)',
      value: doublesAfter,
      unit: 'count',
      target: '0',
      ok: doublesAfter === 0,
      correctness: true,
    },
  );
  return { rows, notes };
}

const TRIP_CASEWORKERS = 3;

/** The slot query's range: 56 days of office weeks give well over a thousand 15-minute starts per calendar. */
export function tripRange(): string {
  const from = nextMonday();
  const to = from.plus({ days: 56 });
  return `from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(to.toISO()!)}`;
}

/**
 * Statements (round trips to PostgreSQL) of one booking over HTTP, counted on the pg clients while
 * nothing else runs: a public booking into a unit of three caseworkers with office hours and an
 * admin without hours (confirmed at once, and held for an email link), and a staff booking.
 */
export async function roundTrips(b: BenchApp, seed: Seeder, range: string): Promise<RaceBenchResult> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const measure = async (label: string, book: () => Promise<{ status: number; body: unknown }>) => {
    let status = 0;
    const statements = await countStatements(async () => {
      status = (await book()).status;
    });
    rows.push({
      name: `round trips: ${label}`,
      value: statements.length,
      unit: 'statements',
      target: 'report',
      ...(status === 201 ? {} : { ok: false, correctness: true }),
    });
    notes.push(`round trips (${label}, HTTP ${status}): ${statements.join('; ')}`);
  };
  for (const confirmation of ['none', 'email_link'] as const) {
    const unit = await seed.unit(`trips-${confirmation}`);
    await seed.settings(unit, { selfBookingConfirmation: confirmation });
    for (let i = 0; i < TRIP_CASEWORKERS; i++) await seed.caseworker(unit, OFFICE_HOURS);
    const typeId = await seed.meetingType(unit, {
      key: 'intake',
      durationMinutes: 30,
      slotStepMinutes: 30,
      minNoticeMinutes: 0,
      horizonDays: 90,
      modes: ['in_person'],
      intake: true,
    });
    const [slot] = (
      await expectCall<{ slots: Slot[] }>(
        b.baseUrl,
        'GET',
        `/api/v1/public/units/${unit.slug}/slots?meetingTypeId=${typeId}&mode=in_person&${range}`,
        200,
      )
    ).slots;
    await measure(
      `public booking, ${TRIP_CASEWORKERS} caseworkers + admin, ${confirmation === 'none' ? 'confirmed' : 'held for the email link'}`,
      () =>
        call(b.baseUrl, 'POST', `/api/v1/public/units/${unit.slug}/bookings`, {
          body: {
            meetingTypeId: typeId,
            startsAt: slot.startsAt,
            mode: 'in_person',
            client: { name: 'Round Trip', email: uniqueEmail() },
          },
        }),
    );
    if (confirmation !== 'none') continue;
    const followUp = await seed.meetingType(unit, {
      key: 'follow-up',
      durationMinutes: 30,
      slotStepMinutes: 30,
      minNoticeMinutes: 0,
      horizonDays: 90,
      modes: ['in_person'],
      intake: false,
    });
    const cw = await seed.caseworker(unit, OFFICE_HOURS);
    const [client] = await seed.clients(unit, 1);
    const [staffSlot] = (
      await expectCall<{ slots: Slot[] }>(
        b.baseUrl,
        'GET',
        `/api/v1/caseworkers/${cw.id}/slots?meetingTypeId=${followUp}&mode=in_person&${range}`,
        200,
        { token: unit.adminToken },
      )
    ).slots;
    await measure('staff booking (token check included)', () =>
      call(b.baseUrl, 'POST', '/api/v1/appointments', {
        token: unit.adminToken,
        body: {
          caseworkerId: cw.id,
          clientId: client,
          meetingTypeId: followUp,
          startsAt: staffSlot.startsAt,
          mode: 'in_person',
        },
      }),
    );
  }
  return { rows, notes };
}

/** A unit that confirms public bookings at once, one caseworker with office hours, one intake type. */
async function publicUnit(seed: Seeder, label: string, minutes: number): Promise<{ unit: SeedUnit; typeId: string }> {
  const unit = await seed.unit(label);
  await seed.settings(unit, { selfBookingConfirmation: 'none' });
  await seed.caseworker(unit, OFFICE_HOURS);
  const typeId = await seed.meetingType(unit, {
    key: 'intake',
    durationMinutes: minutes,
    slotStepMinutes: minutes,
    minNoticeMinutes: 0,
    horizonDays: 90,
    modes: ['in_person'],
    intake: true,
  });
  return { unit, typeId };
}

/**
 * Pairs of live (held or confirmed) appointments of one caseworker whose buffered ranges overlap.
 * The exclusion constraint should make this 0; the query checks it without trusting the constraint.
 */
async function doubleBookings(b: BenchApp): Promise<number> {
  const [row] = await b.db.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM appointments a JOIN appointments o
        ON o.caseworker_id = a.caseworker_id AND o.id > a.id AND o.busy_range && a.busy_range
      WHERE a.status IN ('held', 'confirmed') AND o.status IN ('held', 'confirmed')`,
  );
  return row.n;
}

interface DistinctRun {
  count: number;
  seconds: number;
  perSecond: number;
  statuses: Record<string, number>;
  unexpected: number;
  firstUnexpected?: string;
  p50: number;
  p99: number;
}

/** Books task 0, 1, 2 … with DISTINCT_CLIENTS in flight until the slots or DISTINCT_SECONDS run out. */
async function distinctRun(
  count: number,
  book: (i: number) => Promise<{ status: number; body: unknown }>,
): Promise<DistinctRun> {
  const statuses: number[] = [];
  const latencies: number[] = [];
  let firstUnexpected: string | undefined;
  const started = Date.now();
  const done = await pool(count, DISTINCT_CLIENTS, started + DISTINCT_SECONDS * 1000, async (i) => {
    const t = Date.now();
    const res = await book(i);
    latencies.push(Date.now() - t);
    statuses.push(res.status);
    if (res.status !== 201) firstUnexpected ??= `${res.status} ${JSON.stringify(res.body).slice(0, 300)}`;
  });
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((x, y) => x - y);
  const booked = statuses.filter((s) => s === 201).length;
  return {
    count: done,
    seconds: round(seconds, 1),
    perSecond: round(booked / seconds, 1),
    statuses: tally(statuses),
    unexpected: done - booked,
    firstUnexpected,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
  };
}

/**
 * pgbench with a one-statement script on the bench database: the most a database on this machine
 * commits per second for `clients` connections, each commit durable like a booking's.
 */
async function pgbenchInsert(
  databaseUrl: string,
  clients: number,
  seconds: number,
): Promise<{ tps: number | string; note: string }> {
  await withAdmin(databaseUrl, (c) =>
    c.query(
      `CREATE TABLE bench_pgbench_insert (id bigserial PRIMARY KEY, client int NOT NULL, at timestamptz NOT NULL DEFAULT now())`,
    ),
  );
  const dir = await mkdtemp(join(tmpdir(), 'samtal-pgbench-'));
  try {
    const script = join(dir, 'insert.sql');
    await writeFile(script, 'INSERT INTO bench_pgbench_insert (client) VALUES (:client_id);\n');
    // -n: no vacuum of pgbench's own tables (there are none); -j 2: the machine's cores.
    const args = ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, databaseUrl];
    const out = await new Promise<{ error: ExecFileException | null; stdout: string; stderr: string }>((resolve) =>
      execFile('pgbench', args, { timeout: (seconds + 60) * 1000 }, (error, stdout, stderr) =>
        resolve({ error, stdout, stderr }),
      ),
    );
    if (out.error?.code === 'ENOENT') return { tps: 'n/a (pgbench not installed)', note: 'pgbench is not on PATH' };
    const tps = /tps = ([\d.]+)/.exec(out.stdout);
    if (out.error || !tps)
      return {
        tps: 'n/a (pgbench failed)',
        note: `pgbench failed: ${(out.error?.message ?? '') + out.stderr}`.slice(0, 500),
      };
    const latency = /latency average = ([\d.]+ ms)/.exec(out.stdout)?.[1];
    return {
      tps: round(Number(tps[1]), 1),
      note: `${clients} clients, ${seconds} s: ${tps[0]}${latency ? `, latency average ${latency}` : ''}`,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
    await withAdmin(databaseUrl, (c) => c.query('DROP TABLE IF EXISTS bench_pgbench_insert'));
  }
}
