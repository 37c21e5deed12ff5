import { Injectable } from '@nestjs/common';
import type { StaffSessionPrincipal } from '../../../auth/staff-sessions.service';
import { csrfRefused } from '../../http/message-pages';
import type { RequestContext } from '../../http/request-context';
import type { WebContext } from '../../ui/web-context';
import { StaffShellService, type StaffPageContext } from '../ui/staff-shell.service';
import type { AdminOutcome } from './admin.page';

export type Page = StaffPageContext;

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

/** Where every admin page starts: the admin check, and the notices a redirect names (CSRF: PageFormGuard). */
@Injectable()
export class AdminAccess {
  constructor(private readonly shell: StaffShellService) {}

  /** The page's frame, or the 403 page for a caseworker (every admin route starts here). */
  async open(rc: RequestContext, staff: StaffSessionPrincipal): Promise<Page | AdminOutcome> {
    const p = await this.shell.page(rc, staff);
    if (staff.role !== 'admin') return { ctx: p.ctx, page: 'forbidden', status: 403, view: { shell: p.shell } };
    return p;
  }

  /**
   * A form posted without a valid token (PageFormGuard): for an admin, "the form has expired" with the
   * way back; a caseworker gets the 403 page, as on every admin route.
   */
  async refusedForm(rc: RequestContext, staff: StaffSessionPrincipal, back: string): Promise<AdminOutcome> {
    const p = await this.open(rc, staff);
    if (!isPage(p)) return p;
    return csrfRefused(p.ctx, { siteName: p.shell.unitName, link: { href: back, label: p.ctx.t('common.back') } });
  }

  notices(ctx: WebContext): { done: string | null; refused: string | null } {
    const done = (DONE as readonly string[]).includes(ctx.query.done ?? '') ? ctx.query.done : null;
    const refusal = REFUSALS[ctx.query.error ?? ''];
    return {
      done: done ? ctx.t(`admin.done.${done}` as 'admin.done.created') : null,
      refused: refusal ? ctx.t(refusal) : null,
    };
  }
}

export function isPage(p: Page | AdminOutcome): p is Page {
  return 'shell' in p && 'timeZone' in p;
}
