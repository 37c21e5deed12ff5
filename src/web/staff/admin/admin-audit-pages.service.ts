import { Injectable } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { DateTime } from 'luxon';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { AuditService } from '../../../common/audit/audit.service';
import { Clock } from '../../../common/clock';
import { CaseworkersService } from '../../../units/caseworkers.service';
import type { RequestContext } from '../../http/request-context';
import type { FieldError } from '../../ui/components';
import { formatDateTime } from '../../ui/format';
import { AdminAccess, isPage } from './admin-access';
import type { AuditRow } from './admin-unit.page';
import type { AdminOutcome } from './admin.page';

/** The unit's audit log (AuditService), with the names of the caseworkers who acted or were named. */
@Injectable()
export class AdminAuditPagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly audit: AuditService,
    private readonly caseworkers: CaseworkersService,
    private readonly clock: Clock,
  ) {}

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
