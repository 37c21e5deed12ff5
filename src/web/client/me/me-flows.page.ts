import type { DaySlots, WeekView } from '../../ui/format';
import { html, SafeHtml, url } from '../../ui/html';
import { notice, postButton, radioGroup, RadioOption, summaryList, weekOfSlots } from '../../ui/components';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';

/** The sub-pages of GET /me/:token?view=…: each a small step that ends in one POST. */

interface Base {
  siteName: string;
  /** The unit's own number, for the footer's "Call us at …". */
  unitPhone?: string | null;
  base: string;
  error?: string | null;
}

const back = (ctx: WebContext, base: string) => html`<p><a href="${base}">${ctx.t('me.backToList')}</a></p>`;

function page(ctx: WebContext, p: Base, title: string, content: SafeHtml): SafeHtml {
  return layout(ctx, {
    title,
    siteName: p.siteName,
    unitPhone: p.unitPhone,
    body: html`<h1>${title}</h1>
${notice('alert', p.error)}
${content}
${back(ctx, p.base)}`,
  });
}

export interface WeekChoice {
  view: WeekView;
  days: DaySlots[];
  zone: string;
  /** The other query parameters of this step (view, id, type, mode). */
  params: Record<string, string>;
  /** Why the list is empty because of a rule (first meeting in person), if it is. */
  reason?: string | null;
}

function week(ctx: WebContext, base: string, w: WeekChoice): SafeHtml {
  if (w.reason) return html`<p>${w.reason}</p>`;
  return weekOfSlots(ctx, {
    view: w.view,
    days: w.days,
    zone: w.zone,
    slotHref: (start) => url(base, { ...w.params, start }),
    weekHref: (wk) => url(base, { ...w.params, week: wk }),
  });
}

export function rescheduleWeekPage(ctx: WebContext, p: Base & { when: string; week: WeekChoice }): SafeHtml {
  return page(ctx, p, ctx.t('me.chooseTimeFor', { when: p.when }), week(ctx, p.base, p.week));
}

export function rescheduleConfirmPage(
  ctx: WebContext,
  p: Base & { action: string; from: string; to: string; start: string; weekHref: string },
): SafeHtml {
  const t = ctx.t;
  return page(
    ctx,
    p,
    t('me.reschedule'),
    html`${summaryList([
      [t('me.currentTime'), p.from],
      [t('me.newTime'), p.to],
    ])}
${postButton(ctx, p.action, t('me.confirmReschedule'), { hidden: { start: p.start } })}
<p><a href="${p.weekHref}">${t('book.changeTime')}</a></p>`,
  );
}

export function cancelConfirmPage(ctx: WebContext, p: Base & { action: string; when: string }): SafeHtml {
  const t = ctx.t;
  return page(
    ctx,
    p,
    t('me.cancel'),
    html`<p>${t('me.confirmCancel', { when: p.when })}</p>
${postButton(ctx, p.action, t('me.confirmCancelButton'), { warning: true })}
<p><a href="${p.base}">${t('me.keep')}</a></p>`,
  );
}

export function bookTypeChoicePage(
  ctx: WebContext,
  p: Base & { caseworker: string | null; types: Array<{ id: string; label: string; minutes: number }> },
): SafeHtml {
  const t = ctx.t;
  return page(
    ctx,
    p,
    t('me.book'),
    html`${p.caseworker ? html`<p>${t('me.bookWith', { name: p.caseworker })}</p>` : ''}
<h2>${t('me.chooseType')}</h2>
<ul class="choices">${p.types.map((ty) => html`<li><a class="choice" href="${url(p.base, { view: 'book', type: ty.id })}">${ty.label}<span class="choice-detail">${t('common.minutes', { minutes: ty.minutes })}</span></a></li>`)}</ul>`,
  );
}

/** A GET form: choosing the mode changes which times exist, so it comes before the week. */
export function bookModePage(
  ctx: WebContext,
  p: Base & { what: string; typeId: string; options: RadioOption[] },
): SafeHtml {
  const t = ctx.t;
  return page(
    ctx,
    p,
    t('me.book'),
    html`${summaryList([[t('common.meeting'), p.what]])}
<form method="get" action="${p.base}">
<input type="hidden" name="view" value="book">
<input type="hidden" name="type" value="${p.typeId}">
${radioGroup({ name: 'mode', legend: t('me.chooseMode'), options: p.options })}
<button type="submit" class="button">${t('me.next')}</button>
</form>`,
  );
}

export function bookWeekPage(ctx: WebContext, p: Base & { what: string; how: string; week: WeekChoice }): SafeHtml {
  const t = ctx.t;
  return page(
    ctx,
    p,
    t('me.book'),
    html`${summaryList([
      [t('common.meeting'), p.what],
      [t('common.how'), p.how],
    ])}
<p><a href="${url(p.base, { view: 'book', type: p.week.params.type })}">${t('me.chooseMode')}</a></p>
${week(ctx, p.base, p.week)}`,
  );
}

export function bookConfirmPage(
  ctx: WebContext,
  p: Base & {
    action: string;
    what: string;
    how: string;
    when: string;
    hidden: Record<string, string>;
    weekHref: string;
  },
): SafeHtml {
  const t = ctx.t;
  return page(
    ctx,
    p,
    t('me.book'),
    html`${summaryList([
      [t('common.meeting'), p.what],
      [t('common.how'), p.how],
      [t('common.when'), p.when],
    ])}
${postButton(ctx, p.action, t('me.confirmBook'), { hidden: p.hidden })}
<p><a href="${p.weekHref}">${t('book.changeTime')}</a></p>`,
  );
}
