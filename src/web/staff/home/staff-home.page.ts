import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { summaryList } from '../../ui/components';
import { html, SafeHtml } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { StaffShell, staffLayout } from '../ui/staff-layout';

export interface StaffHomeView {
  shell: StaffShell;
}

/** GET /staff until the workspace's calendar takes its place: who is signed in, and the way out. */
export function staffHomePage(ctx: WebContext, v: StaffHomeView): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('staff.home.title')}</h1>
${summaryList([[t('staff.home.unit'), v.shell.unitName]])}`;
  return staffLayout(ctx, v.shell, { title: t('staff.home.title'), section: 'calendar', body });
}

export const STAFF_HOME_PAGES = { ...SHARED_PAGES, home: staffHomePage };
export type StaffHomeOutcome = ViewsOf<typeof STAFF_HOME_PAGES> | Redirect;
