import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { CalendarSource, CaseworkerRef } from '../../availability/calendar-source';
import type { CalendarInput, Interval, Mode, WorkingHoursRule } from '../../availability/engine';
import { preparedQuery } from '../../database/prepared-query';
import { holdStillRunning, releaseRunOutHoldsSql } from './appointment.repository';

/**
 * A row of calendarLoad()'s query: working hours fill weekday…modes; a caseworker's absences and busy
 * time arrive as one row each, their spans in `spans` ("start,end,start,end…", epoch milliseconds):
 * a four-week search reads a few rows instead of one per appointment, and splitting one string is
 * many times cheaper for the driver than a row each. Busy time synced from external calendars arrives
 * as 'absence': it makes a time unavailable (SLOT_UNAVAILABLE), while a Samtal appointment makes it
 * taken (SLOT_TAKEN). The booking's read adds rows of its own kinds, with numbers in s and e.
 */
interface CalendarRow {
  kind: 'hours' | 'absence' | 'busy' | 'load' | 'holds' | 'inactive';
  caseworker_id: string;
  weekday: number | null;
  start: string | null;
  end: string | null;
  modes: Mode[] | null;
  spans: string | null;
  s: number | null;
  e: number | null;
}

/**
 * An instant as epoch milliseconds, as text ("Infinity" for an infinite one). date_part is float8
 * arithmetic, several times cheaper than extract's numeric for every span of a search; rounded to
 * the millisecond, which every instant stored here is on (they come from JavaScript dates).
 */
const ms = (instant: string) => `round(date_part('epoch', ${instant}) * 1000)::text`;
/** The spans of a group of rows as one "start,end,start,end…" string. */
const spans = (lower: string, upper: string) => `string_agg(${ms(lower)} || ',' || ${ms(upper)}, ',')`;

const CALENDAR_SQL = `
  SELECT 'hours' AS kind, caseworker_id, weekday, start, "end", modes,
    NULL::text AS spans, NULL::float8 AS s, NULL::float8 AS e
    FROM working_hours WHERE caseworker_id = ANY($1::uuid[])
  UNION ALL
  SELECT 'absence', caseworker_id, NULL, NULL, NULL, NULL, ${spans('starts_at', 'ends_at')}, NULL, NULL
    FROM absences WHERE caseworker_id = ANY($1::uuid[]) AND starts_at < $3 AND ends_at > $2
   GROUP BY caseworker_id
  UNION ALL
  -- Busy time from the caseworker's own calendars (Outlook, CalDAV …): unavailable, like an absence.
  -- Merged first (range_agg, PostgreSQL 14+): several calendars and recurring series overlap a lot,
  -- and each span costs more to send and read than to merge here.
  SELECT 'absence', ids.id, NULL, NULL, NULL, NULL, x.spans, NULL, NULL
    FROM unnest($1::uuid[]) AS ids(id)
   CROSS JOIN LATERAL (SELECT ${spans('lower(r)', 'upper(r)')} AS spans
                         FROM unnest((SELECT range_agg(b.busy_range) FROM external_busy b
                                       WHERE b.caseworker_id = ids.id AND b.busy_range && tstzrange($2, $3))) AS r) x
   WHERE x.spans IS NOT NULL
  UNION ALL
  -- Held appointments whose hold has run out no longer block anything, even before the expiry job runs.
  SELECT 'busy', a.caseworker_id, NULL, NULL, NULL, NULL,
    ${spans('lower(a.busy_range)', 'upper(a.busy_range)')}, NULL, NULL
    FROM unnest($1::uuid[]) AS ids(id)
    JOIN appointments a ON a.caseworker_id = ids.id AND a.busy_range && tstzrange($2, $3)
   WHERE a.status IN ('held', 'confirmed') AND (a.status = 'confirmed' OR ${holdStillRunning('$4', 'a.')})
     AND ($5::uuid IS NULL OR a.id <> $5::uuid)
   GROUP BY a.caseworker_id`;

/**
 * A booking's read in its transaction, after the holder locks of a hold (and, inside an idempotency
 * transaction, the candidates' calendar locks; otherwise the write takes the chosen one's), in one statement: the
 * calendars' rows as above; each caseworker's live meetings in the start's week (the intake assignment's load,
 * 'load': s); the holder's live holds in the unit (docs/product-rules.md, rule 5, 'holds': s by email, e by
 * address; counted under the holder locks, so every hold committed before them is seen); and the
 * caseworkers deactivated meanwhile ('inactive': the team may come from a cache a few seconds old).
 * In the same statement the calendars' holds that have run out are cancelled, so the exclusion
 * constraint no longer counts them when the booking inserts. The SELECT sees the rows as they were
 * before the UPDATE and leaves out run-out holds anyway; the partial indexes on held rows keep the
 * UPDATE and the hold count to holds.
 */
const BOOKING_CALENDAR_SQL = `
  WITH released AS (
    ${releaseRunOutHoldsSql('$1::uuid[]', '$4')}
  )${CALENDAR_SQL}
  UNION ALL
  SELECT 'load', a.caseworker_id, NULL, NULL, NULL, NULL, NULL, count(*)::float8, NULL
    FROM appointments a
   WHERE $6::timestamptz IS NOT NULL AND a.caseworker_id = ANY($1::uuid[]) AND a.starts_at >= $6 AND a.starts_at < $7
     AND a.status IN ('held', 'confirmed', 'completed') AND (a.status <> 'held' OR ${holdStillRunning('$4', 'a.')})
   GROUP BY a.caseworker_id
  UNION ALL
  SELECT 'holds', NULL, NULL, NULL, NULL, NULL, NULL,
         (count(*) FILTER (WHERE lower(c.email) = $9))::float8, (count(*) FILTER (WHERE a.holder_ip_hash = $10))::float8
    FROM appointments a JOIN clients c ON c.id = a.client_id
   WHERE a.unit_id = $8::uuid AND a.status = 'held' AND ${holdStillRunning('$4', 'a.')}
  UNION ALL
  SELECT 'inactive', w.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM unnest($1::uuid[]) AS ids(id) JOIN caseworkers w ON w.id = ids.id WHERE NOT w.active`;

