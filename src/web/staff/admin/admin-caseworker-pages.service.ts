import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { CaseworkersService } from '../../../units/caseworkers.service';
import type { RequestContext } from '../../http/request-context';
import { formatRange, zoneLabel } from '../../ui/format';
import { url } from '../../ui/html';
import type { AbsenceForm, HoursRow } from '../settings/settings-forms';
import { WorkingTimeForms, type WorkingTimeOverrides } from '../settings/working-time';
import {
  doneAfter,
  ExternalCalendarForms,
  externalCalendarItems,
  type ExternalCalendarsOverrides,
} from '../settings/external-calendars';
import type { CalDavForm, IcsForm } from '../settings/external-calendars-forms';
import { adminPaths } from './admin-paths';
import { AdminAccess, isPage, type Page } from './admin-access';
import type { AdminOutcome, MeetingRow } from './admin.page';
import { LeaverMeetingsReadModel } from './leaver-meetings.read-model';

/** The notices of the caseworker page's hours and absence forms (`?done=`). */
const WORKING_TIME_DONE = {
  hours: 'adminHours.done.hours',
  'absence-added': 'adminHours.done.absenceAdded',
  'absence-removed': 'adminHours.done.absenceRemoved',
} as const;

/** What a failed hours, absence or calendar form keeps on the caseworker page: its own values and problems. */
interface CaseworkerOverrides extends WorkingTimeOverrides {
  /** A failed connect form of the colleague's own calendar: never the password. */
  external?: ExternalCalendarsOverrides;
  alert?: string;
  status?: number;
}

/**
 * One colleague's admin page: who they are, their weekly hours and absences and their own calendars
 * (My settings' sections and forms, WorkingTimeForms and ExternalCalendarForms, posting here), and once
 * deactivated, their future meetings to reassign. Every change goes through the API's own use cases with
 * the session's principal; a caseworker gets the 403 page (AdminAccess).
 */
