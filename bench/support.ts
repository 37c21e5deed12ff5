import { INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { createApp } from '../src/app.factory';
import { runMigrations } from '../src/database/data-source';
import { RATE_LIMITS, RateLimits } from '../src/web/http/rate-limit';
import { isAlive, startEmbeddedPostgres, withDatabase } from '../src/database/embedded-postgres';
import { ensureStaff, ensureUnit, issueStaffToken } from '../src/units/unit-bootstrap';

/** One line of the results table. `ok` is undefined when the row has no target to meet. */
export interface BenchRow {
  name: string;
  value: number | string;
  unit: string;
  target: string;
  ok?: boolean;
  /** A correctness check (double booking, unexpected status): when it fails, the run fails. Speed targets only report. */
  correctness?: boolean;
}

/** What a step gives the run: its rows of the table, and facts for the log and RESULTS.md. */
export interface BenchResult {
  rows: BenchRow[];
  notes: string[];
}

/** A start as the slot routes answer it. */
export interface Slot {
  startsAt: string;
}

export const ZONE = 'Europe/Stockholm';
export const DAY_MS = 86_400_000;

/** Every HTTP call of the bench gives up after this long, so no step can hang the run. */
const REQUEST_TIMEOUT_MS = 30_000;

// ---------------------------------------------------------------------------------------------
// Database
// ---------------------------------------------------------------------------------------------

export interface BenchDatabase {
  /** The migrated database the app and pgbench use. */
  url: string;
  embedded: boolean;
  /** Drops the database, then stops the embedded server (if we started one). Safe to call twice. */
  close(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL names a server we only borrow; otherwise an embedded PostgreSQL of the bench's
 * own. Durability stays on (no fsync=off flags): a benchmark of bookings must pay for real commits.
 */
export async function openBenchDatabase(log: (line: string) => void): Promise<BenchDatabase> {
  const external = process.env.BENCH_DATABASE_URL;
  let stopServer: (() => Promise<void>) | null = null;
  let adminUrl: string;
  if (external) {
    adminUrl = external;
  } else {
    log('starting embedded PostgreSQL in ./var/bench-postgres on port 54335');
    const pg = await startEmbeddedPostgres({ dataDir: './var/bench-postgres', port: 54335, serverFlags: [] });
    adminUrl = pg.url;
    stopServer = () => pg.stop();
  }
  // The pid in the name tells an interrupted run's leftover apart from a live one.
  const name = `samtal_bench_${process.pid}`;
  let created = false;
  let closing: Promise<void> | undefined;
  // A second call (e.g. a signal during the first) waits for the same close.
  const close = () =>
    (closing ??= (async () => {
      try {
        if (created) await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
      } finally {
        if (stopServer) await stopServer();
      }
    })());
  try {
    await withAdmin(adminUrl, async (c) => {
      // On our own server, a killed run's database (its pid gone) would otherwise stay forever.
      if (!external) await dropStaleBenchDatabases(c);
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${name}`);
    });
    created = true;
    const url = withDatabase(adminUrl, name);
    await runMigrations(url);
    return { url, embedded: !external, close };
  } catch (err) {
    await close().catch(() => undefined);
    throw err;
  }
}

async function dropStaleBenchDatabases(c: Client): Promise<void> {
  const { rows } = await c.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname ~ '^samtal_bench_[0-9]+$'`,
  );
  for (const { datname } of rows) {
    const pid = Number(datname.slice('samtal_bench_'.length));
    if (pid !== process.pid && !isAlive(pid)) await c.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}

export async function withAdmin<T>(url: string, fn: (c: Client) => Promise<T>): Promise<T> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

// ---------------------------------------------------------------------------------------------
// App
// ---------------------------------------------------------------------------------------------

export interface BenchApp {
  app: INestApplication;
  db: DataSource;
  baseUrl: string;
}

/** The same stack as main.ts, listening on a free loopback port, with the job workers off. */
export async function startBenchApp(databaseUrl: string): Promise<BenchApp> {
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseUrl,
    JOBS_ENABLED: 'false',
    PUBLIC_URL: 'http://bench.local',
    DATABASE_POOL_SIZE: '20',
  });
  const { app } = await createApp({ config, databaseUrl });
  // All bench load comes from 127.0.0.1, so the per-IP limits (e.g. 10 public bookings an IP per
  // 10 minutes) would answer nearly everything with 429. The limiter still runs on every request, so
  // its cost stays in the numbers; only its ceilings are lifted.
  const unlimited = { limit: Number.MAX_SAFE_INTEGER, windowMs: 60_000 };
  Object.assign(app.get<RateLimits>(RATE_LIMITS), {
    pages: unlimited,
    booking: unlimited,
    api: unlimited,
    sign_in: unlimited,
    sign_in_email: unlimited,
  } satisfies RateLimits);
  await app.listen(0, '127.0.0.1');
  const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
  return { app, db: app.get(DataSource), baseUrl: `http://127.0.0.1:${port}` };
}

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One JSON call; network failures and timeouts come back as status 0 so callers can count them. */
export async function call<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  opts: CallOptions = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { accept: 'application/json', ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await res.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      // not JSON (e.g. an HTML error page): keep the text for the report
    }
    return { status: res.status, body: body as T };
  } catch (err) {
    return { status: 0, body: { message: err instanceof Error ? err.message : String(err) } as T };
  }
}

/** A call that must answer `expected`; anything else stops the bench with the answer in the message. */
export async function expectCall<T = unknown>(
  baseUrl: string,
  method: string,
  path: string,
  expected: number,
  opts: CallOptions = {},
): Promise<T> {
  const res = await call<T>(baseUrl, method, path, opts);
  if (res.status !== expected) {
    throw new Error(
      `${method} ${path}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 500)}`,
    );
  }
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// Seeding (the way test/support/booking-fixture.ts does it: bootstrap rows, then the public API)
// ---------------------------------------------------------------------------------------------

export interface SeedUnit {
  id: string;
  slug: string;
  adminToken: string;
}

export interface SeedCaseworker {
  id: string;
  token: string;
}

export interface WorkingHours {
  weekday: number;
  start: string;
  end: string;
  modes: string[];
}

/** Mon–Fri 08–12 in person, 13–16 in person or video: the e2e fixture's office week. */
export const OFFICE_HOURS: WorkingHours[] = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, start: '08:00', end: '12:00', modes: ['in_person'] },
  { weekday, start: '13:00', end: '16:00', modes: ['in_person', 'video'] },
]);

