import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import type { Config } from '../../../../config/config';
import { AppointmentChangesService } from '../../../appointments/changes/appointment-changes.service';
import { AppointmentRepository } from '../../../appointments/data/appointment.repository';
import { assertSameUnit, type StaffPrincipal } from '../../../auth/staff-principal';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { CalendarsService } from '../../../calendars/calendars.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode, ErrorReason } from '../../../common/errors';
import { CONFIG } from '../../../common/injection-tokens';
import { OffboardingService } from '../../../offboarding/offboarding.service';
import { CaseworkersService } from '../../../units/caseworkers.service';
import { CreateCaseworkerDto } from '../../../units/units.dto';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { formatRange, zoneLabel } from '../../ui/format';
import { url } from '../../ui/html';
import type { AbsenceForm, FieldProblem, HoursRow, RowProblem } from '../settings/settings-forms';
import {
  absenceItems,
  EMPTY_ABSENCE,
  listedAbsences,
  removeAbsenceOf,
  storedHoursRows,
  submitAbsence,
  submitHours,
} from '../settings/working-time';
import {
  connectionOf,
  disconnectOf,
  doneAfter,
  externalCalendarItems,
  selectCalendarsOf,
  submitCalDav,
  submitIcs,
  syncOf,
} from '../settings/external-calendars';
import type { CalDavForm, IcsForm } from '../settings/external-calendars-forms';
import { EMPTY_EXTERNAL_FORMS } from '../settings/external-calendars.page';
import { ExternalCalendarsService } from '../../../external-calendars/external-calendars.service';
import { readForm, str, validateForm, type FieldSpec, type FormValues } from './admin-form';
import { adminPaths } from './admin-paths';
import { AdminAccess, isPage, type Page } from './admin-access';
import type { AdminOutcome, CaseworkerRow, MeetingRow } from './admin.page';
import { LeaverMeetingsReadModel } from './leaver-meetings.read-model';

export const CASEWORKER_FIELDS: FieldSpec[] = [
  { id: 'name', label: 'admin.cw.name', kind: 'text', required: true },
  { id: 'email', label: 'admin.cw.email', kind: 'email', required: true },
  { id: 'role', label: 'admin.cw.role', kind: 'choice', required: true },
  { id: 'timeZone', label: 'admin.cw.timeZone', kind: 'zone' },
];

/** The notices of the caseworker page's hours and absence forms (`?done=`). */
const WORKING_TIME_DONE = {
  hours: 'adminHours.done.hours',
  'absence-added': 'adminHours.done.absenceAdded',
  'absence-removed': 'adminHours.done.absenceRemoved',
} as const;

/** What a failed hours or absence form keeps on the caseworker page: its own values and problems. */
interface WorkingTimeOverrides {
  hours?: { rows: HoursRow[]; problems: RowProblem[] };
  absence?: { form: AbsenceForm; problems: FieldProblem[] };
  /** A failed connect form of the colleague's own calendar: never the password. */
  external?: { ics?: { url: string }; caldav?: { url: string; username: string }; problems: FieldProblem[] };
  alert?: string;
  status?: number;
}

/**
 * The admin pages of the unit's caseworkers (list, add, role, their calendars, hours and absences,
 * deactivation and reassignment): every read and change goes through the API's own use cases
 * (CaseworkersService, OffboardingService, AppointmentChangesService.reassign, CalendarsService,
 * ExternalCalendarsService) with the session's principal. A caseworker gets the 403 page (AdminAccess).
 * The unit's own pages are AdminUnitPagesService.
 */
