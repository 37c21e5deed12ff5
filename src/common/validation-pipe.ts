import { ValidationPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from './errors';

/** The one pipe for every body and query: unknown fields refused, each problem a VALIDATION_FAILED. */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) =>
      new DomainError(ErrorCode.VALIDATION_FAILED, errors.flatMap(flattenConstraints).join('; ') || 'Invalid input'),
  });
}

function flattenConstraints(e: {
  property: string;
  constraints?: Record<string, string>;
  children?: unknown[];
}): string[] {
  const own = Object.values(e.constraints ?? {});
  const nested = (e.children ?? []).flatMap((c) => flattenConstraints(c as typeof e)).map((m) => `${e.property}.${m}`);
  return [...own, ...nested];
}
