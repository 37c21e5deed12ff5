import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';

/** Sign-out answers with a redirect, or the shared CSRF page. GET /staff is the calendar now. */
export const SIGN_OUT_PAGES = { ...SHARED_PAGES };
export type SignOutOutcome = ViewsOf<typeof SIGN_OUT_PAGES> | Redirect;
