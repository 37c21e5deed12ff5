import type { DaySlots, WeekView } from '../../ui/format';
import { html, SafeHtml, url } from '../../ui/html';
import { LANGUAGE_NAMES, LOCALES, MessageKey } from '../../i18n';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import {
  csrfInput,
  errorSummary,
  radioGroup,
  selectField,
  summaryList,
  textField,
  weekOfSlots,
} from '../../ui/components';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';
import { bookPath } from '../paths';

/** The public booking page, in three steps: meeting → time → details. Each step is a plain GET page. */

export interface PublicType {
  id: string;
  publicLabel: string;
  durationMinutes: number;
}

interface Base {
  siteName: string;
  /** The unit's own number, for the footer's "Call us at …". */
  unitPhone?: string | null;
  slug: string;
}

const step = (ctx: WebContext, n: number) => html`<p class="step">${ctx.t('book.step', { n })}</p>`;

export function bookTypePage(ctx: WebContext, p: Base & { types: PublicType[] }): SafeHtml {
  const t = ctx.t;
  const body = html`${step(ctx, 1)}
<h1>${t('book.title')}</h1>
<p>${t('book.intro')}</p>
<h2>${t('book.chooseType')}</h2>
${
  p.types.length
    ? html`<ul class="choices">${p.types.map((ty) => html`<li><a class="choice" href="${url(bookPath(p.slug), { type: ty.id })}">${ty.publicLabel}<span class="choice-detail">${t('common.minutes', { minutes: ty.durationMinutes })}</span></a></li>`)}</ul>`
    : html`<p>${t('book.noTypes')}</p>`
}`;
  return layout(ctx, { title: t('book.title'), siteName: p.siteName, unitPhone: p.unitPhone, body });
}

export interface BookWeekView extends Base {
  type: PublicType;
  view: WeekView;
  days: DaySlots[];
  zone: string;
}

export function bookWeekPage(ctx: WebContext, p: BookWeekView): SafeHtml {
  const t = ctx.t;
  const body = html`${step(ctx, 2)}
<h1>${t('book.chooseTime')}</h1>
${summaryList([[t('common.meeting'), `${p.type.publicLabel} (${t('common.minutes', { minutes: p.type.durationMinutes })})`]])}
<p><a href="${bookPath(p.slug)}">${t('book.otherType')}</a></p>
${weekOfSlots(ctx, {
  view: p.view,
  days: p.days,
  zone: p.zone,
  slotHref: (start) => url(bookPath(p.slug), { type: p.type.id, start }),
  weekHref: (week) => url(bookPath(p.slug), { type: p.type.id, week }),
})}`;
  return layout(ctx, { title: t('book.chooseTime'), siteName: p.siteName, unitPhone: p.unitPhone, body });
}

export interface BookFormValues {
  name: string;
  email: string;
  phone: string;
  locale: string;
}

export interface BookFormInput extends Base {
  type: PublicType;
  start: string;
  when: string;
  address: string;
  values: BookFormValues;
  errors: Array<{ field: string; key: MessageKey }>;
  /** Minutes the client has to confirm; null when the unit books without confirmation. */
  holdMinutes: number | null;
  /** After SLOT_TAKEN: other free times that week, offered in place of the lost one. */
  alternatives?: Array<{ startsAt: string; label: string }>;
  weekHref: string;
}

