import type { Mode } from '../../../common/mode';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { LANGUAGE_NAMES, LOCALES } from '../../i18n';
import {
  csrfInput,
  errorSummary,
  FieldError,
  notice,
  radioGroup,
  selectField,
  summaryList,
  textArea,
  textField,
  weekOfSlots,
} from '../../ui/components';
import type { DaySlots, WeekView } from '../../ui/format';
import { html, SafeHtml, url } from '../../ui/html';
import type { WebContext } from '../../ui/web-context';
import { staffPaths } from '../paths';
import { StaffShell, staffLayout } from '../ui/staff-layout';
import { bookPaths } from './book-paths';

/** The ids that travel from step to step (ids only: never a name or an email in a URL). */
export interface BookState {
  clientId: string;
  meetingTypeId?: string;
  caseworkerId?: string;
  mode?: Mode;
  /** Video (or phone) before a first in-person meeting, with a reason asked at the end. */
  override?: boolean;
  startsAt?: string;
}

export function stateQuery(s: BookState): Record<string, string | undefined> {
  return {
    clientId: s.clientId,
    meetingTypeId: s.meetingTypeId,
    caseworkerId: s.caseworkerId,
    mode: s.mode,
    override: s.override ? '1' : undefined,
    startsAt: s.startsAt,
  };
}

export function hiddenState(s: BookState): SafeHtml {
  return html`${Object.entries(stateQuery(s))
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}`;
}

export interface ClientHit {
  id: string;
  name: string;
  email: string;
  lastMeeting: string;
}

export interface NewClientForm {
  name: string;
  email: string;
  phone: string;
  locale: string;
}

export interface FindView {
  shell: StaffShell;
  query: string;
  /** null: no search yet. */
  hits: ClientHit[] | null;
  form: NewClientForm;
  errors: FieldError[];
}

function steps(ctx: WebContext, current: number): SafeHtml {
  const t = ctx.t;
  const names = [
    t('book.step.client'),
    t('book.step.type'),
    t('book.step.mode'),
    t('book.step.time'),
    t('book.step.confirm'),
  ];
  return html`<ol class="book-steps" aria-label="${t('book.steps')}">${names.map(
    (n, i) => html`<li${i + 1 === current ? html` aria-current="step"` : ''}>${n}</li>`,
  )}</ol>`;
}

/** The client search results: name, email, last meeting, and "choose". */
export function clientHits(
  ctx: WebContext,
  hits: ClientHit[],
  href: (id: string) => string,
  action: string,
  caption: string,
): SafeHtml {
  const t = ctx.t;
  if (!hits.length) return html`<p class="empty" role="status">${t('clients.noHits')}</p>`;
  return html`<div role="status"><p>${t('clients.hits', { count: hits.length })}</p></div>
<table class="staff-table">
<caption>${caption}</caption>
<thead><tr><th scope="col">${t('clients.name')}</th><th scope="col">${t('clients.email')}</th><th scope="col">${t('clients.lastMeeting')}</th><th scope="col"><span class="visually-hidden">${t('clients.action')}</span></th></tr></thead>
<tbody>${hits.map(
    (h) =>
      html`<tr><th scope="row">${h.name}</th><td>${h.email}</td><td>${h.lastMeeting || t('clients.never')}</td><td><a href="${href(h.id)}">${action}<span class="visually-hidden">: ${h.name}</span></a></td></tr>`,
  )}</tbody>
</table>`;
}

export function searchForm(ctx: WebContext, action: string, query: string, label: string): SafeHtml {
  return html`<form method="post" action="${action}" class="staff-search" role="search">
${csrfInput(ctx, action)}
${textField({ id: 'q', label, value: query, hint: ctx.t('clients.searchHint'), maxlength: 200 })}
<button type="submit" class="button">${ctx.t('clients.searchButton')}</button>
</form>`;
}

export function findPage(ctx: WebContext, v: FindView): SafeHtml {
  const t = ctx.t;
  const f = v.form;
  const err = (id: string) => v.errors.find((e) => e.field === id)?.message;
  const locales = [
    { value: '', label: t('book.new.localeDefault') },
    ...LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })),
  ];
  const body = html`<h1>${t('book.staffTitle')}</h1>
${steps(ctx, 1)}
${errorSummary(ctx, v.errors)}
<section aria-labelledby="find-title">
<h2 id="find-title">${t('book.find.title')}</h2>
${searchForm(ctx, bookPaths.search, v.query, t('clients.searchLabel'))}
${v.hits ? clientHits(ctx, v.hits, (id) => url(staffPaths.book, { clientId: id }), t('book.find.choose'), t('book.find.caption')) : ''}
</section>
<section aria-labelledby="new-title">
<h2 id="new-title">${t('book.new.title')}</h2>
<form method="post" action="${bookPaths.newClient}" novalidate>
${csrfInput(ctx, bookPaths.newClient)}
${textField({ id: 'name', label: t('book.new.name'), value: f.name, error: err('name'), autocomplete: 'off', maxlength: 200 })}
${textField({ id: 'email', label: t('book.new.email'), value: f.email, type: 'email', error: err('email'), autocomplete: 'off' })}
${textField({ id: 'phone', label: t('book.new.phone'), value: f.phone, type: 'tel', error: err('phone'), hint: t('book.new.phoneHint'), autocomplete: 'off' })}
${selectField({ id: 'locale', label: t('book.new.locale'), options: locales, selected: f.locale, error: err('locale') })}
<button type="submit" class="button">${t('book.new.button')}</button>
</form>
</section>`;
  return staffLayout(ctx, v.shell, { title: t('book.staffTitle'), section: 'book', body });
}

