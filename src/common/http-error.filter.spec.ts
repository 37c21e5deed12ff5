import { BadRequestException, NotFoundException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { DomainError, ErrorCode } from './errors';
import { toErrorBody } from './http-error.filter';

describe('toErrorBody', () => {
  it('maps a domain error to its status and keeps its details', () => {
    const body = toErrorBody(new DomainError(ErrorCode.JOIN_NOT_OPEN, 'not yet', { opensAt: '2026-12-01T07:45:00.000Z' }));
    expect(body).toEqual({ statusCode: 403, code: 'JOIN_NOT_OPEN', message: 'not yet', opensAt: '2026-12-01T07:45:00.000Z' });
  });

  it('turns a PostgreSQL exclusion violation (23P01) into 409 SLOT_TAKEN', () => {
    const err = new QueryFailedError('INSERT', [], Object.assign(new Error('conflicting key value'), { code: '23P01' }));
    expect(toErrorBody(err)).toMatchObject({ statusCode: 409, code: 'SLOT_TAKEN' });
  });

  it('maps validation and routing exceptions to documented codes', () => {
    expect(toErrorBody(new BadRequestException(['a must be a string']))).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED', message: 'a must be a string' });
    expect(toErrorBody(new NotFoundException())).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('maps body-parser failures', () => {
    expect(toErrorBody({ type: 'entity.too.large' })).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(toErrorBody({ type: 'entity.parse.failed' })).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it('never leaks an unknown error message', () => {
    expect(toErrorBody(new Error('password=hunter2'))).toEqual({ statusCode: 500, code: 'INTERNAL', message: 'Something went wrong on our side.' });
  });
});
