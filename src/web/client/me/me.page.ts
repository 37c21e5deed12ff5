import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { html, SafeHtml, url } from '../../ui/html';
import { csrfInput, notice, postButton, summaryList, textArea } from '../../ui/components';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';
import {
  bookConfirmPage,
  bookModePage,
  bookTypeChoicePage,
  bookWeekPage,
  cancelConfirmPage,
  rescheduleConfirmPage,
  rescheduleWeekPage,
} from './me-flows.page';

/** The client's page (GET /me/:token): upcoming meetings with what can be done to each, then the past. */

export interface UpcomingView {
  id: string;
  what: string;
  when: string;
  how: string;
  where: string;
  status: string;
  /** Before the unit's cut-off: the client may still change or cancel online. */
  changeable: boolean;
  cutoffAt: string;
  modeSwitch: { to: 'video' | 'in_person'; allowed: boolean; reason?: string } | null;
  joinHref: string | null;
  note?: { text: string; error: string };
}

export interface PastView {
  what: string;
  when: string;
  status: string;
}

export interface MeView {
  siteName: string;
  /** The unit's own number, for the footer's "Call us at …". */
  unitPhone?: string | null;
  base: string;
  name: string | null;
  caseworker: string | null;
  done: string | null;
  error: string | null;
  upcoming: UpcomingView[];
  past: PastView[];
  canBook: boolean;
}

export function mePage(ctx: WebContext, v: MeView): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('me.title')}</h1>
${notice('status', v.done)}
${notice('alert', v.error)}
${v.name ? html`<p>${t('me.hello', { name: v.name })}</p>` : ''}
${v.caseworker ? html`<p>${t('me.caseworker', { name: v.caseworker })}</p>` : ''}
<h2>${t('me.upcoming')}</h2>
${v.upcoming.length ? html`<ul class="appointments">${v.upcoming.map((a) => html`<li>${upcoming(ctx, v.base, a)}</li>`)}</ul>` : html`<p>${t('me.noUpcoming')}</p>`}
${v.canBook ? html`<p><a class="button" href="${url(v.base, { view: 'book' })}">${t('me.book')}</a></p>` : ''}
${
  v.past.length
    ? html`<h2>${t('me.past')}</h2>
<ul class="past">${v.past.map((p) => html`<li><span class="past-when">${p.when}</span> · ${p.what} · <span class="status">${p.status}</span></li>`)}</ul>`
    : ''
}`;
  return layout(ctx, { title: t('me.title'), siteName: v.siteName, unitPhone: v.unitPhone, body });
}

function upcoming(ctx: WebContext, base: string, a: UpcomingView): SafeHtml {
  const t = ctx.t;
  const path = `${base}/appointments/${a.id}`;
  const headingId = `appt-${a.id}`;
  return html`<article class="appointment" aria-labelledby="${headingId}">
<h3 id="${headingId}">${a.when}</h3>
${summaryList([[t('common.meeting'), a.what], [t('common.how'), a.how], ...(a.where ? [[t('common.where'), a.where] as [string, string]] : []), [t('common.status'), a.status]])}
${a.joinHref ? html`<p><a class="button" href="${a.joinHref}">${t('me.join')}</a></p>` : ''}
${
  a.changeable
    ? html`<details class="actions">
<summary>${t('me.changeOptions')}</summary>
<p class="hint">${t('me.cutoffAt', { time: a.cutoffAt })}</p>
<ul class="action-list">
<li><a href="${url(base, { view: 'reschedule', id: a.id })}">${t('me.reschedule')}</a></li>
<li><a href="${url(base, { view: 'cancel', id: a.id })}">${t('me.cancel')}</a></li>
</ul>
${modeSwitch(ctx, path, a)}
</details>`
    : html`<p class="hint">${t('me.cutoff')}</p>`
}
<details class="actions"${a.note ? html` open` : ''}>
<summary>${t('me.notes')}</summary>
<form method="post" action="${path}/notes" novalidate>
${csrfInput(ctx, `${path}/notes`)}
${textArea({ id: `note-${a.id}`, label: t('me.notesLabel'), hint: t('me.notesHint'), maxlength: 4000, value: a.note?.text, error: a.note?.error })}
<button type="submit" class="button button-secondary">${t('me.notesSubmit')}</button>
</form>
</details>
</article>`;
}

function modeSwitch(ctx: WebContext, path: string, a: UpcomingView): SafeHtml {
  const m = a.modeSwitch;
  if (!m) return html``;
  const label = ctx.t(m.to === 'video' ? 'me.toVideo' : 'me.toInPerson');
  if (m.allowed) return postButton(ctx, `${path}/mode`, label, { hidden: { mode: m.to }, secondary: true });
  // Not a disabled button: a disabled control is skipped by keyboard users, who would then miss the reason.
  return html`<p class="hint">${m.reason}</p>`;
}

export const ME_PAGES = {
  ...SHARED_PAGES,
  me: mePage,
  rescheduleWeek: rescheduleWeekPage,
  rescheduleConfirm: rescheduleConfirmPage,
  cancelConfirm: cancelConfirmPage,
  bookTypeChoice: bookTypeChoicePage,
  bookMode: bookModePage,
  bookWeek: bookWeekPage,
  bookConfirm: bookConfirmPage,
};
export type MeOutcome = ViewsOf<typeof ME_PAGES> | Redirect;