@Injectable()
export class AdminPagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly caseworkers: CaseworkersService,
    private readonly offboarding: OffboardingService,
    private readonly changes: AppointmentChangesService,
    private readonly appointments: AppointmentRepository,
    private readonly calendars: CalendarsService,
    private readonly clock: Clock,
    private readonly meetingNames: LeaverMeetingsReadModel,
    private readonly externals: ExternalCalendarsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async index(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    return { ctx: p.ctx, page: 'index', view: { shell: p.shell } };
  }

  // ---- caseworkers ----------------------------------------------------------------------------

  async caseworkerList(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    form?: { values: FormValues; errors: FieldError[]; refused?: string },
  ): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const rows = await this.caseworkerRows(staff);
    const n = this.access.notices(p.ctx);
    return {
      ctx: p.ctx,
      page: 'caseworkers',
      status: form ? (form.refused ? 409 : 400) : 200,
      view: {
        shell: p.shell,
        rows,
        done: form ? null : n.done,
        refused: form?.refused ?? n.refused,
        values: form?.values ?? { name: '', email: '', role: 'caseworker', timeZone: '' },
        errors: form?.errors ?? [],
      },
    };
  }

  async createCaseworker(rc: RequestContext, staff: StaffSessionPrincipal, body: unknown): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const values = readForm(body, CASEWORKER_FIELDS);
    const { errors, dto } = validateForm(p.ctx, CreateCaseworkerDto, values, CASEWORKER_FIELDS);
    if (!dto) return this.caseworkerList(rc, staff, { values, errors });
    try {
      await this.caseworkers.create(staff, staff.unitId, dto);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.CONFLICT) {
        const message = p.ctx.t('admin.cw.duplicate');
        return this.caseworkerList(rc, staff, { values, errors: [{ field: 'email', message }] });
      }
      throw err;
    }
    return { redirect: url(adminPaths.caseworkers, { done: 'created' }) };
  }

  async changeRole(rc: RequestContext, staff: StaffSessionPrincipal, id: string, body: unknown): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const role = str((body as Record<string, string>)?.role);
    if (role !== 'admin' && role !== 'caseworker') throw new DomainError(ErrorCode.VALIDATION_FAILED, 'role');
    try {
      await this.caseworkers.changeRole(staff, id, role);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.CONFLICT)
        return { redirect: url(adminPaths.caseworkers, { error: 'last-admin' }) };
      throw err;
    }
    return { redirect: url(adminPaths.caseworkers, { done: 'role' }) };
  }

  /**
   * A caseworker's page: who they are, their weekly hours and absences (My settings' forms, posting
   * here), and once deactivated, their future meetings to reassign.
   */
  async caseworker(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string,
    o: WorkingTimeOverrides = {},
  ): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const all = await this.caseworkers.list(staff, staff.unitId);
    const colleagues = all.filter((c) => c.active && c.id !== cw.id).map((c) => ({ id: c.id, name: c.name }));
    const meetings = await this.meetingRows(p, cw.id);
    const now = this.clock.now();
    const [rows, absences, externals] = await Promise.all([
      o.hours ? Promise.resolve(o.hours.rows) : storedHoursRows(this.calendars, staff, cw.id),
      listedAbsences(this.calendars, staff, cw.id, now),
      this.externals.list(staff, cw.id),
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
        hours: { rows, problems: o.hours?.problems ?? [] },
        absences: {
          list: absenceItems(absences, now, p.timeZone, p.ctx),
          form: o.absence?.form ?? EMPTY_ABSENCE,
          problems: o.absence?.problems ?? [],
        },
        external: {
          list: externalCalendarItems(externals, p.timeZone, p.ctx),
          ics: o.external?.ics ?? EMPTY_EXTERNAL_FORMS.ics,
          caldav: o.external?.caldav ?? EMPTY_EXTERNAL_FORMS.caldav,
          problems: o.external?.problems ?? [],
          staleHours: this.config.EXTERNAL_CALENDAR_STALE_HOURS,
          done: p.ctx.query.done ?? null,
        },
      },
    };
  }

  // ---- a colleague's own calendars (My settings' section, posting here) ------------------------

  async connectIcs(rc: RequestContext, staff: StaffSessionPrincipal, id: string, form: IcsForm): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const r = await submitIcs(this.externals, staff, cw.id, form);
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
    const r = await submitCalDav(this.externals, staff, cw.id, form);
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
    const view = await selectCalendarsOf(this.externals, staff, cw.id, calendarId, hrefs);
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
    const view = await syncOf(this.externals, staff, cw.id, calendarId);
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
    const c = await connectionOf(this.externals, staff, cw.id, calendarId);
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
    await disconnectOf(this.externals, staff, cw.id, calendarId);
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
    const r = await submitHours(this.calendars, staff, cw.id, { ...form, t: p.ctx.t });
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
    const r = await submitAbsence(this.calendars, staff, cw.id, { form, zone: p.timeZone });
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
    await removeAbsenceOf(this.calendars, staff, cw.id, absenceId);
    return { redirect: url(back, { done: 'absence-removed' }) };
  }

  /** GET: the confirm step (nothing changes); POST: the offboarding use case, then the leaver's page. */
  async deactivateStep(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const meetings = await this.appointments.upcomingOf(cw.id, this.clock.now());
    return {
      ctx: p.ctx,
      page: 'deactivate',
      view: { shell: p.shell, cw: { id: cw.id, name: cw.name }, count: meetings.length },
    };
  }

  async deactivate(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    try {
      await this.offboarding.deactivate(staff, id);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.FORBIDDEN && id === staff.caseworkerId)
        return { redirect: url(back, { error: 'self' }) };
      throw err;
    }
    return { redirect: url(back, { done: 'deactivated' }) };
  }

  async activate(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<AdminOutcome> {
    const back = adminPaths.caseworker(id);
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    await this.offboarding.activate(staff, id);
    return { redirect: url(back, { done: 'activated' }) };
  }

  /** The reassign use case, as POST /appointments/:id/reassign runs it for an admin. */
  async reassign(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    appointmentId: string,
    body: unknown,
  ): Promise<AdminOutcome> {
    const b = (body ?? {}) as Record<string, unknown>;
    const from = str(b.from as string);
    const back = isUUID(from) ? adminPaths.caseworker(from) : adminPaths.caseworkers;
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const to = str(b.caseworkerId as string);
    if (!isUUID(to)) return { redirect: url(back, { error: 'conflict' }) };
    const authorize = (a: { unitId: string }) => assertSameUnit(staff, a.unitId, 'Appointment not found');
    try {
      await this.changes.reassign(appointmentId, { type: 'staff', id: staff.caseworkerId, authorize }, to);
    } catch (err) {
      const slug = err instanceof DomainError ? refusalSlug(err) : null;
      if (slug) return { redirect: url(back, { error: slug }) };
      throw err;
    }
    return { redirect: url(back, { done: 'reassigned' }) };
  }

  private async caseworkerRows(staff: StaffPrincipal): Promise<CaseworkerRow[]> {
    const list = await this.caseworkers.list(staff, staff.unitId);
    return list.map((c) => ({
      id: c.id,
      name: c.name,
      email: c.email,
      role: c.role,
      active: c.active,
      self: c.id === staff.caseworkerId,
    }));
  }

  /** The meetings the caseworker still has (the same list the deactivate use case answers), with client and type. */
  private async meetingRows(p: Page, caseworkerId: string): Promise<MeetingRow[]> {
    const upcoming = await this.appointments.upcomingOf(caseworkerId, this.clock.now());
    if (!upcoming.length) return [];
    const { clients, types } = await this.meetingNames.names(upcoming);
    return upcoming.map((a) => ({
      id: a.id,
      when: formatRange(a.startsAt.toISOString(), a.endsAt.toISOString(), p.timeZone, p.ctx.locale, p.ctx.t),
      client: clients.find((c) => c.id === a.clientId)?.name ?? p.ctx.t('admin.cw.erasedClient'),
      clientId: a.clientId,
      type: types.find((t) => t.id === a.meetingTypeId)?.name ?? '',
      mode: a.mode,
      status: a.status,
    }));
  }

  // ---- meeting types ----------------------------------------------------------------------------
}

/** Back to the colleague's own-calendar section, with what happened said right below its heading. */
function toCalendars(back: string, done: string): AdminOutcome {
  return { redirect: `${url(back, { done })}#ext-title` };
}

function refusalSlug({ code, reason }: DomainError): string | null {
  if (code === ErrorCode.SLOT_TAKEN) return 'slot-taken';
  if (code === ErrorCode.SLOT_UNAVAILABLE) return 'slot-unavailable';
  if (code === ErrorCode.CONFLICT) return reason === ErrorReason.CASEWORKER_INACTIVE ? 'inactive' : 'conflict';
  return null;
}