export function bookFormPage(ctx: WebContext, p: BookFormInput): SafeHtml {
  const t = ctx.t;
  const action = bookPath(p.slug);
  const err = (field: string) => {
    const e = p.errors.find((x) => x.field === field);
    return e ? t(e.key) : undefined;
  };
  const summary = errorSummary(
    ctx,
    p.errors.map((e) => ({ field: e.field, message: t(e.key) })),
  );
  const time = p.alternatives?.length
    ? selectField({
        id: 'start',
        label: t('book.time'),
        options: p.alternatives.map((a) => ({ value: a.startsAt, label: a.label })),
        error: err('start'),
      })
    : html`${err('start') ? html`<p class="field-error" id="start">${err('start')}</p>` : ''}<input type="hidden" name="start" value="${p.start}">`;
  const body = html`${step(ctx, 3)}
<h1>${t('book.details')}</h1>
${summary}
<h2>${t('book.yourTime')}</h2>
${summaryList([
  [t('common.meeting'), `${p.type.publicLabel} (${t('common.minutes', { minutes: p.type.durationMinutes })})`],
  [t('common.when'), p.when],
  ...(p.address ? [[t('common.where'), p.address] as [string, string]] : []),
])}
<p><a href="${p.weekHref}">${t('book.changeTime')}</a></p>
<form method="post" action="${action}" novalidate>
${csrfInput(ctx, action)}
<input type="hidden" name="type" value="${p.type.id}">
${time}
${radioGroup({
  name: 'mode',
  legend: t('book.modeLegend'),
  error: err('mode'),
  options: [
    { value: 'in_person', label: t('mode.in_person'), checked: true },
    // Shown, not hidden: people should learn that video exists and why not yet (docs/product-rules.md, rule 4).
    { value: 'video', label: t('mode.video'), disabled: true, reason: t('book.videoFirstReason') },
  ],
})}
<fieldset class="group">
<legend>${t('book.details')}</legend>
${textField({ id: 'name', label: t('book.name'), value: p.values.name, autocomplete: 'name', required: true, maxlength: 200, error: err('name') })}
${textField({ id: 'email', label: t('book.email'), type: 'email', value: p.values.email, autocomplete: 'email', required: true, maxlength: 254, hint: t('book.emailHint'), error: err('email') })}
${textField({ id: 'phone', label: t('book.phone'), type: 'tel', value: p.values.phone, autocomplete: 'tel', maxlength: 30, hint: t('book.phoneHint'), error: err('phone') })}
${selectField({ id: 'locale', label: t('book.language'), selected: p.values.locale || ctx.locale, error: err('locale'), options: LOCALES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l], lang: l })) })}
</fieldset>
${p.holdMinutes !== null ? html`<p>${t('book.holdNotice', { minutes: p.holdMinutes })}</p>` : ''}
<p class="hint">${t('book.privacy')}</p>
<button type="submit" class="button">${t('book.submit')}</button>
</form>`;
  return layout(ctx, {
    title: p.errors.length ? `${t('common.problem')}: ${t('book.details')}` : t('book.details'),
    siteName: p.siteName,
    unitPhone: p.unitPhone,
    body,
  });
}

export interface BookResultView extends Base {
  held: boolean;
  email: string;
  when: string;
  what: string;
  address: string;
  minutes: number;
  confirmBy: string;
}

export function bookResultPage(ctx: WebContext, p: BookResultView): SafeHtml {
  const t = ctx.t;
  const title = p.held ? t('book.heldTitle') : t('book.bookedTitle');
  const body = html`<h1>${title}</h1>
<div role="status">
<p>${p.held ? t('book.heldBody', { email: p.email, minutes: p.minutes, time: p.confirmBy }) : t('book.bookedBody', { email: p.email })}</p>
</div>
${p.held ? html`<p class="hint">${t('book.heldSpam')}</p>` : ''}
${summaryList([[t('common.meeting'), p.what], [t('common.when'), p.when], ...(p.address ? [[t('common.where'), p.address] as [string, string]] : [])])}`;
  return layout(ctx, { title, siteName: p.siteName, unitPhone: p.unitPhone, body });
}

export const BOOK_PAGES = {
  ...SHARED_PAGES,
  bookType: bookTypePage,
  bookWeek: bookWeekPage,
  bookForm: bookFormPage,
  bookResult: bookResultPage,
};
export type BookOutcome = ViewsOf<typeof BOOK_PAGES> | Redirect;
