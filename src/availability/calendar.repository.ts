import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CalendarInput, Interval, Mode, WorkingHoursRule } from './engine';

export interface CaseworkerRef {
  id: string;
  timeZone: string;
}

/** A row of load()'s query: working hours fill weekday…modes, absences and busy time fill s and e. */
interface CalendarRow {
  kind: 'hours' | 'absence' | 'busy';
  caseworker_id: string;
  weekday: number | null;
  start: string | null;
  end: string | null;
  modes: Mode[] | null;
  s: Date | null;
  e: Date | null;
}

/** How far outside a searched range busy time can matter: the largest buffer a meeting type allows. */
const MARGIN_MS = 2 * 86_400_000;

/**
 * Loads what the pure engine needs, for one caseworker or a whole team, in one query whatever the
 * team size (never a query per caseworker or per slot).
 */
@Injectable()
export class CalendarRepository {
  constructor(private readonly db: DataSource) {}

  async load(
    caseworkers: CaseworkerRef[],
    range: { from: Date; to: Date },
    now: Date,
    opts: { manager?: EntityManager; excludeAppointmentId?: string } = {},
  ): Promise<Map<string, CalendarInput>> {
    const q = opts.manager ?? this.db;
    const ids = caseworkers.map((c) => c.id);
    const from = new Date(range.from.getTime() - MARGIN_MS);
    const to = new Date(range.to.getTime() + MARGIN_MS);
    // One round trip for all three kinds of row: a round trip (a socket write, a wakeup of PostgreSQL)
    // is the largest single cost of a slot search under load, larger than the engine itself. Inside a
    // transaction, three queries at once on its one connection also made pg warn (removed in pg 9).
    const rows: CalendarRow[] = await q.query(
      `SELECT 'hours' AS kind, caseworker_id, weekday, start, "end", modes, NULL::timestamptz AS s, NULL::timestamptz AS e
         FROM working_hours WHERE caseworker_id = ANY($1)
       UNION ALL
       SELECT 'absence', caseworker_id, NULL, NULL, NULL, NULL, starts_at, ends_at
         FROM absences WHERE caseworker_id = ANY($1) AND starts_at < $3 AND ends_at > $2
       UNION ALL
       -- Held appointments whose hold has run out no longer block anything, even before the expiry job runs.
       SELECT 'busy', caseworker_id, NULL, NULL, NULL, NULL, lower(busy_range), upper(busy_range)
         FROM appointments
        WHERE caseworker_id = ANY($1) AND busy_range && tstzrange($2, $3)
          AND (status = 'confirmed' OR (status = 'held' AND hold_expires_at > $4))
          AND ($5::uuid IS NULL OR id <> $5::uuid)`,
      [ids, from, to, now, opts.excludeAppointmentId ?? null],
    );
    const byId = new Map<string, CalendarInput>();
    for (const c of caseworkers) byId.set(c.id, { timeZone: c.timeZone, workingHours: [], absences: [], busy: [] });
    for (const r of rows) {
      const cal = byId.get(r.caseworker_id)!;
      if (r.kind === 'hours') (cal.workingHours as WorkingHoursRule[]).push({ weekday: r.weekday!, start: r.start!, end: r.end!, modes: r.modes! });
      else if (r.kind === 'absence') (cal.absences as Interval[]).push({ start: r.s!.getTime(), end: r.e!.getTime() });
      else (cal.busy as Interval[]).push({ start: r.s!.getTime(), end: r.e!.getTime() });
    }
    return byId;
  }
}
