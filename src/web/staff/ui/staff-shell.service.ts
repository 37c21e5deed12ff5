import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { DomainError, ErrorCode } from '../../../common/errors';
import type { RequestContext } from '../../http/request-context';
import type { WebContext } from '../../ui/web-context';
import type { StaffShell } from './staff-layout';
import { StaffShellReadModel } from './staff-shell.read-model';

export interface StaffPageContext {
  ctx: WebContext;
  shell: StaffShell;
  /** The unit's zone: staff see every time in it. */
  timeZone: string;
  /** The unit lets caseworkers see the team's calendars (auth/calendar-access.ts decides with it). */
  teamCalendarsVisible: boolean;
}

/**
 * The start of every workspace page: the signed-in caseworker and their unit in one query (StaffShellReadModel),
 * and the page's language (the staff member's own, then the browser's, then the unit's).
 */
@Injectable()
export class StaffShellService {
  constructor(private readonly rows: StaffShellReadModel) {}

  async page(rc: RequestContext, staff: StaffSessionPrincipal): Promise<StaffPageContext> {
    const row = await this.rows.caseworkerAndUnit(staff.caseworkerId);
    if (!row) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    const ctx = rc.page({ clientLocale: row.locale, unitDefault: row.defaultLocale });
    const shell: StaffShell = {
      caseworkerId: staff.caseworkerId,
      name: row.name,
      role: staff.role,
      unitId: staff.unitId,
      unitName: row.unitName,
      apiCsrfToken: staff.csrfToken,
    };
    return { ctx, shell, timeZone: row.timeZone, teamCalendarsVisible: row.teamCalendarsVisible };
  }
}
