import { displayPhone } from '../../common/phone-number';
import { html, HtmlValue, SafeHtml, url } from './html';
import { LANGUAGE_NAMES, LOCALES } from '../i18n';
import type { WebContext } from './web-context';

export interface LayoutInput {
  title: string;
  /** The unit's neutral public name; discreet by design (see docs/product-rules.md, rule 8). */
  siteName?: string;
  body: HtmlValue;
  /** Our own scripts only (CSP: script-src 'self'). */
  scripts?: string[];
  /** `<meta name content>` in the head, e.g. the staff pages' `csrf-token` for their API calls. */
  meta?: Record<string, string>;
  /** The staff workspace's frame: a wide page, its navigation in the header, no client footer. */
  staff?: { nav: HtmlValue };
  /** The unit's own number (E.164): the client pages' footer says "Call us at …" with a tel: link. */
  unitPhone?: string | null;
}

/** The frame of every page: skip link, site name, language switcher, one <main>. */
export function layout(ctx: WebContext, p: LayoutInput): SafeHtml {
  const title = p.siteName ? `${p.title} — ${p.siteName}` : p.title;
  return html`<!doctype html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
${Object.entries(p.meta ?? {}).map(([name, content]) => html`<meta name="${name}" content="${content}">`)}
<link rel="icon" href="/assets/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="/assets/samtal.css">
${(p.scripts ?? []).map((s) => html`<script src="${s}" defer></script>`)}
</head>
<body${p.staff ? html` class="staff"` : ''}>
<a class="skip-link" href="#main">${ctx.t('layout.skip')}</a>
<header class="site-header">
<div class="wrap">
${p.siteName ? html`<p class="site-name">${p.siteName}</p>` : ''}
${p.staff?.nav ?? ''}
<nav aria-label="${ctx.t('layout.language')}">
<ul class="languages">
${LOCALES.map((l) => html`<li><a href="${url(ctx.path, { ...ctx.query, lang: l })}" lang="${l}" hreflang="${l}"${l === ctx.locale ? html` aria-current="true"` : ''}>${LANGUAGE_NAMES[l]}</a></li>`)}
</ul>
</nav>
</div>
</header>
<main id="main" class="wrap" tabindex="-1">
${p.body}
</main>
${p.staff ? '' : html`<footer class="site-footer"><div class="wrap"><p>${ctx.t('layout.footer')}</p>${p.unitPhone ? html`<p>${ctx.t('layout.callUs')} <a href="tel:${p.unitPhone}">${displayPhone(p.unitPhone)}</a></p>` : ''}</div></footer>`}
</body>
</html>`;
}
