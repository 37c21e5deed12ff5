import { MessageView, messagePage } from '../ui/message.page';
import type { WebContext } from '../ui/web-context';
import type { PageResult, PageView } from './page-response';

/** The pages every wing can answer with; a wing's table of pages includes these. */
export const SHARED_PAGES = { message: messagePage };

export type MessageOutcome = PageView<'message', MessageView>;

/** A form posted without a valid token (an old tab, a cleared cookie, another site): say so and lead back. */
export function csrfRefused(
  ctx: WebContext,
  p: { siteName: string; link: { href: string; label: string } },
): MessageOutcome {
  return {
    ctx,
    page: 'message',
    status: 403,
    view: { title: ctx.t('page.csrfTitle'), body: ctx.t('page.csrfBody'), ...p },
  };
}

export function notFoundPage(ctx: WebContext): PageResult {
  return {
    status: 404,
    body: messagePage(ctx, { title: ctx.t('page.notFoundTitle'), body: ctx.t('page.notFoundBody') }),
  };
}

export function rateLimitedPage(ctx: WebContext, seconds: number): PageResult {
  return {
    status: 429,
    body: messagePage(ctx, { title: ctx.t('page.rateLimitedTitle'), body: ctx.t('page.rateLimitedBody', { seconds }) }),
  };
}

/**
 * The database (or the rate-limit store, for bookings) is briefly out of reach: a calm page that
 * asks for a minute, not "something went wrong". A minute, not the header's seconds: people
 * should not sit and count.
 */
export function unavailablePage(ctx: WebContext): PageResult {
  return {
    status: 503,
    body: messagePage(ctx, { title: ctx.t('page.unavailableTitle'), body: ctx.t('page.unavailableBody') }),
  };
}

export function errorPage(ctx: WebContext, status: number): PageResult {
  return { status, body: messagePage(ctx, { title: ctx.t('page.errorTitle'), body: ctx.t('page.errorBody') }) };
}
