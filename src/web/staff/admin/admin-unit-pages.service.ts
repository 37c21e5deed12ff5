import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DateTime } from 'luxon';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { AuditService } from '../../../common/audit/audit.service';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { MailFailuresService } from '../../../notifications/mail-failures.service';
import { CaseworkersService } from '../../../units/caseworkers.service';
import { MeetingTypesService } from '../../../units/meeting-types.service';
import { CreateMeetingTypeDto, UpdateMeetingTypeDto, UpdateUnitDto } from '../../../units/units.dto';
import { UNIT_LIMITS } from '../../../units/unit-limits';
import { UnitsService } from '../../../units/units.service';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { url } from '../../ui/html';
import { AdminAccess, isPage } from './admin-access';
import { readForm, str, validateForm, type FieldSpec, type FormValues } from './admin-form';
import { adminPaths } from './admin-paths';
import type { AdminOutcome, AuditRow } from './admin.page';

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
  { id: 'holdMinutes', label: 'admin.unit.holdMinutes', kind: 'int', ...UNIT_LIMITS.holdMinutes, required: true },
  { id: 'selfBookingConfirmation', label: 'admin.unit.confirmation', kind: 'choice', required: true },
  {
    id: 'clientChangeCutoffMinutes',
    label: 'admin.unit.cutoff',
    kind: 'int',
    ...UNIT_LIMITS.clientChangeCutoffMinutes,
    required: true,
  },
  { id: 'reminderMinutesBefore', label: 'admin.unit.reminders', kind: 'list', ...UNIT_LIMITS.reminderMinutesBefore },
  {
    id: 'joinOpensMinutesBefore',
    label: 'admin.unit.joinOpens',
    kind: 'int',
    ...UNIT_LIMITS.joinOpensMinutesBefore,
    required: true,
  },
  {
    id: 'joinClosesMinutesAfter',
    label: 'admin.unit.joinCloses',
    kind: 'int',
    ...UNIT_LIMITS.joinClosesMinutesAfter,
    required: true,
  },
  { id: 'retentionMonths', label: 'admin.unit.retention', kind: 'int', ...UNIT_LIMITS.retentionMonths, required: true },
  {
    id: 'maxHoldsPerEmail',
    label: 'admin.unit.maxHoldsEmail',
    kind: 'int',
    ...UNIT_LIMITS.maxHoldsPerEmail,
    required: true,
  },
  { id: 'maxHoldsPerIp', label: 'admin.unit.maxHoldsIp', kind: 'int', ...UNIT_LIMITS.maxHoldsPerIp, required: true },
  { id: 'teamCalendarsVisible', label: 'admin.unit.teamCalendars', kind: 'flag' },
];

/**
 * The unit's admin pages: meeting types, the unit's settings, failed mails and the audit log, through
 * the API's use cases (MeetingTypesService, UnitsService, MailFailuresService, AuditService) with the
 * session's principal. The caseworkers' pages are AdminPagesService.
 */
@Injectable()
export class AdminUnitPagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly types: MeetingTypesService,
    private readonly units: UnitsService,
    private readonly failures: MailFailuresService,
    private readonly audit: AuditService,
    private readonly caseworkers: CaseworkersService,
    private readonly clock: Clock,
  ) {}

  async meetingTypes(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const types = await this.types.list(staff, staff.unitId);
    return {
      ctx: p.ctx,
      page: 'meetingTypes',
      view: { shell: p.shell, types, done: this.access.notices(p.ctx).done },
    };
  }

  async meetingTypeForm(
    rc: RequestContext,
    staff: StaffSessionPrincipal,
    id: string | null,
    form?: { values: FormValues; errors: FieldError[] },
  ): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
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
    const p = await this.access.open(rc, staff);
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
    const p = await this.access.open(rc, staff);
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
      teamCalendarsVisible: u.teamCalendarsVisible ? 'on' : '',
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
        done: form ? null : this.access.notices(p.ctx).done,
      },
    };
  }

  async saveUnit(rc: RequestContext, staff: StaffSessionPrincipal, body: unknown): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const values = readForm(body, UNIT_FIELDS);
    const { errors, dto } = validateForm(p.ctx, UpdateUnitDto, values, UNIT_FIELDS);
    if (!dto) return this.unit(rc, staff, { values, errors });
    await this.units.update(staff, staff.unitId, dto);
    return { redirect: url(adminPaths.unit, { done: 'saved' }) };
  }

  // ---- mail failures, audit -------------------------------------------------------------------

  async mailFailures(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const rows = (await this.failures.list(staff.unitId)).map((f) => ({
      ...f,
      failedAt: f.failedAt ? formatDateTime(f.failedAt, p.timeZone, p.ctx.locale, p.ctx.t) : '',
    }));
    return { ctx: p.ctx, page: 'mailFailures', view: { shell: p.shell, rows, done: this.access.notices(p.ctx).done } };
  }

  /** Sends a failed mail again (the retry of POST /units/:unitId/mail-failures/:id/retry). */
  async retryMail(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    await this.failures.retry(staff.unitId, id);
    return { redirect: url(adminPaths.mailFailures, { done: 'retried' }) };
  }

  /** The audit log of the unit: a range of days in the unit's zone, optionally one client's; the 200 newest. */
  async auditLog(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
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
