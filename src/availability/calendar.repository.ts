import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { CalendarInput, Interval, Mode, WorkingHoursRule } from './engine';

export interface CaseworkerRef {
  id: string;
  timeZone: string;
}

/** How far outside a searched range busy time can matter: the largest buffer a meeting type allows. */
const MARGIN_MS = 2 * 86_400_000;

/**
 * Loads what the pure engine needs, for one caseworker or a whole team, in three queries whatever
 * the team size (never a query per caseworker or per slot).
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
    const [hours, absences, busy] = await Promise.all([
      q.query(`SELECT caseworker_id, weekday, start, "end", modes FROM working_hours WHERE caseworker_id = ANY($1)`, [ids]),
      q.query(
        `SELECT caseworker_id, starts_at, ends_at FROM absences WHERE caseworker_id = ANY($1) AND starts_at < $3 AND ends_at > $2`,
        [ids, from, to],
      ),
      // Held appointments whose hold has run out no longer block anything, even before the expiry job runs.
      q.query(
        `SELECT caseworker_id, lower(busy_range) AS s, upper(busy_range) AS e FROM appointments
          WHERE caseworker_id = ANY($1) AND busy_range && tstzrange($2, $3)
            AND (status = 'confirmed' OR (status = 'held' AND hold_expires_at > $4))
            AND ($5::uuid IS NULL OR id <> $5::uuid)`,
        [ids, from, to, now, opts.excludeAppointmentId ?? null],
      ),
    ]);
    const byId = new Map<string, CalendarInput>();
    for (const c of caseworkers) byId.set(c.id, { timeZone: c.timeZone, workingHours: [], absences: [], busy: [] });
    for (const h of hours as Array<{ caseworker_id: string; weekday: number; start: string; end: string; modes: Mode[] }>) {
      (byId.get(h.caseworker_id)!.workingHours as WorkingHoursRule[]).push({ weekday: h.weekday, start: h.start, end: h.end, modes: h.modes });
    }
    for (const a of absences as Array<{ caseworker_id: string; starts_at: Date; ends_at: Date }>) {
      (byId.get(a.caseworker_id)!.absences as Interval[]).push({ start: a.starts_at.getTime(), end: a.ends_at.getTime() });
    }
    for (const b of busy as Array<{ caseworker_id: string; s: Date; e: Date }>) {
      (byId.get(b.caseworker_id)!.busy as Interval[]).push({ start: b.s.getTime(), end: b.e.getTime() });
    }
    return byId;
  }
}
