import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { AppointmentChangesService } from '../../../appointments/changes/appointment-changes.service';
import { assertSameUnit } from '../../../auth/staff-principal';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { DomainError, ErrorCode, ErrorReason } from '../../../common/errors';
import { OffboardingService } from '../../../offboarding/offboarding.service';
import { CaseworkersService } from '../../../units/caseworkers.service';
import type { RequestContext } from '../../http/request-context';
import { url } from '../../ui/html';
import { str } from './admin-form';
import { AdminAccess, isPage } from './admin-access';
import { adminPaths } from './admin-paths';
import type { AdminOutcome } from './admin.page';
import { LeaverMeetingsReadModel } from './leaver-meetings.read-model';

/**
 * A colleague who leaves, and comes back: deactivation (its confirm step names how many meetings are
 * left), activation (OffboardingService) and the reassignment of a remaining meeting to a colleague
 * (AppointmentChangesService.reassign, as POST /appointments/:id/reassign runs it for an admin).
 */
@Injectable()
export class AdminLeaverPagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly caseworkers: CaseworkersService,
    private readonly offboarding: OffboardingService,
    private readonly changes: AppointmentChangesService,
    private readonly meetings: LeaverMeetingsReadModel,
  ) {}

  /** GET: the confirm step (nothing changes); POST: the offboarding use case, then the leaver's page. */
  async deactivateStep(rc: RequestContext, staff: StaffSessionPrincipal, id: string): Promise<AdminOutcome> {
    const p = await this.access.open(rc, staff);
    if (!isPage(p)) return p;
    const cw = await this.caseworkers.get(staff, id);
    const meetings = await this.meetings.upcomingOf(cw.id);
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
}

function refusalSlug({ code, reason }: DomainError): string | null {
  if (code === ErrorCode.SLOT_TAKEN) return 'slot-taken';
  if (code === ErrorCode.SLOT_UNAVAILABLE) return 'slot-unavailable';
  if (code === ErrorCode.CONFLICT) return reason === ErrorReason.CASEWORKER_INACTIVE ? 'inactive' : 'conflict';
  return null;
}