export interface MeetingTypeInit {
  key: string;
  durationMinutes: number;
  bufferBeforeMinutes?: number;
  bufferAfterMinutes?: number;
  slotStepMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  modes: string[];
  intake: boolean;
}

export class Seeder {
  constructor(private readonly b: BenchApp) {}

  async unit(label: string): Promise<SeedUnit> {
    const slug = `bench-${label}-${randomBytes(3).toString('hex')}`;
    const { unit } = await ensureUnit(this.b.db, slug, {
      publicName: `Bench ${label}`,
      timeZone: ZONE,
      address: 'Storgatan 1',
    });
    const admin = await ensureStaff(this.b.db, unit.id, { email: `admin@${slug}.test`, name: 'Admin', role: 'admin' });
    return { id: unit.id, slug, adminToken: await issueStaffToken(this.b.db, admin.id, 'bench') };
  }

  async caseworker(unit: SeedUnit, hours: WorkingHours[]): Promise<SeedCaseworker> {
    const cw = await ensureStaff(this.b.db, unit.id, {
      email: `cw-${randomBytes(4).toString('hex')}@${unit.slug}.test`,
      name: 'Case Worker',
      role: 'caseworker',
    });
    await expectCall(this.b.baseUrl, 'PUT', `/api/v1/caseworkers/${cw.id}/working-hours`, 200, {
      token: unit.adminToken,
      body: hours,
    });
    return { id: cw.id, token: await this.token(cw.id) };
  }

  /** A new bearer token of the caseworker; its first call pays the token check (nothing remembers it yet). */
  async token(caseworkerId: string): Promise<string> {
    return issueStaffToken(this.b.db, caseworkerId, 'bench');
  }

  async settings(unit: SeedUnit, settings: Record<string, unknown>): Promise<void> {
    await expectCall(this.b.baseUrl, 'PATCH', `/api/v1/units/${unit.id}`, 200, {
      token: unit.adminToken,
      body: settings,
    });
  }

  async meetingType(unit: SeedUnit, t: MeetingTypeInit): Promise<string> {
    const body = { name: t.key, publicLabel: t.key, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, ...t };
    const created = await expectCall<{ id: string }>(
      this.b.baseUrl,
      'POST',
      `/api/v1/units/${unit.id}/meeting-types`,
      201,
      { token: unit.adminToken, body },
    );
    return created.id;
  }

  /**
   * A unit for staff bookings: `calendars` caseworkers with the same office hours, a 15-minute
   * meeting type that is not an intake, and `clients` clients without a caseworker.
   */
  async staffUnit(
    label: string,
    calendarCount: number,
    clientCount: number,
  ): Promise<{ unit: SeedUnit; typeId: string; calendars: SeedCaseworker[]; clients: string[] }> {
    const unit = await this.unit(label);
    const typeId = await this.meetingType(unit, {
      key: 'short',
      durationMinutes: 15,
      slotStepMinutes: 15,
      minNoticeMinutes: 0,
      horizonDays: 90,
      modes: ['in_person'],
      intake: false,
    });
    const calendars: SeedCaseworker[] = [];
    for (let i = 0; i < calendarCount; i++) calendars.push(await this.caseworker(unit, OFFICE_HOURS));
    return { unit, typeId, calendars, clients: await this.clients(unit, clientCount) };
  }

