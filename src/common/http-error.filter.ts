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
  if (err instanceof QueryFailedError) {
    const pgCode = (err.driverError as { code?: string } | undefined)?.code;
    // 23P01: exclusion violation — the database refused an overlapping booking.
    if (pgCode === '23P01') return body(ErrorCode.SLOT_TAKEN, 'That time was just taken. Please choose another.');
    // 22007/22008: an instant PostgreSQL cannot store (e.g. year 10000).
    if (pgCode === '22007' || pgCode === '22008') return body(ErrorCode.VALIDATION_FAILED, 'A date is out of range.');
  }
  const bodyParserType = (err as { type?: string } | null)?.type;
  if (bodyParserType === 'entity.too.large') return body(ErrorCode.PAYLOAD_TOO_LARGE, 'The request body is too large (limit 100 kB).');
  if (bodyParserType === 'entity.parse.failed') return body(ErrorCode.VALIDATION_FAILED, 'The request body is not valid JSON.');
  if (bodyParserType) return body(ErrorCode.VALIDATION_FAILED, 'The request body could not be read.');
  return body(ErrorCode.INTERNAL, 'Something went wrong on our side.');
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

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpErrorFilter');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const errorBody = toErrorBody(err);
    if (errorBody.statusCode >= 500) {
      this.logger.error(err instanceof Error ? err.message : 'unknown error', err instanceof Error ? err.stack : undefined);
    }
    if (res.headersSent) return;
    if (errorBody.code === ErrorCode.RATE_LIMITED || errorBody.code === ErrorCode.VIDEO_UNAVAILABLE) {
      const retryAfter = errorBody.retryAfterSeconds;
      if (typeof retryAfter === 'number') res.setHeader('Retry-After', String(retryAfter));
    }
    res.status(errorBody.statusCode).json(errorBody);
  }
}
