import { Injectable } from '@nestjs/common';
import type { StaffPrincipal } from '../../../auth/staff-principal';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { DomainError, ErrorCode } from '../../../common/errors';
import { CaseworkersService } from '../../../units/caseworkers.service';
import { CreateCaseworkerDto } from '../../../units/units.dto';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { url } from '../../ui/html';
import { readForm, str, validateForm, type FieldSpec, type FormValues } from './admin-form';
import { AdminAccess, isPage } from './admin-access';
import { adminPaths } from './admin-paths';
import type { AdminOutcome, CaseworkerRow } from './admin.page';

export const CASEWORKER_FIELDS: FieldSpec[] = [
  { id: 'name', label: 'admin.cw.name', kind: 'text', required: true },
  { id: 'email', label: 'admin.cw.email', kind: 'email', required: true },
  { id: 'role', label: 'admin.cw.role', kind: 'choice', required: true },
  { id: 'timeZone', label: 'admin.cw.timeZone', kind: 'zone' },
];

/**
 * The admin area's start page and the unit's team: the list of caseworkers, adding one, changing a
 * role (CaseworkersService, with the session's principal). One colleague's page is
 * AdminCaseworkerPagesService; deactivation and reassignment AdminLeaverPagesService.
 */
@Injectable()
export class AdminTeamPagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly caseworkers: CaseworkersService,
  ) {}

  async index(rc: RequestContext, staff: StaffSessionPrincipal): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    return { ctx: p.ctx, page: 'index', view: { shell: p.shell } };
  }

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
}
