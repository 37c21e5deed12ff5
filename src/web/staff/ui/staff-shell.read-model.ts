import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../../../database/prepared-query';

/** The signed-in caseworker and their unit, as every workspace page starts from them. */
export interface StaffShellRow {
  name: string;
  /** The caseworker's own language, if they chose one. */
  locale: string | null;
  unitName: string;
  defaultLocale: string | null;
  timeZone: string;
  teamCalendarsVisible: boolean;
}

/**
 * The workspace pages' first read (StaffShellService): the caseworker and their unit in one named
 * statement, on every staff page request (a hot path: planned once per connection).
 */
@Injectable()
export class StaffShellReadModel {
  constructor(private readonly db: DataSource) {}

  /** Null when the caseworker is not there. */
  async caseworkerAndUnit(caseworkerId: string): Promise<StaffShellRow | null> {
    const [row] = await preparedQuery<{
      name: string;
      locale: string | null;
      unit_name: string;
      default_locale: string | null;
      time_zone: string;
      team_calendars_visible: boolean;
    }>(
      this.db,
      undefined,
      'staff-shell',
      `SELECT c.name, c.locale, u.public_name AS unit_name, u.default_locale, u.time_zone, u.team_calendars_visible
         FROM caseworkers c JOIN units u ON u.id = c.unit_id WHERE c.id = $1`,
      [caseworkerId],
    );
    if (!row) return null;
    return {
      name: row.name,
      locale: row.locale,
      unitName: row.unit_name,
      defaultLocale: row.default_locale,
      timeZone: row.time_zone,
      teamCalendarsVisible: row.team_calendars_visible,
    };
  }
}
