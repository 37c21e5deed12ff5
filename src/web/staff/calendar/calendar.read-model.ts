import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Mode } from '../../../availability/engine';
import { preparedQuery } from '../../../database/prepared-query';
import { CalendarAbsence, CalendarAppointment, CalendarBusy, mergeBusy, WorkingHourRule } from './calendar-week';

export interface TeamMember {
  id: string;
  name: string;
  active: boolean;
  timeZone: string | null;
}

export interface CalendarRows {
  /** Every caseworker of the unit (the admin's picker, the team day's columns). */
  team: TeamMember[];
  appointments: CalendarAppointment[];
  rules: WorkingHourRule[];
  absences: CalendarAbsence[];
  /** Busy time from the caseworkers' own calendars (no title: none is stored), clipped to the range. */
  busy: CalendarBusy[];
  /** The shown caseworkers with an own calendar that failed its last sync or whose data is stale. */
  calendarTrouble: string[];
}

interface Row {
  team: TeamMember[];
  appointments: Array<Omit<CalendarAppointment, 'startsAt' | 'endsAt'> & { startsAt: string; endsAt: string }>;
  rules: Array<{ caseworkerId: string; weekday: number; start: string; end: string; modes: Mode[] }>;
  absences: Array<{ caseworkerId: string; startsAt: string; endsAt: string }>;
  busy: Array<{ caseworkerId: string; startsAt: string; endsAt: string }>;
  trouble: string[];
}

/**
 * The staff calendar page's read model (one query over eight tables, so it lives here, not in one table's
 * repository). The calendar's read in ONE round trip: the unit's caseworkers, and for the shown caseworkers
 * (`caseworkerIds`, or every active one when null) the appointments of the range with the client's
 * name and the meeting type's internal name, the weekly working hours, the absences, the busy time
 * read from their own calendars (external_busy) and which of them have an own calendar in trouble
 * (last sync failed, or its newest good data older than `staleHours`). Scoped to the unit: another
 * unit's caseworker simply has nothing here.
 *
 * Written for one plan for every unit and week (data-source.ts): the shown ids as an array, so each
 * table is read by its caseworker index (external_busy keeps the IN, which its GiST index takes), and an
 * appointment's start bounded from both sides (a meeting lasts at most a day: appointments_at_most_a_day),
 * so a week reads that week, not every meeting that started before its end.
 */
@Injectable()
export class CalendarReadModel {
  constructor(private readonly db: DataSource) {}

  async load(
    unitId: string,
    caseworkerIds: string[] | null,
    from: Date,
    to: Date,
    freshness: { now: Date; staleHours: number },
  ): Promise<CalendarRows> {
    const [row] = await preparedQuery<Row>(
      this.db,
      undefined,
      'staff-calendar',
      `WITH team AS (
         SELECT id, name, active, time_zone, created_at FROM caseworkers WHERE unit_id = $1
       ), shown AS (
         SELECT id FROM team WHERE CASE WHEN $2::uuid[] IS NULL THEN active ELSE id = ANY($2::uuid[]) END
       )
       SELECT
         (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'active', active, 'timeZone', time_zone)
                   ORDER BY created_at, id), '[]') FROM team) AS team,
         (SELECT coalesce(json_agg(json_build_object(
                   'id', a.id, 'caseworkerId', a.caseworker_id, 'startsAt', a.starts_at, 'endsAt', a.ends_at,
                   'mode', a.mode, 'status', a.status, 'clientId', a.client_id, 'clientName', c.name,
                   'clientPhone', c.phone,
                   'typeName', t.name, 'sequence', a.sequence) ORDER BY a.starts_at, a.id), '[]')
            FROM appointments a
            LEFT JOIN clients c ON c.id = a.client_id
            JOIN meeting_types t ON t.id = a.meeting_type_id
           WHERE a.unit_id = $1 AND a.caseworker_id = ANY (ARRAY(SELECT id FROM shown))
             AND a.starts_at < $4 AND a.starts_at > $3::timestamptz - interval '1 day' AND a.ends_at > $3)
               AS appointments,
         (SELECT coalesce(json_agg(json_build_object('caseworkerId', w.caseworker_id, 'weekday', w.weekday,
                   'start', w.start, 'end', w."end", 'modes', w.modes) ORDER BY w.weekday, w.start), '[]')
            FROM working_hours w WHERE w.caseworker_id = ANY (ARRAY(SELECT id FROM shown))) AS rules,
         (SELECT coalesce(json_agg(json_build_object('caseworkerId', b.caseworker_id, 'startsAt', b.starts_at,
                   'endsAt', b.ends_at) ORDER BY b.starts_at), '[]')
            FROM absences b WHERE b.caseworker_id = ANY (ARRAY(SELECT id FROM shown))
             AND b.starts_at < $4 AND b.ends_at > $3) AS absences,
         (SELECT coalesce(json_agg(json_build_object('caseworkerId', e.caseworker_id,
                   'startsAt', greatest(lower(e.busy_range), $3), 'endsAt', least(upper(e.busy_range), $4))
                   ORDER BY lower(e.busy_range), upper(e.busy_range)), '[]')
            FROM external_busy e WHERE e.caseworker_id IN (SELECT id FROM shown)
             AND e.busy_range && tstzrange($3, $4)) AS busy,
         (SELECT coalesce(json_agg(DISTINCT x.caseworker_id), '[]')
            FROM external_calendars x WHERE x.caseworker_id = ANY (ARRAY(SELECT id FROM shown))
             AND (x.last_error IS NOT NULL OR coalesce(x.last_synced_at, x.created_at)
                    < $5::timestamptz - make_interval(hours => $6::int))) AS trouble`,
      [unitId, caseworkerIds, from, to, freshness.now, freshness.staleHours],
    );
    return {
      team: row.team,
      appointments: row.appointments.map((a) => ({
        ...a,
        startsAt: new Date(a.startsAt),
        endsAt: new Date(a.endsAt),
      })),
      rules: row.rules,
      absences: row.absences.map((b) => ({ ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) })),
      busy: mergeBusy(row.busy.map((b) => ({ ...b, startsAt: new Date(b.startsAt), endsAt: new Date(b.endsAt) }))),
      calendarTrouble: row.trouble,
    };
  }
}
