import { Inject, Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { Config } from '../../../../config/config';
import { AppointmentChangesService } from '../../../appointments/appointment-changes.service';
import { AppointmentRepository } from '../../../appointments/appointment.repository';
import { assertSameUnit, type StaffPrincipal } from '../../../auth/staff-principal';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { CalendarsService } from '../../../calendars/calendars.service';
import { AuditService } from '../../../common/audit/audit.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { CONFIG } from '../../../common/injection-tokens';
import { MailFailuresService } from '../../../notifications/mail-failures.service';
import { OffboardingService } from '../../../offboarding/offboarding.service';
import { CaseworkersService } from '../../../units/caseworkers.service';
import { MeetingTypesService } from '../../../units/meeting-types.service';
import {
  CreateCaseworkerDto,
  CreateMeetingTypeDto,
  UpdateMeetingTypeDto,
  UpdateUnitDto,
} from '../../../units/units.dto';
import { UnitsService } from '../../../units/units.service';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { formatDateTime, formatRange, zoneLabel } from '../../ui/format';
import { url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
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
import { StaffShellService, type StaffPageContext } from '../ui/staff-shell.service';
import { readForm, str, validateForm, type FieldSpec, type FormValues } from './admin-form';
import { adminPaths } from './admin-paths';
import type { AdminOutcome, AuditRow, CaseworkerRow, MeetingRow } from './admin.page';

export const CASEWORKER_FIELDS: FieldSpec[] = [
  { id: 'name', label: 'admin.cw.name', kind: 'text', required: true },
  { id: 'email', label: 'admin.cw.email', kind: 'email', required: true },
  { id: 'role', label: 'admin.cw.role', kind: 'choice', required: true },
  { id: 'timeZone', label: 'admin.cw.timeZone', kind: 'zone' },
];

const TYPE_COMMON: FieldSpec[] = [
  { id: 'name', label: 'admin.mt.name', kind: 'text', required: true },
  { id: 'publicLabel', label: 'admin.mt.publicLabel', kind: 'text', required: true },
  { id: 'durationMinutes', label: 'admin.mt.duration', kind: 'int', min: 5, max: 480, required: true },
  { id: 'bufferBeforeMinutes', label: 'admin.mt.bufferBefore', kind: 'int', min: 0, max: 120, required: true },
  { id: 'bufferAfterMinutes', label: 'admin.mt.bufferAfter', kind: 'int', min: 0, max: 120, required: true },
  { id: 'slotStepMinutes', label: 'admin.mt.slotStep', kind: 'int', min: 5, max: 240, required: true },
  { id: 'minNoticeMinutes', label: 'admin.mt.minNotice', kind: 'int', min: 0, max: 43200, required: true },
  { id: 'horizonDays', label: 'admin.mt.horizon', kind: 'int', min: 1, max: 365, required: true },
  { id: 'modes', label: 'admin.mt.modes', kind: 'modes' },
  { id: 'intake', label: 'admin.mt.intake', kind: 'flag' },
];
/** The labels per language are form fields of their own (labelEn, labelSv, labelDe), sent as publicLabels. */
export const LABEL_FIELDS = [
  { id: 'labelEn', locale: 'en', label: 'admin.mt.labelEn' },
  { id: 'labelSv', locale: 'sv', label: 'admin.mt.labelSv' },
  { id: 'labelDe', locale: 'de', label: 'admin.mt.labelDe' },
] as const;
export const CREATE_TYPE_FIELDS: FieldSpec[] = [
  { id: 'key', label: 'admin.mt.key', kind: 'key', required: true },
  ...TYPE_COMMON,
];
export const EDIT_TYPE_FIELDS: FieldSpec[] = [...TYPE_COMMON, { id: 'active', label: 'admin.mt.active', kind: 'flag' }];

export const UNIT_FIELDS: FieldSpec[] = [
  { id: 'publicName', label: 'admin.unit.publicName', kind: 'text', required: true },
  { id: 'timeZone', label: 'admin.unit.timeZone', kind: 'zone', required: true },
  { id: 'address', label: 'admin.unit.address', kind: 'text', blankAllowed: true },
  { id: 'mailbox', label: 'admin.unit.mailbox', kind: 'email' },
  { id: 'defaultLocale', label: 'admin.unit.defaultLocale', kind: 'choice', required: true },
  { id: 'firstMeetingScope', label: 'admin.unit.firstMeetingScope', kind: 'choice', required: true },
  { id: 'holdMinutes', label: 'admin.unit.holdMinutes', kind: 'int', min: 5, max: 120, required: true },
  { id: 'selfBookingConfirmation', label: 'admin.unit.confirmation', kind: 'choice', required: true },
  { id: 'clientChangeCutoffMinutes', label: 'admin.unit.cutoff', kind: 'int', min: 0, max: 20160, required: true },
  { id: 'reminderMinutesBefore', label: 'admin.unit.reminders', kind: 'list', min: 5, max: 20160 },
  { id: 'joinOpensMinutesBefore', label: 'admin.unit.joinOpens', kind: 'int', min: 0, max: 120, required: true },
  { id: 'joinClosesMinutesAfter', label: 'admin.unit.joinCloses', kind: 'int', min: 0, max: 240, required: true },
  { id: 'retentionMonths', label: 'admin.unit.retention', kind: 'int', min: 1, max: 120, required: true },
  { id: 'maxHoldsPerEmail', label: 'admin.unit.maxHoldsEmail', kind: 'int', min: 1, max: 20, required: true },
  { id: 'maxHoldsPerIp', label: 'admin.unit.maxHoldsIp', kind: 'int', min: 1, max: 1000, required: true },
];

/** The refusals a redirect may name (`?error=`): only these pick a sentence, nothing else is shown. */
const REFUSALS: Record<
  string,
  | 'admin.refused.slotTaken'
  | 'admin.refused.slotUnavailable'
  | 'admin.refused.conflict'
  | 'admin.refused.lastAdmin'
  | 'admin.refused.self'
  | 'admin.refused.inactive'
> = {
  'slot-taken': 'admin.refused.slotTaken',
  'slot-unavailable': 'admin.refused.slotUnavailable',
  conflict: 'admin.refused.conflict',
  'last-admin': 'admin.refused.lastAdmin',
  self: 'admin.refused.self',
  inactive: 'admin.refused.inactive',
};
const DONE = [
  'created',
  'role',
  'deactivated',
  'activated',
  'reassigned',
  'saved',
  'type-created',
  'type-saved',
  'retried',
] as const;

/** The notices of the caseworker page's hours and absence forms (`?done=`). */
const WORKING_TIME_DONE = {
  hours: 'adminHours.done.hours',
  'absence-added': 'adminHours.done.absenceAdded',
  'absence-removed': 'adminHours.done.absenceRemoved',
} as const;

type Page = StaffPageContext;

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
 * The admin pages: every read and change goes through the API's own use cases (CaseworkersService,
 * OffboardingService, AppointmentChangesService.reassign, MeetingTypesService, UnitsService,
 * MailFailuresService, AuditService) with the session's principal. A caseworker gets the 403 page.
 */
@Injectable()
export class AdminPagesService {
  constructor(
    private readonly shell: StaffShellService,
    private readonly caseworkers: CaseworkersService,
    private readonly offboarding: OffboardingService,
    private readonly changes: AppointmentChangesService,
    private readonly appointments: AppointmentRepository,
    private readonly types: MeetingTypesService,
    private readonly units: UnitsService,
    private readonly calendars: CalendarsService,
    private readonly failures: MailFailuresService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly db: DataSource,
    private readonly externals: ExternalCalendarsService,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /** The page's frame, or the 403 page for a caseworker (every admin route starts here). */
  private async open(rc: RequestContext, staff: StaffSessionPrincipal): Promise<Page | AdminOutcome> {
    const p = await this.shell.page(rc, staff);
    if (staff.role !== 'admin') return { ctx: p.ctx, page: 'forbidden', status: 403, view: { shell: p.shell } };
    return p;
  }

  /** A POST: admin, and the form made here for this browser (CSRF). */
  private async openPost(rc: RequestContext, staff: StaffSessionPrincipal, back: string): Promise<Page | AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!('shell' in p) || !('timeZone' in p)) return p;
    if (!rc.formVerified)
      return csrfRefused(p.ctx, { siteName: p.shell.unitName, link: { href: back, label: p.ctx.t('common.back') } });
    return p;
  }

  private notices(ctx: WebContext): { done: string | null; refused: string | null } {
    const done = (DONE as readonly string[]).includes(ctx.query.done ?? '') ? ctx.query.done : null;
    const refusal = REFUSALS[ctx.query.error ?? ''];
    return {
      done: done ? ctx.t(`admin.done.${done}` as 'admin.done.created') : null,
      refused: refusal ? ctx.t(refusal) : null,
    };
  }

  async index(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    return { ctx: p.ctx, page: 'index', view: { shell: p.shell } };
  }

  // ---- caseworkers ----------------------------------------------------------------------------

  async caseworkerList(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    form?: { values: FormValues; errors: FieldError[]; refused?: string },
  ): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    const rows = await this.caseworkerRows(staff);
    const n = this.notices(p.ctx);
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
    const p = await this.openPost(rc, staff, adminPaths.caseworkers);
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
    const p = await this.openPost(rc, staff, adminPaths.caseworkers);
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
    const p = await this.open(rc, staff);
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
    const n = this.notices(p.ctx);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.open(rc, staff);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    await removeAbsenceOf(this.calendars, staff, cw.id, absenceId);
    return { redirect: url(back, { done: 'absence-removed' }) };
  }

  /** GET: the confirm step (nothing changes); POST: the offboarding use case, then the leaver's page. */
  async deactivateStep(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
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
    const p = await this.openPost(rc, staff, back);
    if (!isPage(p)) return p;
    const to = str(b.caseworkerId as string);
    if (!isUUID(to)) return { redirect: url(back, { error: 'conflict' }) };
    const authorize = (a: { unitId: string }) => assertSameUnit(staff, a.unitId, 'Appointment not found');
    try {
      await this.changes.reassign(appointmentId, { type: 'staff', id: staff.caseworkerId, authorize }, to);
    } catch (err) {
      const slug = err instanceof DomainError ? refusalSlug(err.code, err.message) : null;
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
    const clients: Array<{ id: string; name: string | null }> = await this.db.query(
      `SELECT id, name FROM clients WHERE id = ANY($1::uuid[])`,
      [[...new Set(upcoming.map((a) => a.clientId))]],
    );
    const types: Array<{ id: string; name: string }> = await this.db.query(
      `SELECT id, name FROM meeting_types WHERE id = ANY($1::uuid[])`,
      [[...new Set(upcoming.map((a) => a.meetingTypeId))]],
    );
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

  async meetingTypes(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    const types = await this.types.list(staff, staff.unitId);
    return {
      ctx: p.ctx,
      page: 'meetingTypes',
      view: { shell: p.shell, types, done: this.notices(p.ctx).done },
    };
  }

  async meetingTypeForm(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string | null,
    form?: { values: FormValues; errors: FieldError[] },
  ): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    let values = form?.values;
    if (!values) {
      if (id) {
        const type = (await this.types.list(staff, staff.unitId)).find((t) => t.id === id);
        if (!type) throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
        values = typeValues(type);
      } else values = newTypeValues();
    } else if (id && !(await this.types.list(staff, staff.unitId)).some((t) => t.id === id))
      throw new DomainError(ErrorCode.NOT_FOUND, 'Meeting type not found');
    return {
      ctx: p.ctx,
      page: 'meetingType',
      status: form ? 400 : 200,
      view: { shell: p.shell, id, values, errors: form?.errors ?? [] },
    };
  }

  async saveMeetingType(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string | null,
    body: unknown,
  ): Promise<AdminOutcome> {
    const back = id ? adminPaths.meetingType(id) : adminPaths.newMeetingType;
    const p = await this.openPost(rc, staff, back);
    if (!isPage(p)) return p;
    const specs = id ? EDIT_TYPE_FIELDS : CREATE_TYPE_FIELDS;
    const labelSpecs: FieldSpec[] = LABEL_FIELDS.map((l) => ({ id: l.id, label: l.label, kind: 'text' }));
    const values = readForm(body, [...specs, ...labelSpecs]);
    const publicLabels: Record<string, string> = {};
    const labelErrors: FieldError[] = [];
    for (const l of LABEL_FIELDS) {
      const v = str(values[l.id]);
      if (v.length > 200)
        labelErrors.push({ field: l.id, message: p.ctx.t('admin.error.tooLong', { field: p.ctx.t(l.label) }) });
      else publicLabels[l.locale] = v;
    }
    const dtoClass = id ? UpdateMeetingTypeDto : CreateMeetingTypeDto;
    const { errors, dto } = validateForm<UpdateMeetingTypeDto | CreateMeetingTypeDto>(p.ctx, dtoClass, values, specs, {
      publicLabels,
    });
    const all = [...errors, ...labelErrors];
    if (!dto || all.length) return this.meetingTypeForm(rc, staff, id, { values, errors: all });
    try {
      if (id) await this.types.update(staff, id, dto);
      else await this.types.create(staff, staff.unitId, dto as CreateMeetingTypeDto);
    } catch (err) {
      if (err instanceof DomainError && err.code === ErrorCode.CONFLICT)
        return this.meetingTypeForm(rc, staff, id, {
          values,
          errors: [{ field: 'key', message: p.ctx.t('admin.mt.duplicateKey') }],
        });
      throw err;
    }
    return { redirect: url(adminPaths.meetingTypes, { done: id ? 'type-saved' : 'type-created' }) };
  }

  // ---- unit settings ----------------------------------------------------------------------------

  async unit(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    form?: { values: FormValues; errors: FieldError[] },
  ): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    const u = await this.units.get(staff, staff.unitId);
    const values: FormValues = form?.values ?? {
      publicName: u.publicName,
      timeZone: u.timeZone,
      address: u.address,
      mailbox: u.mailbox ?? '',
      defaultLocale: u.defaultLocale,
      firstMeetingScope: u.firstMeetingScope,
      holdMinutes: String(u.holdMinutes),
      selfBookingConfirmation: u.selfBookingConfirmation,
      clientChangeCutoffMinutes: String(u.clientChangeCutoffMinutes),
      reminderMinutesBefore: u.reminderMinutesBefore.join(', '),
      joinOpensMinutesBefore: String(u.joinOpensMinutesBefore),
      joinClosesMinutesAfter: String(u.joinClosesMinutesAfter),
      retentionMonths: String(u.retentionMonths),
      maxHoldsPerEmail: String(u.maxHoldsPerEmail),
      maxHoldsPerIp: String(u.maxHoldsPerIp),
    };
    return {
      ctx: p.ctx,
      page: 'unit',
      status: form ? 400 : 200,
      view: {
        shell: p.shell,
        slug: u.slug,
        values,
        errors: form?.errors ?? [],
        done: form ? null : this.notices(p.ctx).done,
      },
    };
  }

  async saveUnit(rc: RequestContext, staff: StaffSessionPrincipal, body: unknown): Promise<AdminOutcome> {
    const p = await this.openPost(rc, staff, adminPaths.unit);
    if (!isPage(p)) return p;
    const values = readForm(body, UNIT_FIELDS);
    const { errors, dto } = validateForm(p.ctx, UpdateUnitDto, values, UNIT_FIELDS);
    if (!dto) return this.unit(rc, staff, { values, errors });
    await this.units.update(staff, staff.unitId, dto);
    return { redirect: url(adminPaths.unit, { done: 'saved' }) };
  }

  // ---- mail failures, audit -------------------------------------------------------------------

  async mailFailures(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    const rows = (await this.failures.list(staff.unitId)).map((f) => ({
      ...f,
      failedAt: f.failedAt ? formatDateTime(f.failedAt, p.timeZone, p.ctx.locale, p.ctx.t) : '',
    }));
    return { ctx: p.ctx, page: 'mailFailures', view: { shell: p.shell, rows, done: this.notices(p.ctx).done } };
  }

  /** Sends a failed mail again (the retry of POST /units/:unitId/mail-failures/:id/retry). */
  async retryMail(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<AdminOutcome> {
    const p = await this.openPost(rc, staff, adminPaths.mailFailures);
    if (!isPage(p)) return p;
    await this.failures.retry(staff.unitId, id);
    return { redirect: url(adminPaths.mailFailures, { done: 'retried' }) };
  }

  /** The audit log of the unit: a range of days in the unit's zone, optionally one client's; the 200 newest. */
  async auditLog(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    const zone = p.timeZone;
    const today = DateTime.fromJSDate(this.clock.now(), { zone }).toISODate()!;
    const q = p.ctx.query;
    const errors: FieldError[] = [];
    const day = (v: string | undefined, fallback: string, field: string) => {
      if (!v) return DateTime.fromISO(fallback, { zone });
      const d = /^\d{4}-\d{2}-\d{2}$/.test(v) ? DateTime.fromISO(v, { zone }) : null;
      if (d?.isValid) return d;
      errors.push({ field, message: p.ctx.t('admin.audit.badDate') });
      return DateTime.fromISO(fallback, { zone });
    };
    const weekAgo = DateTime.fromISO(today, { zone }).minus({ days: 7 }).toISODate()!;
    const fromDay = day(q.from, weekAgo, 'from');
    const toDay = day(q.to, today, 'to');
    const client = q.client ?? '';
    if (client && !isUUID(client)) errors.push({ field: 'client', message: p.ctx.t('admin.audit.badClient') });
    if (!errors.length && toDay < fromDay) errors.push({ field: 'to', message: p.ctx.t('admin.audit.badRange') });
    if (!errors.length && toDay.diff(fromDay, 'days').days > 366)
      errors.push({ field: 'to', message: p.ctx.t('admin.audit.tooLong') });
    let rows: AuditRow[] = [];
    let total = 0;
    if (!errors.length) {
      const events = await this.audit.list(
        staff.unitId,
        fromDay.startOf('day').toJSDate(),
        toDay.plus({ days: 1 }).startOf('day').toJSDate(),
        client || undefined,
      );
      total = events.length;
      const names = new Map((await this.caseworkers.list(staff, staff.unitId)).map((c) => [c.id, c.name]));
      rows = events
        .slice(-200)
        .reverse()
        .map((e) => ({
          id: e.id,
          when: formatDateTime(e.createdAt, zone, p.ctx.locale, p.ctx.t),
          actor:
            e.actorType === 'staff'
              ? (names.get(e.actorId ?? '') ?? p.ctx.t('admin.audit.staff'))
              : p.ctx.t(e.actorType === 'client' ? 'admin.audit.client' : 'admin.audit.system'),
          action: e.action,
          appointmentId: e.appointmentId,
          clientId: e.clientId,
          caseworkerId: typeof e.details?.caseworkerId === 'string' ? e.details.caseworkerId : null,
          caseworkerName:
            typeof e.details?.caseworkerId === 'string' ? (names.get(e.details.caseworkerId) ?? null) : null,
        }));
    }
    return {
      ctx: p.ctx,
      page: 'audit',
      status: errors.length ? 400 : 200,
      view: {
        shell: p.shell,
        from: q.from ?? fromDay.toISODate()!,
        to: q.to ?? toDay.toISODate()!,
        client,
        errors,
        rows,
        total,
        zone,
      },
    };
  }
}

