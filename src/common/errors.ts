/**
 * Every error the API answers with has one of these codes (see docs/api.md).
 * Domain code throws DomainError; the one exception filter maps the code to the HTTP status.
 */
export enum ErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  SLOT_TAKEN = 'SLOT_TAKEN',
  IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED',
  SLOT_UNAVAILABLE = 'SLOT_UNAVAILABLE',
  FIRST_MEETING_IN_PERSON = 'FIRST_MEETING_IN_PERSON',
  MODE_NOT_ALLOWED = 'MODE_NOT_ALLOWED',
  CHANGE_WINDOW_CLOSED = 'CHANGE_WINDOW_CLOSED',
  HOLD_EXPIRED = 'HOLD_EXPIRED',
  JOIN_NOT_OPEN = 'JOIN_NOT_OPEN',
  RATE_LIMITED = 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  CONFLICT = 'CONFLICT',
  /** Too many unconfirmed holds for this email or address (unit settings maxHoldsPerEmail, maxHoldsPerIp). */
  HOLD_LIMIT_REACHED = 'HOLD_LIMIT_REACHED',
  VIDEO_UNAVAILABLE = 'VIDEO_UNAVAILABLE',
  /** Not ready to serve (e.g. /health/ready while the database is unreachable). */
  UNAVAILABLE = 'UNAVAILABLE',
  INTERNAL = 'INTERNAL',
}

/**
 * What a refusal is about when its code alone does not say (CONFLICT covers several states): pages tell
 * them apart by this, never by the message's English. Not part of the API's answer (code and message).
 */
export enum ErrorReason {
  /** The caseworker is deactivated: takes no new meetings and gets no new tokens. */
  CASEWORKER_INACTIVE = 'CASEWORKER_INACTIVE',
  /** The meeting's caseworker was deactivated: it is reassigned first and takes no changes until then. */
  HANDED_OVER = 'HANDED_OVER',
  /** Only a confirmed meeting has an invite to send again. */
  NO_INVITE = 'NO_INVITE',
  /** Attendance is recorded once the meeting has started. */
  NOT_STARTED = 'NOT_STARTED',
}

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.VALIDATION_FAILED:
      return 400;
    case ErrorCode.UNAUTHENTICATED:
      return 401;
    case ErrorCode.FORBIDDEN:
    case ErrorCode.JOIN_NOT_OPEN:
      return 403;
    case ErrorCode.NOT_FOUND:
      return 404;
    case ErrorCode.SLOT_TAKEN:
    case ErrorCode.CONFLICT:
      return 409;
    case ErrorCode.HOLD_EXPIRED:
      return 410;
    case ErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case ErrorCode.IDEMPOTENCY_KEY_REUSED:
    case ErrorCode.SLOT_UNAVAILABLE:
    case ErrorCode.FIRST_MEETING_IN_PERSON:
    case ErrorCode.MODE_NOT_ALLOWED:
    case ErrorCode.CHANGE_WINDOW_CLOSED:
      return 422;
    case ErrorCode.RATE_LIMITED:
    case ErrorCode.HOLD_LIMIT_REACHED:
      return 429;
    case ErrorCode.INTERNAL:
      return 500;
    case ErrorCode.VIDEO_UNAVAILABLE:
    case ErrorCode.UNAVAILABLE:
      return 503;
    default: {
      const unreachable: never = code;
      throw new Error(`unmapped error code ${String(unreachable)}`);
    }
  }
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Extra fields for the error body, e.g. `{ opensAt }` for JOIN_NOT_OPEN. */
    readonly details: Record<string, unknown> = {},
    /** Which refusal of its code this is, where pages say more than the code (ErrorReason). */
    readonly reason?: ErrorReason,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
