import { html, SafeHtml } from '../html';
import type { WebContext } from '../http/web-context';
import { notice, postButton, summaryList } from './components';
import { layout } from './layout';

export interface ConfirmView {
  siteName: string;
  action: string;
  what: string;
  when: string;
  where: string;
  how: string;
  /** "09:30": the hold's end, in the unit's zone. */
  confirmBy: string;
}

/** GET /confirm/:token: the booking and one button. Mail scanners follow links, so a GET never confirms. */
export function confirmPage(ctx: WebContext, v: ConfirmView): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('confirm.title')}</h1>
<p>${t('confirm.intro')}</p>
${details(ctx, v)}
<p>${t('confirm.deadline', { time: v.confirmBy })}</p>
${postButton(ctx, v.action, t('confirm.button'))}`;
  return layout(ctx, { title: t('confirm.title'), siteName: v.siteName, body });
}

export function confirmedPage(ctx: WebContext, v: Omit<ConfirmView, 'action' | 'confirmBy'>, justNow: boolean): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('confirm.doneTitle')}</h1>
${justNow ? notice('status', t('confirm.doneBody')) : html`<p>${t('confirm.doneBody')}</p>`}
${details(ctx, v)}`;
  return layout(ctx, { title: t('confirm.doneTitle'), siteName: v.siteName, body });
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
