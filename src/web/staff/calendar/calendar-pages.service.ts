import { Inject, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import type { Config } from '../../../../config/config';
import { assertCanSeeCalendarOf, assertCanSeeTeamCalendars, canSeeTeamCalendars } from '../../../auth/calendar-access';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { AuditService } from '../../../common/audit/audit.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { CONFIG } from '../../../common/injection-tokens';
import type { RequestContext } from '../../http/request-context';
import { StaffShellService } from '../ui/staff-shell.service';
import { CalendarReadModel, TeamMember } from './calendar.read-model';
import { parseCalendarQuery, workingPeriods } from './calendar-week';
import type { CalendarOutcome, CalendarPageView } from './calendar.page';

/**
 * GET /staff: the reader's week (or a colleague's, by the rule in auth/calendar-access.ts: admins, or
 * caseworkers where the unit shows the team's calendars), as a grid or a list, or the team's day (by
 * the same rule). Two queries: the shell (who reads, their unit and its setting) and the calendar's rows.
 * A refused colleague's week or team day is 403, as the API's GET /caseworkers/:id/appointments;
 * another unit's caseworker is not found (404). Every client whose name is shown is audited
 * (`client.read` via calendar), as the API's calendar read does.
 */
@Injectable()
export class CalendarPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly rows: CalendarReadModel,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async show(
    rc: RequestContext,
    { staff, query }: { staff: StaffSessionPrincipal; query: Record<string, unknown> },
  ): Promise<CalendarOutcome> {
    const { ctx, shell, timeZone, teamCalendarsVisible } = await this.shell.page(rc, staff);
    const unit = { teamCalendarsVisible };
    const q = parseCalendarQuery(query, timeZone, this.clock.now());
    if (q.caseworkerInvalid) throw new DomainError(ErrorCode.NOT_FOUND, 'Caseworker not found');
    const targetId = q.caseworker ?? staff.caseworkerId;
    const isAdmin = staff.role === 'admin';
    const data = await this.rows.load(
      staff.unitId,
      q.view === 'team' ? null : [targetId],
      q.start.toJSDate(),
      q.end.toJSDate(),
      { now: this.clock.now(), staleHours: this.config.EXTERNAL_CALENDAR_STALE_HOURS },
    );
    const target = data.team.find((m) => m.id === targetId);
    // Another unit's id (or none at all) is not found, before any question of permission.
    if (!target) throw new DomainError(ErrorCode.NOT_FOUND, 'Caseworker not found');
    if (q.view === 'team') assertCanSeeTeamCalendars(staff, unit);
    else assertCanSeeCalendarOf(staff, targetId, unit);
    const zones = new Map(data.team.map((m) => [m.id, m.timeZone ?? timeZone]));
    const periods = workingPeriods(data.rules, (id) => zones.get(id) ?? timeZone, q.start, q.end);
    const clientIds = [...new Set(data.appointments.filter((a) => a.clientName).map((a) => a.clientId))];
    await this.audit.recordClientReads(staff.unitId, { type: 'staff', id: staff.caseworkerId }, clientIds, {
      via: 'calendar',
    });
    const columns: TeamMember[] = q.view === 'team' ? data.team.filter((m) => m.active) : [target];
    const view: CalendarPageView = {
      shell,
      timeZone,
      query: q,
      now: DateTime.fromJSDate(this.clock.now(), { zone: timeZone }),
      target,
      isOwn: targetId === staff.caseworkerId,
      canEdit: q.view !== 'team' && (targetId === staff.caseworkerId || isAdmin),
      picker: canSeeTeamCalendars(staff, unit) ? data.team : null,
      teamView: canSeeTeamCalendars(staff, unit),
      columns,
      appointments: data.appointments,
      periods,
      absences: data.absences,
      busy: data.busy,
      // The notice is about the one caseworker whose week it is (the team day has a column each).
      calendarTrouble: q.view !== 'team' && data.calendarTrouble.includes(target.id),
    };
    // connect-src 'self' (the existing per-page extra, as the join page has): the drag and drop calls our
    // own staff API. Everything else of the CSP stays as it is.
    return { ctx, page: 'calendar', view, csp: { connect: [] } };
  }
}