  async clients(unit: SeedUnit, count: number, caseworkerId?: string): Promise<string[]> {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const body = { name: `Bench Client ${i + 1}`, email: uniqueEmail(), ...(caseworkerId ? { caseworkerId } : {}) };
      ids.push(
        (
          await expectCall<{ id: string }>(this.b.baseUrl, 'POST', `/api/v1/units/${unit.id}/clients`, 201, {
            token: unit.adminToken,
            body,
          })
        ).id,
      );
    }
    return ids;
  }
}

let emailSeq = 0;
export const uniqueEmail = () => `bench-${process.pid}-${Date.now()}-${emailSeq++}@example.org`;

// ---------------------------------------------------------------------------------------------
// Time, statistics, concurrency
// ---------------------------------------------------------------------------------------------

/**
 * Slots are computed against the real clock (minimum notice and horizon count from now), so the
 * bench cannot pin a date; next Monday 00:00 in the unit's zone gives every run a whole week shape.
 */
export function nextMonday(): DateTime {
  return DateTime.now().setZone(ZONE).startOf('week').plus({ weeks: 1 });
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Runs `task(i)` for i in [0, count) with `workers` in flight, stopping early (without starting new
 * tasks) once `deadline` passes. Returns how many tasks were started.
 */
export async function pool(
  count: number,
  workers: number,
  deadline: number,
  task: (i: number) => Promise<void>,
): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < count && Date.now() < deadline) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(workers, count) }, worker));
  return next;
}

/**
 * The statements (= round trips) `run` sends to PostgreSQL, counted client-side on every pg Client
 * of the process (the app's pool, pg-boss's): run it alone, nothing else in flight. Each entry is the
 * statement's first words (named prepared statements show their name), for the report.
 */
export async function countStatements(run: () => Promise<unknown>): Promise<string[]> {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  const seen: string[] = [];
  proto.query = function (this: Client, ...args: unknown[]) {
    const q = args[0] as string | { text?: string; name?: string };
    const text = typeof q === 'string' ? q : (q?.text ?? '');
    const head = text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 4).join(' ');
    seen.push(typeof q === 'object' && q?.name ? `${q.name} (prepared)` : head);
    return original.apply(this, args);
  };
  try {
    await run();
  } finally {
    proto.query = original;
  }
  return seen;
}

// ---------------------------------------------------------------------------------------------
// CPU of other processes (Linux /proc)
// ---------------------------------------------------------------------------------------------

/** Clock ticks a second, the unit of /proc/<pid>/stat's utime and stime (100 on nearly every Linux). */
export const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of one process in ms, from stat(5); null when it is gone or not on Linux. */
function statCpuMs(pid: number | string): number | null {
  try {
    // The command name (field 2) may hold spaces; everything after its ") " is space-separated.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // utime and stime, fields 14 and 15 of stat(5), counted after the command name: 12 and 13 here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** CPU time (user + system) a process has used, from /proc (Linux); null elsewhere. */
export function processCpuMs(pid: number | undefined): number | null {
  return pid === undefined ? null : statCpuMs(pid);
}

/**
 * CPU ms used so far by every process named `postgres` on the machine (the postmaster and its
 * backends, of any server: the embedded one and the machine's own), by pid. Diff two snapshots with
 * cpuSpentSince; a backend that exits between them takes its time with it.
 */
export function postgresCpuSnapshot(): Map<string, number> {
  const out = new Map<string, number>();
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
    } catch {
      continue;
    }
    const ms = statCpuMs(pid);
    if (ms !== null) out.set(pid, ms);
  }
  return out;
}

/**
 * CPU ms spent between two snapshots (of the pids in `only`, when given); a process started in between
 * counts whole (all of its time is in the window).
 */
export function cpuSpentSince(
  before: Map<string, number>,
  after: Map<string, number>,
  only?: ReadonlySet<string>,
): number {
  let ms = 0;
  for (const [pid, now] of after) {
    if (only && !only.has(pid)) continue;
    const then = before.get(pid) ?? 0;
    // Less than before: the pid was reused by a new process, all of whose time is in the window.
    ms += now >= then ? now - then : now;
  }
  return ms;
}

/** Counts of each value, e.g. HTTP statuses: `{ 201: 20, 409: 180 }`. */
export function tally(values: number[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

export function markdownTable(rows: BenchRow[]): string {
  const met = (r: BenchRow) => (r.ok === undefined ? '' : r.ok ? 'yes' : '**NO**');
  const lines = [
    '| name | value | unit | target | met |',
    '| --- | ---: | --- | --- | --- |',
    ...rows.map((r) => `| ${r.name} | ${r.value} | ${r.unit} | ${r.target} | ${met(r)} |`),
  ];
  return lines.join('\n');
}
