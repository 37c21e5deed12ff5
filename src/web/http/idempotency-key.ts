import { createHash } from 'node:crypto';
import type { RequestContext } from './request-context';

/**
 * The Idempotency-Key of a page form. A double click or a reload of the same form replays the first
 * answer instead of tripping over our own hold (SLOT_TAKEN). The key covers the form's CSRF token
 * and the whole body, so a changed form (or the same one filled in again later) is a new booking.
 */
export function webIdempotencyKey(ctx: Pick<RequestContext, 'formToken'>, body: unknown): string {
  return `web-${createHash('sha256')
    .update(`${ctx.formToken}|${JSON.stringify(body)}`)
    .digest('hex')
    .slice(0, 48)}`;
}
