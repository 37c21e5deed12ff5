import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { postButton, summaryList } from '../../ui/components';
import { html, SafeHtml } from '../../ui/html';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';
import { staffSignOutPath } from '../paths';

export interface StaffHomeView {
  name: string;
  role: string;
  unitName: string;
  /** The session's X-CSRF-Token, for the page's own calls to the staff API. */
  apiCsrfToken: string;
}

/** GET /staff until the workspace's calendar takes its place: who is signed in, and the way out. */
export function staffHomePage(ctx: WebContext, v: StaffHomeView): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('staff.home.title')}</h1>
<p>${t('staff.home.signedInAs', { name: v.name, role: v.role })}</p>
${summaryList([[t('staff.home.unit'), v.unitName]])}
${postButton(ctx, staffSignOutPath, t('staff.signOut'), { secondary: true })}`;
  return layout(ctx, {
    title: t('staff.home.title'),
    siteName: v.unitName,
    body,
    meta: { 'csrf-token': v.apiCsrfToken },
  });
}

export const STAFF_HOME_PAGES = { ...SHARED_PAGES, home: staffHomePage };
export type StaffHomeOutcome = ViewsOf<typeof STAFF_HOME_PAGES> | Redirect;
