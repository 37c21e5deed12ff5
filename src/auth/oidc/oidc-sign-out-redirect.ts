import { Injectable } from '@nestjs/common';
import type { SignOutRedirect } from '../sign-out-redirect';
import type { EndedSession } from '../staff-sessions.service';
import { OidcClient } from './oidc-client';

/** The page that sends the browser on to the provider's end-session endpoint (see OidcPagesService.signedOut). */
export const OIDC_SIGNED_OUT_PATH = '/staff/oidc/signed-out';

/**
 * RP-initiated logout: a session that began at the provider also ends there (its end-session
 * endpoint, when the provider has one), so the next person at this computer is not signed straight
 * back in. Email-link sessions, and providers without the endpoint: the sign-in page.
 *
 * Not the provider's URL itself: the sign-out is a form, and browsers hold a form's redirects to
 * the page's CSP `form-action 'self'`, so a 303 from POST /staff/sign-out to another origin is
 * blocked. It goes to our own page, which moves on to the provider outside the form's navigation.
 */
@Injectable()
export class OidcSignOutRedirect implements SignOutRedirect {
  constructor(private readonly client: OidcClient) {}

  async after(ended: EndedSession): Promise<string | null> {
    if (ended.method !== 'oidc') return null;
    return (await this.client.endSessionUrl()) ? OIDC_SIGNED_OUT_PATH : null;
  }
}
