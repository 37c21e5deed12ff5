import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';

/** The OpenID Connect routes answer with a redirect or a message page (refused, unavailable, failed). */
export const OIDC_PAGES = { ...SHARED_PAGES };
export type OidcOutcome = ViewsOf<typeof OIDC_PAGES> | Redirect;