/** Back to the colleague's own-calendar section, with what happened said right below its heading. */
function toCalendars(back: string, done: string): AdminOutcome {
  return { redirect: `${url(back, { done })}#ext-title` };
}

function isPage(p: Page | AdminOutcome): p is Page {
  return 'shell' in p && 'timeZone' in p;
}

function refusalSlug(code: ErrorCode, message: string): string | null {
  if (code === ErrorCode.SLOT_TAKEN) return 'slot-taken';
  if (code === ErrorCode.SLOT_UNAVAILABLE) return 'slot-unavailable';
  if (code === ErrorCode.CONFLICT) return /deactivated/i.test(message) ? 'inactive' : 'conflict';
  return null;
}

function typeValues(t: {
  key: string;
  name: string;
  publicLabel: string;
  publicLabels: { en?: string; sv?: string; de?: string };
  durationMinutes: number;
  bufferBeforeMinutes: number;
  bufferAfterMinutes: number;
  slotStepMinutes: number;
  minNoticeMinutes: number;
  horizonDays: number;
  modes: string[];
  intake: boolean;
  active: boolean;
}): FormValues {
  return {
    key: t.key,
    name: t.name,
    publicLabel: t.publicLabel,
    labelEn: t.publicLabels?.en ?? '',
    labelSv: t.publicLabels?.sv ?? '',
    labelDe: t.publicLabels?.de ?? '',
    durationMinutes: String(t.durationMinutes),
    bufferBeforeMinutes: String(t.bufferBeforeMinutes),
    bufferAfterMinutes: String(t.bufferAfterMinutes),
    slotStepMinutes: String(t.slotStepMinutes),
    minNoticeMinutes: String(t.minNoticeMinutes),
    horizonDays: String(t.horizonDays),
    modes: [...t.modes],
    intake: t.intake ? 'on' : '',
    active: t.active ? 'on' : '',
  };
}

function newTypeValues(): FormValues {
  return {
    key: '',
    name: '',
    publicLabel: '',
    labelEn: '',
    labelSv: '',
    labelDe: '',
    durationMinutes: '45',
    bufferBeforeMinutes: '0',
    bufferAfterMinutes: '0',
    slotStepMinutes: '15',
    minNoticeMinutes: '120',
    horizonDays: '60',
    modes: ['in_person'],
    intake: '',
  };
}
