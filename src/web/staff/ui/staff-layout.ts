import type { StaffRole } from '../../../auth/staff-principal';
import { postButton } from '../../ui/components';
import { html, HtmlValue, SafeHtml } from '../../ui/html';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';
import { staffPaths, staffSignOutPath } from '../paths';

/** Who is signed in, as every workspace page shows it (loaded once per request by StaffShellService). */
export interface StaffShell {
  caseworkerId: string;
  name: string;
  role: StaffRole;
  unitId: string;
  unitName: string;
  /** The session's X-CSRF-Token, for the page's own calls to the staff API (the calendar's drag and drop). */
  apiCsrfToken: string;
}

export type StaffSection = 'calendar' | 'book' | 'clients' | 'settings' | 'admin';

export interface StaffPageInput {
  title: string;
  /** Which part of the navigation is marked as the current one. */
  section: StaffSection | null;
  body: HtmlValue;
  scripts?: string[];
}

/**
 * The frame of every staff workspace page: the unit, the navigation (Admin only for admins), who is
 * signed in and the way out, the language switcher, and the CSRF token for the page's API calls.
 */
export function staffLayout(ctx: WebContext, shell: StaffShell, p: StaffPageInput): SafeHtml {
  const t = ctx.t;
  const items: Array<[StaffSection, string, string]> = [
    ['calendar', staffPaths.calendar, t('staff.nav.calendar')],
    ['book', staffPaths.book, t('staff.nav.book')],
    ['clients', staffPaths.clients, t('staff.nav.clients')],
    ['settings', staffPaths.settings, t('staff.nav.settings')],
    ...(shell.role === 'admin'
      ? [['admin', staffPaths.admin, t('staff.nav.admin')] as [StaffSection, string, string]]
      : []),
  ];
  const nav = html`<nav aria-label="${t('staff.nav.label')}" class="staff-nav">
<ul>
${items.map(([key, href, label]) => html`<li><a href="${href}"${key === p.section ? html` aria-current="page"` : ''}>${label}</a></li>`)}
</ul>
<p class="staff-who">${t('staff.home.signedInAs', { name: shell.name, role: t(shell.role === 'admin' ? 'staff.role.admin' : 'staff.role.caseworker') })}</p>
${postButton(ctx, staffSignOutPath, t('staff.signOut'), { secondary: true })}
</nav>`;
  return layout(ctx, {
    title: p.title,
    siteName: shell.unitName,
    body: p.body,
    scripts: p.scripts,
    meta: { 'csrf-token': shell.apiCsrfToken },
    staff: { nav },
  });
}
