import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { UpdateUnitDto } from '../../../units/units.dto';
import { UNIT_LIMITS } from '../../../units/unit-limits';
import { UnitsService } from '../../../units/units.service';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { url } from '../../ui/html';
import { AdminAccess, isPage } from './admin-access';
import { readForm, validateForm, type FieldSpec, type FormValues } from './admin-form';
import { adminPaths } from './admin-paths';
import type { AdminOutcome } from './admin.page';

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
 * The unit's settings page (UnitsService, with the session's principal). The unit's other admin pages:
 * AdminMeetingTypePagesService, AdminMailFailurePagesService, AdminAuditPagesService.
 */
@Injectable()
export class AdminUnitPagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly units: UnitsService,
  ) {}

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
}
