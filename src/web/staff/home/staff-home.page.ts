import { SHARED_PAGES } from '../../http/message-pages';
import type { Redirect, ViewsOf } from '../../http/page-response';

/** Sign-out answers with a redirect, or the shared CSRF page. GET /staff is the calendar now. */
export const STAFF_HOME_PAGES = { ...SHARED_PAGES };
export type StaffHomeOutcome = ViewsOf<typeof STAFF_HOME_PAGES> | Redirect;
