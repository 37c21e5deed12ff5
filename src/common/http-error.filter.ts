import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode, httpStatusOf } from './errors';

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  [extra: string]: unknown;
}

/** The one place where any error becomes the documented body `{ statusCode, code, message }`. */
export function toErrorBody(err: unknown): ErrorBody {
  if (err instanceof DomainError) {
    return { statusCode: httpStatusOf(err.code), code: err.code, message: err.message, ...err.details };
  }
  if (err instanceof HttpException) return fromHttpException(err);
  if (isConnectionFailure(err)) {
    return {
      ...body(ErrorCode.UNAVAILABLE, 'The service is unavailable for a moment. Please try again shortly.'),
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    };
  }
  if (err instanceof QueryFailedError) {
    const pgCode = (err.driverError as { code?: string } | undefined)?.code;
    // 23P01: exclusion violation — the database refused an overlapping booking.
    if (pgCode === '23P01') return body(ErrorCode.SLOT_TAKEN, 'That time was just taken. Please choose another.');
    // 22007/22008: an instant PostgreSQL cannot store (e.g. year 10000).
    if (pgCode === '22007' || pgCode === '22008') return body(ErrorCode.VALIDATION_FAILED, 'A date is out of range.');
  }
  const bodyParserType = (err as { type?: string } | null)?.type;
  if (bodyParserType === 'entity.too.large')
    return body(ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large (limit 100 kB).');
  if (bodyParserType === 'entity.parse.failed')
    return body(ErrorCode.VALIDATION_FAILED, 'The request body is not valid JSON.');
  if (bodyParserType) return body(ErrorCode.VALIDATION_FAILED, 'The request body could not be read.');
  return body(ErrorCode.INTERNAL, 'Something went wrong on our side.');
}

/**
 * Retry-After of an UNAVAILABLE that names no time of its own (docs/api.md: it is always set), e.g. the
 * database: a restart or failover takes seconds.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);
/**
 * SQLSTATEs of a server that is going away or not there yet: 57P01 admin shutdown (a fast stop
 * terminates every session), 57P02 crash shutdown, 57P03 cannot connect now (starting up or
 * shutting down), 53300 too many connections; class 08 is "connection exception".
 */
const SERVER_GONE = new Set(['57P01', '57P02', '57P03', '53300']);
/** node-postgres and pg-pool name these failures in the message only; they carry no code. */
const DRIVER_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

/**
 * The database (or another dependency) could not be reached or dropped the connection: a refused
 * or reset socket, a terminated session, a server shutting down or starting up, or no pool
 * connection in time. Nothing the request did was wrong and a retry soon will work, so this is
 * 503 UNAVAILABLE, not 500. TypeORM wraps the driver's error (driverError), Node's happy-eyeballs
 * connect an AggregateError (errors), pg-pool its timeout (cause); all are looked into.
 */
export function isConnectionFailure(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 4) return false;
  const e = err as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; errors?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  if (NETWORK_CODES.has(code) || SERVER_GONE.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
  if (typeof e.message === 'string' && DRIVER_MESSAGES.test(e.message)) return true;
  const inner = [e.driverError, e.cause, ...(Array.isArray(e.errors) ? (e.errors as unknown[]) : [])];
  return inner.some((x) => isConnectionFailure(x, depth + 1));
}

function body(code: ErrorCode, message: string): ErrorBody {
  return { statusCode: httpStatusOf(code), code, message };
}

function fromHttpException(err: HttpException): ErrorBody {
  const status = err.getStatus();
  const response = err.getResponse() as string | { message?: string | string[] };
  const raw = typeof response === 'string' ? response : response.message;
  const message = Array.isArray(raw) ? raw.join('; ') : (raw ?? err.message);
  const code = codeForStatus(status);
  return { statusCode: httpStatusOf(code), code, message };
}

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return ErrorCode.UNAUTHENTICATED;
    case 403:
      return ErrorCode.FORBIDDEN;
    case 404:
    case 405:
      return ErrorCode.NOT_FOUND;
    case 413:
      return ErrorCode.PAYLOAD_TOO_LARGE;
    case 429:
      return ErrorCode.RATE_LIMITED;
    case 503:
      return ErrorCode.UNAVAILABLE;
    default:
      return status >= 500 ? ErrorCode.INTERNAL : ErrorCode.VALIDATION_FAILED;
  }
}

/**
 * 5xx answers are logged. An outage as one warning line without a stack: during one, every request
 * fails the same way, and hundreds of stacks of one refused connection would bury the rest. The
 * video server being down is not logged here at all: the video provider reports it, once and then
 * in summaries, however often the join page asks again.
 */
export function logServerError(logger: Logger, err: unknown, errorBody: ErrorBody): void {
  if (errorBody.statusCode < 500 || errorBody.code === ErrorCode.VIDEO_UNAVAILABLE) return;
  const message = (err instanceof Error && (err.message || (err as { code?: string }).code)) || 'unknown error';
  if (errorBody.code === ErrorCode.UNAVAILABLE) logger.warn(`unavailable: ${message}`);
  else logger.error(message, err instanceof Error ? err.stack : undefined);
}

/** The Retry-After an error answer carries, if any. */
export function retryAfterOf(errorBody: ErrorBody): number | null {
  const given = typeof errorBody.retryAfterSeconds === 'number' ? errorBody.retryAfterSeconds : null;
  if (errorBody.code === ErrorCode.UNAVAILABLE) return given ?? UNAVAILABLE_RETRY_AFTER_SECONDS;
  if (errorBody.code === ErrorCode.RATE_LIMITED || errorBody.code === ErrorCode.VIDEO_UNAVAILABLE) return given;
  return null;
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const errorBody = toErrorBody(err);
    logServerError(this.logger, err, errorBody);
    if (res.headersSent) return;
    const retryAfter = retryAfterOf(errorBody);
    if (retryAfter !== null) res.setHeader('Retry-After', String(retryAfter));
    res.status(errorBody.statusCode).json(errorBody);
  }
}
