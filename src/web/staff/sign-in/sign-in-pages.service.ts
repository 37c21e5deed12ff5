import { Inject, Injectable } from '@nestjs/common';
import { isEmail } from 'class-validator';
import { createHash } from 'node:crypto';
import type { Config } from '../../../../config/config';
import { EmailSignInService } from '../../../auth/email-sign-in.service';
import { SignInLinkRequests } from '../../../auth/sign-in-link-requests';
import { CONFIG } from '../../../common/injection-tokens';
import { csrfRefused } from '../../http/message-pages';
import { RateLimiter } from '../../http/rate-limit';
import type { RequestContext } from '../../http/request-context';
import { url } from '../../ui/html';
import { viewedAt, type WebContext } from '../../ui/web-context';
import { safeNextPath, staffHomePath, staffSignInPath } from '../paths';
import { SignInOutcome, SignInView, STAFF_SITE_NAME } from './sign-in.page';

export const signInEmailPath = `${staffSignInPath}/email`;
export const signInLinkPath = (token: string) => `${staffSignInPath}/${token}`;
export const oidcLoginPath = '/staff/oidc/login';

/** The `?error=` codes the OpenID Connect wing may send the reader back with. */
const ERRORS = { not_set_up: 'signIn.notSetUp', failed: 'signIn.failed' } as const;

/**
 * GET /staff/sign-in, POST /staff/sign-in/email, GET and POST /staff/sign-in/:token. Nothing here
 * tells a known address from an unknown one: the answer page, its status and the work done before
 * it are the same; a dead link (wrong, used, expired, inactive) is one and the same 404 page.
 */
@Injectable()
export class SignInPagesService {
  private readonly emailOn: boolean;
  private readonly provider: string | null;

  constructor(
    @Inject(CONFIG) config: Config,
    private readonly signIns: EmailSignInService,
    private readonly linkRequests: SignInLinkRequests,
    private readonly limiter: RateLimiter,
  ) {
    this.emailOn = config.STAFF_EMAIL_SIGN_IN;
    this.provider = config.OIDC_ISSUER ? config.OIDC_PROVIDER_NAME : null;
  }

  /** Already signed in: on to the staff pages. `?signed_out=1` and `?error=` are shown as notices. */
  show(rc: RequestContext, { signedIn }: { signedIn: boolean }): SignInOutcome {
    const next = safeNextPath(rc.query.next);
    if (signedIn) return { redirect: next ?? staffHomePath };
    const ctx = rc.page();
    const code = rc.query.error;
    const error = code ? (ERRORS[code as keyof typeof ERRORS] ?? ERRORS.failed) : null;
    const notice: SignInView['notice'] = error
      ? { kind: 'alert', message: ctx.t(error) }
      : rc.query.signed_out
        ? { kind: 'status', message: ctx.t('signIn.signedOut') }
        : null;
    return this.form(ctx, { next, value: '', error: null, notice });
  }

  /**
   * Always the same answer page. Per email, at most `sign_in_email` requests per window are acted
   * on (whoever asks, from wherever): over that, the same page and nothing sent. The key is the
   * address's hash, so the rate-limit store holds no address.
   */
  async requestLink(rc: RequestContext, input: { email: string; next: string }): Promise<SignInOutcome> {
    if (!this.emailOn) return this.deadLink(rc);
    const next = safeNextPath(input.next);
    const ctx = rc.page();
    const email = input.email.trim().toLowerCase();
    if (email.length > 254 || !isEmail(email)) {
      const form = this.form(viewedAt(ctx, staffSignInPath, next ? { next } : {}), {
        next,
        value: input.email.slice(0, 254),
        error: ctx.t('field.email.invalid'),
        notice: null,
      });
      return { ...form, status: 400 };
    }
    const perEmail = await this.limiter.check('sign_in_email', createHash('sha256').update(email).digest('hex'));
    if (perEmail.allowed) await this.linkRequests.requestLink(email, next ?? undefined);
    return {
      ctx: viewedAt(ctx, staffSignInPath),
      page: 'sent',
      view: { again: url(staffSignInPath, { next }) },
    };
  }

  /** Shows the button; changes nothing (a mail scanner's GET must not use the link up). */
  async showLink(rc: RequestContext, { token }: { token: string }): Promise<SignInOutcome> {
    const staff = this.emailOn ? await this.signIns.usable(token) : null;
    if (!staff) return this.deadLink(rc);
    const ctx = rc.page({ clientLocale: staff.locale, unitDefault: staff.unitDefaultLocale });
    return { ctx, page: 'link', view: { action: signInLinkPath(token), next: safeNextPath(rc.query.next) } };
  }

  /** The button: uses the link up, starts a session (ending the browser's previous one), 303 to the staff pages. */
  async signIn(
    rc: RequestContext,
    input: { token: string; next: string; previousToken: string | null },
  ): Promise<SignInOutcome> {
    if (!this.emailOn) return this.deadLink(rc);
    const session = await this.signIns.signIn(input.token, input.previousToken ?? undefined);
    if (!session) return this.deadLink(rc);
    return { redirect: safeNextPath(input.next) ?? staffHomePath, session };
  }

  /**
   * A sign-in form posted without a valid token (PageFormGuard): back to the form, or for the link's
   * button, to the link. With email sign-in off, or a dead link, it is the one 404 page however it
   * is posted; only a live link explains the form.
   */
  async refusedForm(rc: RequestContext, form: { next: string } | { token: string }): Promise<SignInOutcome> {
    if (!this.emailOn) return this.deadLink(rc);
    if ('token' in form && !(await this.signIns.usable(form.token))) return this.deadLink(rc);
    const ctx = rc.page();
    const href = 'token' in form ? signInLinkPath(form.token) : url(staffSignInPath, { next: safeNextPath(form.next) });
    return csrfRefused(ctx, { siteName: STAFF_SITE_NAME, link: { href, label: ctx.t('common.back') } });
  }

  private form(
    ctx: WebContext,
    p: { next: string | null; value: string; error: string | null; notice: SignInView['notice'] },
  ): SignInOutcome {
    const view: SignInView = {
      oidc: this.provider
        ? { href: url(oidcLoginPath, { next: p.next }), label: ctx.t('signIn.oidc', { provider: this.provider }) }
        : null,
      email: this.emailOn ? { action: signInEmailPath, next: p.next, value: p.value, error: p.error } : null,
      notice: p.notice,
    };
    return { ctx, page: 'signIn', view };
  }

  /**
   * Wrong, used, expired, or its caseworker deactivated: one page, one status, byte for byte. Shown
   * as if at the sign-in page (its language links lead there), so it does not even echo the token.
   */
  private deadLink(rc: RequestContext): SignInOutcome {
    const ctx = viewedAt(rc.page(), staffSignInPath);
    const t = ctx.t;
    return {
      ctx,
      page: 'message',
      status: 404,
      view: {
        title: t('signIn.deadTitle'),
        body: t('signIn.deadBody'),
        siteName: STAFF_SITE_NAME,
        link: { href: staffSignInPath, label: t('signIn.again') },
      },
    };
  }
}
