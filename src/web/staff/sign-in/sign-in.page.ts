import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';
import { csrfInput, errorSummary, notice, postButton, textField } from '../../ui/components';
import { html, SafeHtml } from '../../ui/html';
import { layout } from '../../ui/layout';
import type { WebContext } from '../../ui/web-context';

/** The staff pages before sign-in name the product, not a unit: nobody is known yet. */
export const STAFF_SITE_NAME = 'Samtal';

export interface SignInView {
  /** "Sign in with <provider>" when OpenID Connect is configured. */
  oidc: { href: string; label: string } | null;
  /** The email form when email sign-in is on. */
  email: { action: string; next: string | null; value: string; error: string | null } | null;
  notice: { kind: 'status' | 'alert'; message: string } | null;
}

/** GET /staff/sign-in: the provider's button first (the way most staff come in), then the email link. */
export function signInPage(ctx: WebContext, v: SignInView): SafeHtml {
  const t = ctx.t;
  const email = v.email;
  const form = email
    ? html`<h2>${t('signIn.emailHeading')}</h2>
<form method="post" action="${email.action}" novalidate>
${csrfInput(ctx, email.action)}
${email.next ? html`<input type="hidden" name="next" value="${email.next}">` : ''}
${textField({
  id: 'email',
  label: t('signIn.emailLabel'),
  type: 'email',
  value: email.value,
  hint: t('signIn.emailHint'),
  error: email.error ?? undefined,
  autocomplete: 'email',
  maxlength: 254,
})}
<button type="submit" class="button${v.oidc ? ' button-secondary' : ''}">${t('signIn.emailButton')}</button>
</form>`
    : '';
  const body = html`<h1>${t('signIn.title')}</h1>
${email?.error ? errorSummary(ctx, [{ field: 'email', message: email.error }]) : ''}
${v.notice ? notice(v.notice.kind, v.notice.message) : ''}
<p>${t('signIn.intro')}</p>
${v.oidc ? html`<p><a class="button" href="${v.oidc.href}">${v.oidc.label}</a></p>` : ''}
${form}`;
  return layout(ctx, { title: t('signIn.title'), siteName: STAFF_SITE_NAME, body });
}

/** The answer to POST /staff/sign-in/email, the same whether or not the address is known. */
export function signInSentPage(ctx: WebContext, v: { again: string }): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('signIn.sentTitle')}</h1>
${notice('status', t('signIn.sentBody'))}
<p>${t('signIn.sentHelp')}</p>
<p><a href="${v.again}">${t('signIn.again')}</a></p>`;
  return layout(ctx, { title: t('signIn.sentTitle'), siteName: STAFF_SITE_NAME, body });
}

/** GET of a mailed link: one button, since only the POST signs in (mail scanners open every link). */
export function signInLinkPage(ctx: WebContext, v: { action: string; next: string | null }): SafeHtml {
  const t = ctx.t;
  const body = html`<h1>${t('signIn.linkTitle')}</h1>
<p>${t('signIn.linkBody')}</p>
${postButton(ctx, v.action, t('signIn.linkButton'), { hidden: v.next ? { next: v.next } : {} })}`;
  return layout(ctx, { title: t('signIn.linkTitle'), siteName: STAFF_SITE_NAME, body });
}

export const SIGN_IN_PAGES = {
  ...SHARED_PAGES,
  signIn: signInPage,
  sent: signInSentPage,
  link: signInLinkPage,
};

/** A sign-in that worked: the redirect, and the new session for the controller to put in the cookie. */
export interface SignedIn extends Redirect {
  session: { token: string; expiresAt: Date };
}

export type SignInOutcome = ViewsOf<typeof SIGN_IN_PAGES> | Redirect | SignedIn;
