import { ErrorCode } from '../../../common/errors';
import type { MessageKey } from '../../i18n';
import { messageFor } from '../../ui/error-messages';
import type { WebContext } from '../../ui/web-context';

/** What staff are told when a rule says no: worded for the person booking, not for the client. */
const STAFF_REASONS: Partial<Record<string, MessageKey>> = {
  [ErrorCode.FIRST_MEETING_IN_PERSON]: 'book.reason.FIRST_MEETING_IN_PERSON',
  [ErrorCode.MODE_NOT_ALLOWED]: 'book.reason.MODE_NOT_ALLOWED',
  [ErrorCode.SLOT_TAKEN]: 'book.reason.SLOT_TAKEN',
  [ErrorCode.SLOT_UNAVAILABLE]: 'book.reason.SLOT_UNAVAILABLE',
  [ErrorCode.CONFLICT]: 'book.reason.CONFLICT',
  [ErrorCode.VALIDATION_FAILED]: 'book.reason.VALIDATION_FAILED',
};

export function staffReason(ctx: WebContext, code: string): string {
  return ctx.t(STAFF_REASONS[code] ?? messageFor(code));
}
