import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { DomainError, ErrorCode } from '../../../common/errors';
import { MeetingTypesService } from '../../../units/meeting-types.service';
import { CreateMeetingTypeDto, UpdateMeetingTypeDto } from '../../../units/units.dto';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { url } from '../../ui/html';
import { AdminAccess, isPage } from './admin-access';
import { readForm, str, validateForm, type FieldSpec, type FormValues } from './admin-form';
import { adminPaths } from './admin-paths';
import type { AdminOutcome } from './admin.page';

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

/** The unit's meeting types: the list, a new one, editing one (MeetingTypesService, with the session's principal). */
@Injectable()
export class AdminMeetingTypePagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly types: MeetingTypesService,
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