/** What a booking reads (bookingLoad). */
export interface BookingRead {
  calendars: Map<string, CalendarInput>;
  /** Live meetings per caseworker in the start's week (none: 0). */
  weekLoad: Map<string, number>;
  /** The holder's live holds, when the booking is a hold. */
  holds: { byEmail: number; byAddress: number } | null;
  /** Caseworkers deactivated since the team was read: not bookable. */
  inactive: Set<string>;
}

/** How far outside a searched range busy time can matter: the largest buffer a meeting type allows. */
const MARGIN_MS = 2 * 86_400_000;

const withMargin = (range: { from: Date; to: Date }): [Date, Date] => [
  new Date(range.from.getTime() - MARGIN_MS),
  new Date(range.to.getTime() + MARGIN_MS),
];

/**
 * The slot engine's input, read for availability (which declares the port and must not import
 * appointments): working hours, absences, busy time from external calendars and busy appointments of
 * some caseworkers around a range. A read model (the tables are their repositories' to write:
 * working_hours and absences WorkingTimeRepository's, appointments AppointmentRepository's): it reads
 * working_hours, absences, external_busy, appointments, clients and caseworkers in one statement. The
 * booking's read also releases the calendars' run-out holds in that statement, with the
 * repository's own SQL (releaseRunOutHoldsSql), to spare the booking a round trip.
 */
@Injectable()
export class AppointmentCalendarSource extends CalendarSource {
  constructor(private readonly db: DataSource) {
    super();
  }

  /**
   * The engine's input for these caseworkers around a range. One prepared round trip for all three
   * kinds of row: round trips and query planning, not the engine, are most of a slot search's cost.
   * Busy time joins the ids one by one so that the exclusion constraint's GiST index on
   * (caseworker_id, busy_range) narrows by both columns.
   */
  async calendarLoad(
    caseworkers: CaseworkerRef[],
    range: { from: Date; to: Date },
    now: Date,
    opts: { manager?: EntityManager; excludeAppointmentId?: string } = {},
  ): Promise<Map<string, CalendarInput>> {
    const [from, to] = withMargin(range);
    const rows = await preparedQuery<CalendarRow>(this.db, opts.manager, 'calendar-load', CALENDAR_SQL, [
      caseworkers.map((c) => c.id),
      from,
      to,
      now,
      opts.excludeAppointmentId ?? null,
    ]);
    return this.group(caseworkers, rows);
  }

  /**
   * A booking's read inside its transaction (BOOKING_CALENDAR_SQL): the calendars' working hours
   * and what overlaps `busy` (the new meeting with its buffers: nothing else can make it unavailable
   * or taken), the week's load (only when there is a choice to make), the holder's live holds and
   * who was deactivated meanwhile.
   */
  async bookingLoad(
    m: EntityManager | undefined,
    caseworkers: CaseworkerRef[],
    busy: { from: Date; to: Date },
    now: Date,
    week: { from: Date; to: Date } | null,
    holder?: { unitId: string; email: string; addressHash: string | null },
  ): Promise<BookingRead> {
    const { from, to } = busy;
    const rows = await preparedQuery<CalendarRow>(this.db, m, 'calendar-load-booking', BOOKING_CALENDAR_SQL, [
      caseworkers.map((c) => c.id),
      from,
      to,
      now,
      null,
      week?.from ?? null,
      week?.to ?? null,
      holder?.unitId ?? null,
      holder?.email ?? null,
      holder?.addressHash ?? null,
    ]);
    const read: BookingRead = { calendars: new Map(), weekLoad: new Map(), holds: null, inactive: new Set() };
    const calendarRows: CalendarRow[] = [];
    for (const r of rows) {
      if (r.kind === 'load') read.weekLoad.set(r.caseworker_id, r.s!);
      else if (r.kind === 'holds') read.holds = holder ? { byEmail: r.s!, byAddress: r.e! } : null;
      else if (r.kind === 'inactive') read.inactive.add(r.caseworker_id);
      else calendarRows.push(r);
    }
    read.calendars = this.group(caseworkers, calendarRows);
    return read;
  }

  private group(caseworkers: CaseworkerRef[], rows: CalendarRow[]): Map<string, CalendarInput> {
    const byId = new Map<string, CalendarInput>();
    for (const c of caseworkers) byId.set(c.id, { timeZone: c.timeZone, workingHours: [], absences: [], busy: [] });
    for (const r of rows) {
      const cal = byId.get(r.caseworker_id)!;
      if (r.kind === 'hours')
        (cal.workingHours as WorkingHoursRule[]).push({
          weekday: r.weekday!,
          start: r.start!,
          end: r.end!,
          modes: r.modes!,
        });
      else pushSpans(r.spans!, (r.kind === 'absence' ? cal.absences : cal.busy) as Interval[]);
    }
    return byId;
  }
}

/** "start,end,start,end…" (epoch milliseconds) onto a list of intervals. */
function pushSpans(text: string, into: Interval[]): void {
  const parts = text.split(',');
  for (let i = 0; i + 1 < parts.length; i += 2) into.push({ start: Number(parts[i]), end: Number(parts[i + 1]) });
}