export interface TypeView {
  shell: StaffShell;
  client: { id: string; name: string };
  types: Array<{ id: string; label: string }>;
  /** Admins choose among the team; a caseworker books into their own calendar. */
  caseworkers: Array<{ id: string; name: string }> | null;
  selfId: string;
}

export function typePage(ctx: WebContext, v: TypeView): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('book.type.title', { name: v.client.name })}</h1>
${steps(ctx, 2)}
${
  v.types.length
    ? html`<form method="get" action="${bookPaths.mode}">
<input type="hidden" name="clientId" value="${v.client.id}">
${radioGroup({ name: 'meetingTypeId', legend: t('book.type.legend'), options: v.types.map((x, i) => ({ value: x.id, label: x.label, checked: i === 0 })) })}
${
  v.caseworkers
    ? selectField({
        id: 'caseworkerId',
        label: t('book.type.caseworker'),
        options: v.caseworkers.map((c) => ({ value: c.id, label: c.name })),
        selected: v.selfId,
      })
    : html`<input type="hidden" name="caseworkerId" value="${v.selfId}">`
}
<button type="submit" class="button">${t('book.next')}</button>
</form>`
    : html`<p>${t('book.type.none')}</p>`
}
<h2>${t('book.walkIn.title')}</h2>
<p>${t('book.walkIn.intro')}</p>
<p><a href="${url(bookPaths.walkIn, { clientId: v.client.id })}">${t('book.walkIn.link')}</a></p>
<p><a href="${staffPaths.book}">${t('book.otherClient')}</a></p>`;
  return staffLayout(ctx, v.shell, { title: t('book.type.title', { name: v.client.name }), section: 'book', body });
}

export interface ModeView {
  shell: StaffShell;
  state: BookState;
  summary: Array<[string, string]>;
  /** Why video cannot be chosen, in words; null when it can. */
  videoRefusal: string | null;
  /** The refusal is the first-meeting rule: staff may book video anyway, with a reason. */
  canOverride: boolean;
  /** Phone is offered only when the meeting type has it (null: not offered). */
  phone: {
    /** Why phone cannot be chosen (the first-meeting rule, or no number for the client), in words. */
    refusal: string | null;
    /** The refusal is the first-meeting rule alone: staff may book phone anyway, with a reason. */
    canOverride: boolean;
  } | null;
}

export function modePage(ctx: WebContext, v: ModeView): SafeHtml {
  const t = ctx.t;
  const options = [
    { value: 'in_person', label: t('mode.in_person'), checked: true },
    { value: 'video', label: t('mode.video'), disabled: !!v.videoRefusal, reason: v.videoRefusal ?? undefined },
    ...(v.phone
      ? [{ value: 'phone', label: t('mode.phone'), disabled: !!v.phone.refusal, reason: v.phone.refusal ?? undefined }]
      : []),
  ];
  const overrideButton = (mode: 'video' | 'phone') => html`<form method="get" action="${bookPaths.slots}">
${hiddenState({ ...v.state, mode, override: true })}
<button type="submit" class="button button-secondary">${t(mode === 'video' ? 'book.override.button' : 'book.override.phoneButton')}</button>
</form>`;
  const body = html`<h1>${t('book.mode.title')}</h1>
${steps(ctx, 3)}
${summaryList(v.summary)}
<form method="get" action="${bookPaths.slots}">
${hiddenState({ ...v.state, mode: undefined })}
${radioGroup({ name: 'mode', legend: t('book.mode.legend'), options })}
<button type="submit" class="button">${t('book.next')}</button>
</form>
${
  v.canOverride || v.phone?.canOverride
    ? html`<section aria-labelledby="override-title" class="book-override">
<h2 id="override-title">${t('book.override.title')}</h2>
<p>${t('book.override.intro')}</p>
${v.canOverride ? overrideButton('video') : ''}
${v.phone?.canOverride ? overrideButton('phone') : ''}
</section>`
    : ''
}
<p><a href="${url(staffPaths.book, { clientId: v.state.clientId })}">${t('common.back')}</a></p>`;
  return staffLayout(ctx, v.shell, { title: t('book.mode.title'), section: 'book', body });
}

export interface SlotsView {
  shell: StaffShell;
  state: BookState;
  summary: Array<[string, string]>;
  week: WeekView;
  days: DaySlots[];
  zone: string;
  /** The rule that emptied the list, in words. */
  reason: string | null;
}

export function slotsPage(ctx: WebContext, v: SlotsView): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('book.slots.title')}</h1>
${steps(ctx, 4)}
${summaryList(v.summary)}
${
  v.reason
    ? html`${notice('alert', v.reason)}<p><a href="${url(bookPaths.mode, stateQuery({ ...v.state, mode: undefined, override: undefined }))}">${t('book.slots.otherMode')}</a></p>`
    : weekOfSlots(ctx, {
        view: v.week,
        days: v.days,
        zone: v.zone,
        slotHref: (startsAt) => url(bookPaths.confirm, stateQuery({ ...v.state, startsAt })),
        weekHref: (week) => url(bookPaths.slots, { ...stateQuery(v.state), week }),
      })
}
<p><a href="${url(bookPaths.mode, stateQuery({ ...v.state, mode: undefined, override: undefined }))}">${t('common.back')}</a></p>`;
  return staffLayout(ctx, v.shell, { title: t('book.slots.title'), section: 'book', body });
}

