import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { DomainError, ErrorCode } from '../../../common/errors';
import { preparedQuery } from '../../../database/prepared-query';
import type { RequestContext } from '../../http/request-context';
import type { WebContext } from '../../ui/web-context';
import type { StaffShell } from './staff-layout';

export interface StaffPageContext {
  ctx: WebContext;
  shell: StaffShell;
  /** The unit's zone: staff see every time in it. */
  timeZone: string;
  /** The unit lets caseworkers see the team's calendars (auth/calendar-access.ts decides with it). */
  teamCalendarsVisible: boolean;
}

/**
 * The start of every workspace page: the signed-in caseworker and their unit in one query, and the
 * page's language (the staff member's own, then the browser's, then the unit's).
 */
@Injectable()
export class StaffShellService {
  constructor(private readonly db: DataSource) {}

  async page(rc: RequestContext, staff: StaffSessionPrincipal): Promise<StaffPageContext> {
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
      [staff.caseworkerId],
    );
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    const ctx = rc.page({ clientLocale: row.locale, unitDefault: row.default_locale });
    const shell: StaffShell = {
      caseworkerId: staff.caseworkerId,
      name: row.name,
      role: staff.role,
      unitId: staff.unitId,
      unitName: row.unit_name,
      apiCsrfToken: staff.csrfToken,
    };
    return { ctx, shell, timeZone: row.time_zone, teamCalendarsVisible: row.team_calendars_visible };
  }
}
