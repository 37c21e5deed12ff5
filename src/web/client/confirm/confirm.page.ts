import { html, SafeHtml } from '../../ui/html';
import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { notice, postButton, summaryList } from '../../ui/components';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';

export interface ConfirmView {
  siteName: string;
  /** The unit's own number, for the footer's "Call us at …". */
  unitPhone?: string | null;
  what: string;
  when: string;
  where: string;
  how: string;
}

/**
 * The held booking and one button. Only the button (a POST) confirms: mail security scanners open
 * every link in a mail, and a booking made in someone else's name must not confirm itself.
 */
export function confirmPage(ctx: WebContext, v: ConfirmView & { action: string; heldUntil: string }): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('confirm.heldTitle')}</h1>
<p>${t('confirm.heldBody', { time: v.heldUntil })}</p>
${details(ctx, v)}
${postButton(ctx, v.action, t('confirm.button'))}`;
  return layout(ctx, { title: t('confirm.heldTitle'), siteName: v.siteName, unitPhone: v.unitPhone, body });
}

/** `justNow`: the reader pressed the button a moment ago (the redirect after it), so it is announced. */
export function confirmedPage(ctx: WebContext, v: ConfirmView & { justNow: boolean }): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('confirm.doneTitle')}</h1>
${v.justNow ? notice('status', t('confirm.doneBody')) : html`<p>${t('confirm.doneBody')}</p>`}
${details(ctx, v)}`;
  return layout(ctx, { title: t('confirm.doneTitle'), siteName: v.siteName, unitPhone: v.unitPhone, body });
}

function details(ctx: WebContext, v: Pick<ConfirmView, 'what' | 'when' | 'where' | 'how'>): SafeHtml {
  const t = ctx.t;
  return summaryList([
    [t('common.meeting'), v.what],
    [t('common.when'), v.when],
    [t('common.how'), v.how],
    ...(v.where ? [[t('common.where'), v.where] as [string, string]] : []),
  ]);
}

export const CONFIRM_PAGES = { ...SHARED_PAGES, confirm: confirmPage, confirmed: confirmedPage };
export type ConfirmOutcome = ViewsOf<typeof CONFIRM_PAGES> | Redirect;
