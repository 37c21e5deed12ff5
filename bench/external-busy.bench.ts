import { BenchApp, BenchRow, expectCall, nextMonday, OFFICE_HOURS, percentile, round, Seeder, Slot } from './support';

const BUSY_EVENTS = 2000;
const WINDOW_DAYS = 28;
const WARM_UP = 20;
const REQUESTS = 200;
/** Issue 13: the search with 2,000 external busy events stays within 2× of the one without. */
const MAX_RATIO = 2;
const DURATION_MINUTES = 45;

/**
 * Staff slot search (GET /api/v1/caseworkers/:id/slots, 4 weeks) for two caseworkers with the same
 * office week and meeting type: one with 2,000 external busy events in the searched weeks (rows in
 * external_busy of one ICS connection, inserted directly as a sync would leave them), one without.
 * The events stack the way several connected calendars do: 100 a weekday, 20-minute meetings that
 * start every 2 minutes from 08:00 (60, busy until 10:38) and every minute from 13:00 (40, until
 * 13:59), so late mornings and afternoons stay bookable. Sequential requests over loopback,
 * alternating between the two, so that load from elsewhere hits both alike.
 */
export async function runExternalBusyBench(b: BenchApp, log: (line: string) => void): Promise<BenchRow[]> {
  const seed = new Seeder(b);
  const unit = await seed.unit('external');
  const plain = await seed.caseworker(unit, OFFICE_HOURS);
  const busy = await seed.caseworker(unit, OFFICE_HOURS);
  const typeId = await seed.meetingType(unit, {
    key: 'follow-up',
    durationMinutes: DURATION_MINUTES,
    bufferAfterMinutes: 15,
    slotStepMinutes: 15,
    minNoticeMinutes: 60,
    horizonDays: 60,
    modes: ['in_person', 'video'],
    intake: false,
  });
  const from = nextMonday();
  const to = from.plus({ days: WINDOW_DAYS });

  const [calendar] = await b.db.query<{ id: string }[]>(
    `INSERT INTO external_calendars (caseworker_id, kind, url_masked, secret, last_synced_at, parsed_at, busy_count)
     VALUES ($1, 'ics', 'https://calendar.bench.example/…', 'bench: never synced', now(), now(), $2)
     RETURNING id`,
    [busy.id, BUSY_EVENTS],
  );
  // Weekdays of the window (Monday first), 100 events each: 20 weekdays × 100 = 2,000.
  await b.db.query(
    `INSERT INTO external_busy (calendar_id, caseworker_id, uid, busy_range)
     SELECT $1::uuid, $2::uuid, 'bench-' || d || '-' || k || '@calendar.bench.example',
            tstzrange(s.t, s.t + interval '20 minutes')
       FROM generate_series(0, $3::int - 1) d
       CROSS JOIN generate_series(0, 99) k
       CROSS JOIN LATERAL (
         SELECT ((($4::date + (d / 5) * 7 + d % 5)::timestamp
                  + CASE WHEN k < 60 THEN interval '8 hours' + k * interval '2 minutes'
                         ELSE interval '13 hours' + (k - 60) * interval '1 minute' END)
                 AT TIME ZONE $5) AS t) s`,
    [calendar.id, busy.id, (WINDOW_DAYS / 7) * 5, from.toISODate(), from.zoneName],
  );
  const [{ n: stored, first, last }] = await b.db.query<{ n: number; first: Date; last: Date }[]>(
    `SELECT count(*)::int AS n, min(lower(busy_range)) AS first, max(upper(busy_range)) AS last
       FROM external_busy WHERE caseworker_id = $1`,
    [busy.id],
  );
  log(`external busy: ${stored} rows from ${first.toISOString()} to ${last.toISOString()}`);

  const path = (caseworkerId: string) =>
    `/api/v1/caseworkers/${caseworkerId}/slots?meetingTypeId=${typeId}&mode=in_person&from=${encodeURIComponent(from.toISO()!)}&to=${encodeURIComponent(to.toISO()!)}`;
  const search = async (cw: { id: string; token: string }) => {
    const t0 = process.hrtime.bigint();
    const body = await expectCall<{ slots: Slot[] }>(b.baseUrl, 'GET', path(cw.id), 200, { token: cw.token });
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, slots: body.slots };
  };

  const without = (await search(plain)).slots;
  const withBusy = (await search(busy)).slots;
  const busyRows = await b.db.query<{ s: Date; e: Date }[]>(
    `SELECT lower(busy_range) AS s, upper(busy_range) AS e FROM external_busy WHERE caseworker_id = $1`,
    [busy.id],
  );
  const overlapping = withBusy.filter((slot) => {
    const s = Date.parse(slot.startsAt);
    const e = s + DURATION_MINUTES * 60_000;
    return busyRows.some((r) => r.s.getTime() < e && r.e.getTime() > s);
  }).length;
  log(`external busy: ${without.length} starts without, ${withBusy.length} with; ${overlapping} overlap busy time`);

  for (let i = 0; i < WARM_UP; i++) {
    await search(plain);
    await search(busy);
  }
  const plainMs: number[] = [];
  const busyMs: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    plainMs.push((await search(plain)).ms);
    busyMs.push((await search(busy)).ms);
  }
  plainMs.sort((x, y) => x - y);
  busyMs.sort((x, y) => x - y);
  const p50Plain = round(percentile(plainMs, 0.5));
  const p50Busy = round(percentile(busyMs, 0.5));
  const ratio = round(p50Busy / p50Plain);
  log(
    `external busy: p50 ${p50Plain} ms without, ${p50Busy} ms with ${BUSY_EVENTS} busy events (×${ratio}); p95 ${round(percentile(plainMs, 0.95))} / ${round(percentile(busyMs, 0.95))} ms`,
  );
  return [
    {
      name: `slots with ${BUSY_EVENTS} external busy events: rows stored`,
      value: stored,
      unit: 'rows',
      target: `= ${BUSY_EVENTS}`,
      ok: stored === BUSY_EVENTS,
      correctness: true,
    },
    {
      name: 'slots with external busy events: starts overlapping busy time',
      value: overlapping,
      unit: 'count',
      target: '0',
      ok: overlapping === 0 && withBusy.length < without.length,
      correctness: true,
    },
    { name: 'slot search (4 weeks) without external busy, p50', value: p50Plain, unit: 'ms', target: '' },
    {
      name: 'slot search (4 weeks) without external busy, p95',
      value: round(percentile(plainMs, 0.95)),
      unit: 'ms',
      target: '',
    },
    {
      name: `slot search (4 weeks) with ${BUSY_EVENTS} external busy events, p50`,
      value: p50Busy,
      unit: 'ms',
      target: '',
    },
    {
      name: `slot search (4 weeks) with ${BUSY_EVENTS} external busy events, p95`,
      value: round(percentile(busyMs, 0.95)),
      unit: 'ms',
      target: '',
    },
    {
      name: `slot search: with ${BUSY_EVENTS} external busy events ÷ without (p50)`,
      value: ratio,
      unit: '×',
      target: `≤ ${MAX_RATIO}`,
      ok: ratio <= MAX_RATIO,
    },
  ];
}