export interface ConfirmBookingView {
  shell: StaffShell;
  state: BookState;
  summary: Array<[string, string]>;
  reason: string;
  errors: FieldError[];
  /** A refusal of the booking itself (the time was taken meanwhile, ...), in words. */
  refusal: string | null;
}

export function confirmBookingPage(ctx: WebContext, v: ConfirmBookingView): SafeHtml {
  const t = ctx.t;
  const err = v.errors.find((e) => e.field === 'overrideReason')?.message;
  const body = html`<h1>${t('book.confirm.title')}</h1>
${steps(ctx, 5)}
${errorSummary(ctx, v.errors)}
${notice('alert', v.refusal)}
${summaryList(v.summary)}
<form method="post" action="${bookPaths.confirm}" novalidate>
${csrfInput(ctx, bookPaths.confirm)}
${hiddenState(v.state)}
${v.state.override ? textArea({ id: 'overrideReason', label: t(v.state.mode === 'phone' ? 'book.override.phoneReason' : 'book.override.reason'), hint: t('book.override.reasonHint'), error: err, maxlength: 1000, value: v.reason }) : ''}
<button type="submit" class="button">${t('book.confirm.button')}</button>
</form>
<p><a href="${url(bookPaths.slots, stateQuery({ ...v.state, startsAt: undefined }))}">${t('book.confirm.otherTime')}</a></p>`;
  return staffLayout(ctx, v.shell, { title: t('book.confirm.title'), section: 'book', body });
}

export interface WalkInView {
  shell: StaffShell;
  client: { id: string; name: string };
  types: Array<{ id: string; label: string }>;
  caseworkers: Array<{ id: string; name: string }> | null;
  form: { meetingTypeId: string; caseworkerId: string; date: string; time: string };
  errors: FieldError[];
  refusal: string | null;
  zone: string;
}

function dateTimeInput(id: string, type: 'date' | 'time', label: string, value: string, error?: string): SafeHtml {
  return html`<div class="field${error ? ' has-error' : ''}">
<label for="${id}">${label}</label>
${error ? html`<p class="field-error" id="${id}-error">${error}</p>` : ''}
<input id="${id}" name="${id}" type="${type}" value="${value}" required${error ? html` aria-describedby="${id}-error" aria-invalid="true"` : ''}>
</div>`;
}

export function walkInPage(ctx: WebContext, v: WalkInView): SafeHtml {
  const t = ctx.t;
  const err = (id: string) => v.errors.find((e) => e.field === id)?.message;
  const body = html`<h1>${t('book.walkIn.title')}</h1>
<p>${t('book.walkIn.for', { name: v.client.name })}</p>
${errorSummary(ctx, v.errors)}
${notice('alert', v.refusal)}
<form method="post" action="${bookPaths.walkIn}" novalidate>
${csrfInput(ctx, bookPaths.walkIn)}
<input type="hidden" name="clientId" value="${v.client.id}">
${selectField({ id: 'meetingTypeId', label: t('book.type.legend'), options: v.types.map((x) => ({ value: x.id, label: x.label })), selected: v.form.meetingTypeId, error: err('meetingTypeId') })}
${
  v.caseworkers
    ? selectField({
        id: 'caseworkerId',
        label: t('book.type.caseworker'),
        options: v.caseworkers.map((c) => ({ value: c.id, label: c.name })),
        selected: v.form.caseworkerId,
      })
    : html`<input type="hidden" name="caseworkerId" value="${v.form.caseworkerId}">`
}
<p class="hint">${t('common.zone', { zone: v.zone })}</p>
${dateTimeInput('date', 'date', t('book.walkIn.date'), v.form.date, err('date'))}
${dateTimeInput('time', 'time', t('book.walkIn.time'), v.form.time, err('time'))}
<button type="submit" class="button">${t('book.walkIn.button')}</button>
</form>
<p><a href="${url(staffPaths.book, { clientId: v.client.id })}">${t('common.back')}</a></p>`;
  return staffLayout(ctx, v.shell, { title: t('book.walkIn.title'), section: 'book', body });
}

export const BOOK_PAGES = {
  ...SHARED_PAGES,
  find: findPage,
  type: typePage,
  mode: modePage,
  slots: slotsPage,
  confirm: confirmBookingPage,
  walkIn: walkInPage,
};
export type BookOutcome = ViewsOf<typeof BOOK_PAGES> | Redirect;
