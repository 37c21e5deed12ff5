import { html, type HtmlValue, type SafeHtml } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { StaffShell, staffLayout } from '../ui/staff-layout';
import { adminPaths } from './admin-paths';

/** What every admin page's view has: the staff pages' frame. */
export interface Base {
  shell: StaffShell;
}

/** An admin page: the way back to the admin start page (`crumb`), its heading and body. */
export function frame(ctx: WebContext, shell: StaffShell, title: string, body: HtmlValue, crumb = true): SafeHtml {
  const back = crumb
    ? html`<p class="admin-crumb"><a href="${adminPaths.index}">${ctx.t('admin.title')}</a></p>`
    : html``;
  return staffLayout(ctx, shell, { title, section: 'admin', body: html`${back}<h1>${title}</h1>\n${body}` });
}