@Injectable()
export class AdminCaseworkerPagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly caseworkers: CaseworkersService,
    private readonly workingTime: WorkingTimeForms,
    private readonly externals: ExternalCalendarForms,
    private readonly meetings: LeaverMeetingsReadModel,
  ) {}

  /** The colleague's page; a failed form's own values and problems over the stored ones (`o`). */
  async caseworker(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    o: CaseworkerOverrides = {},
  ): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const all = await this.caseworkers.list(staff, staff.unitId);
    const colleagues = all.filter((c) => c.active && c.id !== cw.id).map((c) => ({ id: c.id, name: c.name }));
    const meetings = await this.meetingRows(p, cw.id);
    const [workingTime, external] = await Promise.all([
      this.workingTime.sections(staff, cw.id, p, o),
      this.externals.section(staff, cw.id, p, o.external),
    ]);
    const n = this.access.notices(p.ctx);
    const timeDone = WORKING_TIME_DONE[(p.ctx.query.done ?? '') as keyof typeof WORKING_TIME_DONE];
    return {
      ...(o.status ? { status: o.status } : {}),
      ctx: p.ctx,
      page: 'caseworker',
      view: {
        shell: p.shell,
        cw: {
          id: cw.id,
          name: cw.name,
          email: cw.email,
          role: cw.role,
          active: cw.active,
          self: cw.id === staff.caseworkerId,
        },
        meetings,
        colleagues,
        done: timeDone ? p.ctx.t(timeDone) : n.done,
        refused: n.refused,
        alert: o.alert ?? null,
        zone: zoneLabel(p.timeZone, p.ctx.locale),
        ...workingTime,
        external,
      },
    };
  }

  // ---- a colleague's own calendars (My settings' section, posting here) ------------------------

  async connectIcs(rc: RequestContext, staff: StaffSessionPrincipal, id: string, form: IcsForm): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const r = await this.externals.submitIcs(staff, cw.id, form);
    if (!r.saved)
      return this.caseworker(rc, staff, cw.id, { external: { ics: form, problems: r.problems }, status: 400 });
    return toCalendars(back, doneAfter('connected', r.view));
  }

  async connectCalDav(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    form: CalDavForm,
  ): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const r = await this.externals.submitCalDav(staff, cw.id, form);
    if (!r.saved)
      return this.caseworker(rc, staff, cw.id, {
        external: { caldav: { url: form.url, username: form.username }, problems: r.problems },
        status: 400,
      });
    return toCalendars(back, doneAfter('connected', r.view));
  }

  async saveCalendars(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    calendarId: string,
    hrefs: string[],
  ): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const view = await this.externals.selectCalendars(staff, cw.id, calendarId, hrefs);
    return toCalendars(back, doneAfter('calendars', view));
  }

  async syncCalendar(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    calendarId: string,
  ): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const view = await this.externals.sync(staff, cw.id, calendarId);
    return toCalendars(back, doneAfter('synced', view));
  }

  /** GET: the confirm step (nothing changes). */
  async confirmDisconnect(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    calendarId: string,
  ): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const c = await this.externals.connectionOf(staff, cw.id, calendarId);
    const [connection] = externalCalendarItems([c], p.timeZone, p.ctx);
    return {
      ctx: p.ctx,
      page: 'disconnectCalendar',
      view: { shell: p.shell, cw: { id: cw.id, name: cw.name }, connection },
    };
  }

  async disconnect(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    calendarId: string,
  ): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    await this.externals.disconnect(staff, cw.id, calendarId);
    return toCalendars(back, 'ext-disconnected');
  }

  /** The colleague's weekly hours: the same use case as PUT /caseworkers/:id/working-hours. */
  async saveHours(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    form: { rows: HoursRow[]; action: 'save' | 'add' },
  ): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const r = await this.workingTime.submitHours(staff, cw.id, { ...form, t: p.ctx.t });
    if (!r.saved)
      return this.caseworker(rc, staff, cw.id, {
        hours: { rows: r.rows, problems: r.problems },
        ...(r.alert ? { alert: r.alert } : {}),
        ...(r.status ? { status: r.status } : {}),
      });
    return { redirect: url(back, { done: 'hours' }) };
  }

  /** An absence in the colleague's calendar: the same use case as POST /caseworkers/:id/absences. */
  async addAbsence(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    form: AbsenceForm,
  ): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const r = await this.workingTime.submitAbsence(staff, cw.id, { form, zone: p.timeZone });
    if (!r.saved) return this.caseworker(rc, staff, cw.id, { absence: { form, problems: r.problems }, status: 400 });
    return { redirect: url(back, { done: 'absence-added' }) };
  }

  async removeAbsence(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    absenceId: string,
  ): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    await this.workingTime.removeAbsence(staff, cw.id, absenceId);
    return { redirect: url(back, { done: 'absence-removed' }) };
  }

  /** The meetings the caseworker still has (the same list the deactivate use case answers), with client and type. */
  private async meetingRows(p: Page, caseworkerId: string): Promise<MeetingRow[]> {
    const { meetings, clients, types } = await this.meetings.withNamesOf(caseworkerId);
    return meetings.map((a) => ({
      id: a.id,
      when: formatRange(a.startsAt.toISOString(), a.endsAt.toISOString(), p.timeZone, p.ctx.locale, p.ctx.t),
      client: clients.find((c) => c.id === a.clientId)?.name ?? p.ctx.t('admin.cw.erasedClient'),
      clientId: a.clientId,
      type: types.find((t) => t.id === a.meetingTypeId)?.name ?? '',
      mode: a.mode,
      status: a.status,
    }));
  }
}

/** Back to the colleague's own-calendar section, with what happened said right below its heading. */
function toCalendars(back: string, done: string): AdminOutcome {
  return { redirect: `${url(back, { done })}#ext-title` };
}
