import { Injectable } from '@nestjs/common';
import type { EndedSession } from './staff-sessions.service';

/**
 * Where the browser goes after POST /staff/sign-out ended a session, when not to the sign-in page:
 * the one place for RP-initiated logout (an oidc session also signs out at the provider's
 * end-session endpoint). Null: the sign-in page's "You are signed out".
 */
export interface SignOutRedirect {
  after(ended: EndedSession): Promise<string | null>;
}

export const SIGN_OUT_REDIRECT = Symbol('SIGN_OUT_REDIRECT');

/** Without an identity provider: always the sign-in page. */
@Injectable()
export class NoSignOutRedirect implements SignOutRedirect {
  after(): Promise<string | null> {
    return Promise.resolve(null);
  }
}
