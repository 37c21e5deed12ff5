import { execFile, ExecFileException } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BenchApp,
  BenchResult,
  BenchRow,
  call,
  countStatements,
  expectCall,
  nextMonday,
  OFFICE_HOURS,
  round,
  SeedCaseworker,
  Seeder,
  SeedUnit,
  Slot,
  tally,
  uniqueEmail,
  withAdmin,
} from './support';

/** The race: this many clients at once, for this many slots (so ten contenders a slot). */
const RACE_CLIENTS = 200;
const RACE_SLOTS = 20;

/**
 * The statements one booking sends, then the booking race over the real HTTP API. Booking throughput
 * (slots nobody else wants, beside pgbench's TPS) is the `booking` step's (booking.bench.ts).
 */
export async function runRaceBench(b: BenchApp, log: (line: string) => void): Promise<BenchResult> {
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
export async function roundTrips(b: BenchApp, seed: Seeder, range: string): Promise<BenchResult> {
  const rows: BenchRow[] = [];
  const notes: string[] = [];
  const measure = async (label: string, book: () => Promise<{ status: number; body: unknown }>, expected = 201) => {
    let status = 0;
    const statements = await countStatements(async () => {
      status = (await book()).status;
    });
    rows.push({
      name: `round trips: ${label}`,
      value: statements.length,
      unit: 'statements',
      target: 'report',
      ...(status === expected ? {} : { ok: false, correctness: true }),
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
    // Staff calls with a token nothing has seen yet (its check is one statement), then again with it
    // remembered (StaffTokensService keeps a resolved token for TOKEN_CACHE_TTL_MS).
    const staffSlots = `/api/v1/caseworkers/${cw.id}/slots?meetingTypeId=${followUp}&mode=in_person&${range}`;
    const [searchToken, bookingToken] = [await seed.token(cw.id), await seed.token(cw.id)];
    await measure(
      'public slot search, 8 weeks',
      () =>
        call(
          b.baseUrl,
          'GET',
          `/api/v1/public/units/${unit.slug}/slots?meetingTypeId=${typeId}&mode=in_person&${range}`,
        ),
      200,
    );
    await measure(
      'staff slot search, 8 weeks (token checked)',
      () => call(b.baseUrl, 'GET', staffSlots, { token: searchToken }),
      200,
    );
    await measure(
      'staff slot search, 8 weeks (token remembered)',
      () => call(b.baseUrl, 'GET', staffSlots, { token: searchToken }),
      200,
    );
    await measure('staff booking (token checked)', () =>
      call(b.baseUrl, 'POST', '/api/v1/appointments', {
        token: bookingToken,
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

/**
 * A unit that confirms public bookings at once: `caseworkers` with office hours (beside the unit's
 * admin, who has none), one intake type of `minutes` on a grid of `minutes`.
 */
export async function publicUnit(
  seed: Seeder,
  label: string,
  minutes: number,
  caseworkers = 1,
): Promise<{ unit: SeedUnit; typeId: string; caseworkers: SeedCaseworker[] }> {
  const unit = await seed.unit(label);
  await seed.settings(unit, { selfBookingConfirmation: 'none' });
  const staff: SeedCaseworker[] = [];
  for (let i = 0; i < caseworkers; i++) staff.push(await seed.caseworker(unit, OFFICE_HOURS));
  const typeId = await seed.meetingType(unit, {
    key: 'intake',
    durationMinutes: minutes,
    slotStepMinutes: minutes,
    minNoticeMinutes: 0,
    horizonDays: 90,
    modes: ['in_person'],
    intake: true,
  });
  return { unit, typeId, caseworkers: staff };
}

/**
 * Pairs of live (held or confirmed) appointments of one caseworker whose buffered ranges overlap.
 * The exclusion constraint should make this 0; the query checks it without trusting the constraint.
 */
export async function doubleBookings(b: BenchApp): Promise<number> {
  const [row] = await b.db.query<Array<{ n: number }>>(
    `SELECT count(*)::int AS n FROM appointments a JOIN appointments o
        ON o.caseworker_id = a.caseworker_id AND o.id > a.id AND o.busy_range && a.busy_range
      WHERE a.status IN ('held', 'confirmed') AND o.status IN ('held', 'confirmed')`,
  );
  return row.n;
}

/**
 * pgbench with a one-statement script on the bench database: the most a database on this machine
 * commits per second for `clients` connections, each commit durable like a booking's.
 */
export async function pgbenchInsert(
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
