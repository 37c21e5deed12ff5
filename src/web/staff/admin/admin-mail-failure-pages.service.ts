import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { MailFailuresService } from '../../../notifications/mail-failures.service';
import type { RequestContext } from '../../http/request-context';
import { formatDateTime } from '../../ui/format';
import { url } from '../../ui/html';
import { AdminAccess, isPage } from './admin-access';
import { adminPaths } from './admin-paths';
import type { AdminOutcome } from './admin.page';

/** The unit's mails that could not be sent, and sending one again (MailFailuresService). */
@Injectable()
export class AdminMailFailurePagesService {
  constructor(
    private readonly access: AdminAccess,
    private readonly failures: MailFailuresService,
  ) {}

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
}
