import { html, SafeHtml } from './html';
import type { WebContext } from './web-context';
import { layout } from './layout';

export interface MessageView {
  title: string;
  body: string;
  siteName?: string;
  /** The unit's own number, for the footer's "Call us at …". */
  unitPhone?: string | null;
  link?: { href: string; label: string };
}

/** A page that only says something: not found, too many requests, form expired, expired hold, errors. */
export function messagePage(ctx: WebContext, p: MessageView): SafeHtml {
  return layout(ctx, {
    title: p.title,
    siteName: p.siteName,
    unitPhone: p.unitPhone,
    body: html`<h1>${p.title}</h1>
<p>${p.body}</p>
${p.link ? html`<p><a class="button" href="${p.link.href}">${p.link.label}</a></p>` : ''}`,
  });
}
