import { SHARED_PAGES } from '../../../http/message-pages';
import type { Redirect, ViewsOf } from '../../../http/page-response';
import {
  csrfInput,
  errorSummary,
  FieldError,
  notice,
  postButton,
  summaryList,
  textField,
} from '../../../ui/components';
import { html, SafeHtml, url } from '../../../ui/html';
import type { WebContext } from '../../../ui/web-context';
import { staffPaths } from '../../paths';
import { StaffShell, staffLayout } from '../../ui/staff-layout';
import { ClientHit, clientHits, searchForm } from '../book.page';
import { clientPaths } from './client-paths';

/**
 * The notices a redirect names (`?done=`): after a new personal link (the client's page) and an erasure (the search).
 */
export const CLIENT_NOTICES = { 'link-sent': 'clients.done.linkSent', erased: 'clients.done.erased' } as const;

export interface ClientsSearchView {
  shell: StaffShell;
  query: string;
  hits: ClientHit[] | null;
  notice: string | null;
}

export function clientsSearchPage(ctx: WebContext, v: ClientsSearchView): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('clients.title')}</h1>
${notice('status', v.notice)}
${searchForm(ctx, staffPaths.clients, v.query, t('clients.searchLabel'))}
${v.hits ? clientHits(ctx, v.hits, (id) => staffPaths.client(id), t('clients.open'), t('clients.caption')) : ''}`;
  return staffLayout(ctx, v.shell, { title: t('clients.title'), section: 'clients', body });
}

export interface ClientRow {
  id: string;
  when: string;
  type: string;
  how: string;
  status: string;
}

export interface ClientView {
  shell: StaffShell;
  client: { id: string; name: string; email: string; phone: string; language: string; caseworker: string };
  upcoming: ClientRow[];
  past: ClientRow[];
  notice: string | null;
  isAdmin: boolean;
  /** The client's own caseworker or an admin: may send the client a new personal link. */
  canSendLink: boolean;
}

function appointmentsTable(ctx: WebContext, caption: string, rows: ClientRow[]): SafeHtml {
  const t = ctx.t;
  if (!rows.length) return html`<h2>${caption}</h2><p class="empty">${t('clients.noAppointments')}</p>`;
  return html`<table class="staff-table">
<caption><h2>${caption}</h2></caption>
<thead><tr><th scope="col">${t('common.when')}</th><th scope="col">${t('common.meeting')}</th><th scope="col">${t('common.how')}</th><th scope="col">${t('common.status')}</th></tr></thead>
<tbody>${rows.map(
    (r) =>
      html`<tr><th scope="row"><a href="${staffPaths.appointment(r.id)}">${r.when}</a></th><td>${r.type}</td><td>${r.how}</td><td>${r.status}</td></tr>`,
  )}</tbody>
</table>`;
}

export function clientPage(ctx: WebContext, v: ClientView): SafeHtml {
  const t = ctx.t;
  const c = v.client;
  const body = html`<h1>${c.name}</h1>
${notice('status', v.notice)}
${summaryList([
  [t('clients.email'), c.email],
  [t('clients.phone'), c.phone || t('clients.none')],
  [t('clients.language'), c.language],
  [t('clients.caseworker'), c.caseworker || t('clients.none')],
])}
<p><a href="${url(staffPaths.book, { clientId: c.id })}" class="button">${t('clients.book')}</a></p>
${appointmentsTable(ctx, t('clients.upcoming'), v.upcoming)}
${appointmentsTable(ctx, t('clients.past'), v.past)}
<h2>${t('clients.actions')}</h2>
${
  v.canSendLink
    ? html`<p>${t('clients.linkIntro')}</p>
${postButton(ctx, clientPaths.personalLink(c.id), t('clients.sendLink'), { secondary: true })}`
    : ''
}
${
  v.isAdmin
    ? html`<p><a href="${clientPaths.export(c.id)}" download>${t('clients.export')}</a></p>
<p><a href="${clientPaths.erase(c.id)}">${t('clients.erase')}</a></p>`
    : html`<p class="hint">${t('clients.adminOnly')}</p>`
}`;
  return staffLayout(ctx, v.shell, { title: c.name, section: 'clients', body });
}

export interface EraseView {
  shell: StaffShell;
  client: { id: string; name: string };
  word: string;
  typed: string;
  errors: FieldError[];
}

export function erasePage(ctx: WebContext, v: EraseView): SafeHtml {
  const t = ctx.t;
  const action = clientPaths.erase(v.client.id);
  const err = v.errors.find((e) => e.field === 'confirm')?.message;
  const body = html`<h1>${t('clients.eraseTitle', { name: v.client.name })}</h1>
${errorSummary(ctx, v.errors)}
<p>${t('clients.eraseBody')}</p>
<form method="post" action="${action}" novalidate>
${csrfInput(ctx, action)}
${textField({ id: 'confirm', label: t('clients.eraseLabel', { word: v.word }), value: v.typed, error: err, autocomplete: 'off' })}
<button type="submit" class="button button-warning">${t('clients.eraseButton')}</button>
</form>
<p><a href="${staffPaths.client(v.client.id)}">${t('common.back')}</a></p>`;
  return staffLayout(ctx, v.shell, {
    title: t('clients.eraseTitle', { name: v.client.name }),
    section: 'clients',
    body,
  });
}

export const CLIENTS_PAGES = { ...SHARED_PAGES, search: clientsSearchPage, client: clientPage, erase: erasePage };
export type ClientsOutcome = ViewsOf<typeof CLIENTS_PAGES> | Redirect;
