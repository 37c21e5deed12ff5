import { Param, ParseUUIDPipe } from '@nestjs/common';
import { DomainError, ErrorCode } from './errors';

/** A path id that is not a UUID cannot name anything: 404, like any unknown id. */
export const UuidParam = (name: string) =>
  Param(name, new ParseUUIDPipe({ exceptionFactory: () => new DomainError(ErrorCode.NOT_FOUND, 'Not found') }));
