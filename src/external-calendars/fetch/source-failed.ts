/** Why fetching an external calendar failed (stored with the connection, shown as lastError). */
export type SourceFailureCode =
  | 'timeout'
  | 'too-large'
  | 'http-status'
  | 'network'
  | 'tls'
  | 'bad-response'
  | 'too-many-redirects'
  | 'not-calendar'
  | 'not-caldav'
  | 'unauthorized';

/**
 * The source could not be read. The message is safe to show and store: it never contains the URL,
 * its query, or credentials (a published-calendar URL is itself a secret).
 */
export class SourceFailed extends Error {
  constructor(
    readonly code: SourceFailureCode,
    message: string,
    /** The HTTP status, for code 'http-status' (and 'unauthorized'). */
    readonly status?: number,
  ) {
    super(message);
    this.name = 'SourceFailed';
  }
}

export const UNAUTHORIZED_MESSAGE = 'The calendar server refused the username or password.';

export function httpStatusFailure(status: number): SourceFailed {
  if (status === 404 || status === 410) {
    return new SourceFailed('http-status', `The calendar was not found at that address (status ${status}).`, status);
  }
  if (status === 401 || status === 403) {
    return new SourceFailed('http-status', `The calendar server refused access (status ${status}).`, status);
  }
  if (status >= 500) {
    return new SourceFailed('http-status', `The calendar server had an error (status ${status}).`, status);
  }
  return new SourceFailed('http-status', `The calendar server answered with status ${status}.`, status);
}
