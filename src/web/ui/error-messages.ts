import { DomainError, ErrorCode } from '../../common/errors';
import type { MessageKey } from '../i18n';

/**
 * Domain errors become plain-language messages; the code itself is never shown. In redirects the
 * code travels as `?error=slot-taken` and is read back through this same table, so the query
 * string can only pick one of our own messages.
 */
const MESSAGES: Partial<Record<ErrorCode, MessageKey>> = {
  [ErrorCode.SLOT_TAKEN]: 'error.SLOT_TAKEN',
  [ErrorCode.SLOT_UNAVAILABLE]: 'error.SLOT_UNAVAILABLE',
  [ErrorCode.FIRST_MEETING_IN_PERSON]: 'error.FIRST_MEETING_IN_PERSON',
  [ErrorCode.MODE_NOT_ALLOWED]: 'error.MODE_NOT_ALLOWED',
  [ErrorCode.CHANGE_WINDOW_CLOSED]: 'error.CHANGE_WINDOW_CLOSED',
  [ErrorCode.CONFLICT]: 'error.CONFLICT',
  [ErrorCode.NOT_FOUND]: 'error.NOT_FOUND',
};

export function messageFor(code: string | undefined): MessageKey {
  return (code && MESSAGES[code as ErrorCode]) || 'error.GENERIC';
}

export function errorSlug(code: ErrorCode): string {
  return MESSAGES[code] ? code.toLowerCase().replace(/_/g, '-') : 'generic';
}

export function messageForSlug(slug: unknown): MessageKey | null {
  if (typeof slug !== 'string' || !/^[a-z-]{1,40}$/.test(slug)) return null;
  return messageFor(slug.toUpperCase().replace(/-/g, '_'));
}

/** Errors a page shows to the client as a message; anything else propagates (and becomes a 404/500 page). */
export function isUserFacing(err: unknown): err is DomainError {
  return err instanceof DomainError && err.code in MESSAGES && err.code !== ErrorCode.NOT_FOUND;
}
