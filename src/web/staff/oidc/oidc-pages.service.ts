import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Config } from '../../../../config/config';
import { OidcClient, OidcRejectedError, OidcUnavailableError } from '../../../auth/oidc/oidc-client';
import { OidcSignInService } from '../../../auth/oidc/oidc-sign-in.service';
import { PENDING_SIGN_IN_MINUTES, PendingSignInSealer } from '../../../auth/oidc/pending-sign-in';
import { Clock } from '../../../common/clock';
import { DomainError, ErrorCode } from '../../../common/errors';
import { CONFIG } from '../../../common/injection-tokens';
import type { RequestContext } from '../../http/request-context';
import { viewedAt, type WebContext } from '../../ui/web-context';
import { safeNextPath, signedOutUrl, staffHomePath, staffSignInPath } from '../paths';
import { OidcOutcome } from './oidc.page';

/** What the controller does besides rendering: the pending sign-in's cookie, the new session's cookie. */
export interface OidcStep {
  outcome: OidcOutcome;
  /** Set the pending sign-in cookie to this sealed value. */
  pending?: string;
  /** The callback used (or refused) the pending sign-in: clear its cookie. */
  clearPending?: boolean;
  /** Signed in: set the session cookie. */
  sessionToken?: string;
  /** Move on to this URL by itself (a `Refresh` header), outside any form's navigation. */
  refresh?: string;
}

export interface CallbackInput {
  /** The callback's raw query string (code, state, iss; or error). */
  query: string;
  /** The pending sign-in cookie as sent. */
  sealed: string | undefined;
  /** The session cookie as sent: it ends when the new one starts (the session id changes at sign-in). */
  previousToken: string | null;
}

/** GET /staff/oidc/login and /staff/oidc/callback: the authorization code flow with PKCE, state and nonce. */
@Injectable()
export class OidcPagesService {
  private readonly sealer: PendingSignInSealer;

  constructor(
    private readonly client: OidcClient,
    private readonly signIns: OidcSignInService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.sealer = new PendingSignInSealer(config.TOKEN_SECRET);
  }

  /** Starts a sign-in: to the provider (303), keeping the PKCE verifier, state, nonce and `next` sealed in a cookie. */
  async login(rc: RequestContext, { next }: { next?: string }): Promise<OidcStep> {
    this.assertEnabled();
    const expiresAt = this.clock.now().getTime() + PENDING_SIGN_IN_MINUTES * 60_000;
    try {
      const { url, pending } = await this.client.begin(safeNextPath(next) ?? staffHomePath, expiresAt);
      return { outcome: { redirect: url }, pending: this.sealer.seal(pending) };
    } catch (err) {
      if (err instanceof OidcUnavailableError) return { outcome: this.unavailable(rc.page()) };
      throw err;
    }
  }

  /**
   * The provider's redirect back. The state must be the one sealed in this browser's cookie
   * (another browser's callback, an edited URL, an expired or missing cookie: refused, no session);
   * then the code is exchanged and the identity matched to an active caseworker.
   */
  async callback(rc: RequestContext, input: CallbackInput): Promise<OidcStep> {
    this.assertEnabled();
    // Its answer is shown at the sign-in page's address: the language switcher must not repeat the
    // callback's code and state in its links (nor lead back to a spent callback).
    const ctx = viewedAt(rc.page(), staffSignInPath);
    const pending = this.sealer.open(input.sealed, this.clock.now());
    const state = new URLSearchParams(input.query).get('state');
    if (!pending || !state || !sameString(state, pending.state))
      return { outcome: this.failed(ctx), clearPending: true };
    try {
      const identity = await this.client.complete(input.query, pending);
      const result = await this.signIns.signIn(identity, input.previousToken ?? undefined);
      if (!result.signedIn) return { outcome: this.refused(ctx), clearPending: true };
      return { outcome: { redirect: pending.next }, clearPending: true, sessionToken: result.token };
    } catch (err) {
      if (err instanceof OidcUnavailableError) return { outcome: this.unavailable(ctx), clearPending: true };
      if (err instanceof OidcRejectedError) return { outcome: this.failed(ctx), clearPending: true };
      throw err;
    }
  }

  /**
   * After POST /staff/sign-out of an oidc session: "signed out of Samtal", and on at once to the
   * provider's end-session endpoint (with our client_id and the way back to the sign-in page), with
   * a link for a browser that does not follow the `Refresh` header. Opening it by hand only asks the
   * provider to sign out, which the provider confirms with its own page.
   */
  async signedOut(rc: RequestContext): Promise<OidcStep> {
    this.assertEnabled();
    const url = await this.client.endSessionUrl();
    if (!url) return { outcome: { redirect: signedOutUrl } };
    const ctx = rc.page();
    const provider = this.config.OIDC_PROVIDER_NAME;
    return {
      outcome: {
        ctx,
        page: 'message',
        view: {
          title: ctx.t('oidc.signedOutTitle'),
          body: ctx.t('oidc.signedOutBody', { provider }),
          link: { href: url, label: ctx.t('oidc.signOutAtProvider', { provider }) },
        },
      },
      refresh: url,
    };
  }

  /** Without OIDC_ISSUER these routes do not exist. */
  private assertEnabled(): void {
    if (!this.client.enabled) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
  }

  private refused(ctx: WebContext): OidcOutcome {
    return this.message(ctx, 403, 'oidc.refusedTitle', 'oidc.refusedBody');
  }

  private failed(ctx: WebContext): OidcOutcome {
    return this.message(ctx, 400, 'oidc.failedTitle', 'oidc.failedBody');
  }

  private unavailable(ctx: WebContext): OidcOutcome {
    const body = this.config.STAFF_EMAIL_SIGN_IN ? 'oidc.unavailableBody' : 'oidc.unavailableBodyNoEmail';
    return this.message(ctx, 503, 'oidc.unavailableTitle', body);
  }

  private message(
    ctx: WebContext,
    status: number,
    title: 'oidc.refusedTitle' | 'oidc.failedTitle' | 'oidc.unavailableTitle',
    body: 'oidc.refusedBody' | 'oidc.failedBody' | 'oidc.unavailableBody' | 'oidc.unavailableBodyNoEmail',
  ): OidcOutcome {
    const provider = this.config.OIDC_PROVIDER_NAME;
    return {
      ctx,
      page: 'message',
      status,
      view: {
        title: ctx.t(title, { provider }),
        body: ctx.t(body, { provider }),
        link: { href: staffSignInPath, label: ctx.t('oidc.backToSignIn') },
      },
    };
  }
}

function sameString(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
