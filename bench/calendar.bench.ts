import { StaffSessionsService } from '../src/auth/staff-sessions.service';
import { BenchApp, BenchRow, nextMonday, OFFICE_HOURS, percentile, round, Seeder } from './support';

const APPOINTMENTS = 200;
const WARM_UP = 20;
const REQUESTS = 200;
const TARGET_MS = 100;

/**
 * GET /staff (the calendar's week page, server-rendered) for a caseworker with 200 appointments in the
 * week: 200 clients, five statuses and both modes, inserted directly (10-minute meetings back to back,
 * Mon–Fri from 08:00, so the exclusion constraint holds). Sequential requests over loopback with the
 * session cookie: each latency is the server's time plus a loopback round trip.
 */
export async function runCalendarBench(b: BenchApp, log: (line: string) => void): Promise<BenchRow[]> {
  const seed = new Seeder(b);
  const unit = await seed.unit('calendar');
  const cw = await seed.caseworker(unit, OFFICE_HOURS);
  const typeId = await seed.meetingType(unit, {
    key: 'short',
    durationMinutes: 10,
    slotStepMinutes: 10,
    minNoticeMinutes: 0,
    horizonDays: 60,
    modes: ['in_person', 'video'],
    intake: false,
  });
  const monday = nextMonday();
  const statuses = ['confirmed', 'confirmed', 'held', 'completed', 'no_show', 'cancelled'];
  await b.db.query(
    `WITH c AS (
       INSERT INTO clients (unit_id, caseworker_id, name, email, locale)
       SELECT $1::uuid, $2::uuid, 'Bench Client ' || i, 'bench-cal-' || i || '-' || $2::text || '@example.org', 'sv'
         FROM generate_series(1, $3::int) i
       RETURNING id
     ), cn AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM c)
     INSERT INTO appointments (unit_id, caseworker_id, client_id, meeting_type_id, starts_at, ends_at, busy_range,
                               mode, status, created_by, hold_expires_at)
     SELECT $1::uuid, $2::uuid, c.id, $4::uuid, s.t, s.t + interval '10 minutes', tstzrange(s.t, s.t + interval '10 minutes'),
            CASE WHEN c.n % 3 = 0 THEN 'video' ELSE 'in_person' END,
            ($6::text[])[1 + (c.n % 6)], 'staff',
            CASE WHEN ($6::text[])[1 + (c.n % 6)] = 'held' THEN now() + interval '1 day' END
       FROM cn c
       CROSS JOIN LATERAL (SELECT $5::timestamptz + ((c.n - 1) / 40) * interval '1 day'
                                 + ((c.n - 1) % 40) * interval '10 minutes' AS t) s`,
    [unit.id, cw.id, APPOINTMENTS, typeId, monday.set({ hour: 8 }).toJSDate(), statuses],
  );
  const { token } = await b.app.get(StaffSessionsService).start({ caseworkerId: cw.id, method: 'email_link' });
  const path = `/staff?week=${monday.toFormat("kkkk-'W'WW")}`;
  const get = async () => {
    const t0 = process.hrtime.bigint();
    const res = await fetch(`${b.baseUrl}${path}`, {
      headers: { Cookie: `samtal_session=${token}`, 'Accept-Language': 'en' },
    });
    const body = await res.text();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (res.status !== 200) throw new Error(`GET ${path} answered ${res.status}`);
    return { ms, body };
  };
  const first = await get();
  const shown = (first.body.match(/href="\/staff\/appointments\//g) ?? []).length;
  log(`calendar: the week page lists ${shown} appointments (${Math.round(first.body.length / 1024)} KiB)`);
  for (let i = 0; i < WARM_UP; i++) await get();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) times.push((await get()).ms);
  times.sort((x, y) => x - y);
  const p50 = round(percentile(times, 0.5));
  const p95 = round(percentile(times, 0.95));
  log(`calendar: GET /staff week page p50 ${p50} ms, p95 ${p95} ms over ${REQUESTS} requests`);
  return [
    {
      name: `calendar: GET /staff week with ${APPOINTMENTS} appointments, all listed`,
      value: shown,
      unit: 'appointments',
      target: `= ${APPOINTMENTS}`,
      ok: shown === APPOINTMENTS,
      correctness: true,
    },
    {
      name: 'calendar: GET /staff week page, p50',
      value: p50,
      unit: 'ms',
      target: `< ${TARGET_MS}`,
      ok: p50 < TARGET_MS,
    },
    {
      name: 'calendar: GET /staff week page, p95',
      value: p95,
      unit: 'ms',
      target: `< ${TARGET_MS}`,
      ok: p95 < TARGET_MS,
    },
  ];
}
