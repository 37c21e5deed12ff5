import { BadRequestException, Logger, NotFoundException } from '@nestjs/common';
import { DatabaseError } from 'pg';
import { QueryFailedError, TypeORMError } from 'typeorm';
import { DomainError, ErrorCode } from './errors';
import { isConnectionFailure, logServerError, retryAfterOf, toErrorBody } from './http-error.filter';

describe('toErrorBody', () => {
  it('maps a domain error to its status and keeps its details', () => {
    const body = toErrorBody(
      new DomainError(ErrorCode.JOIN_NOT_OPEN, 'not yet', { opensAt: '2026-12-01T07:45:00.000Z' }),
    );
    expect(body).toEqual({
      statusCode: 403,
      code: 'JOIN_NOT_OPEN',
      message: 'not yet',
      opensAt: '2026-12-01T07:45:00.000Z',
    });
  });

  it('turns a PostgreSQL exclusion violation (23P01) into 409 SLOT_TAKEN', () => {
    const err = new QueryFailedError(
      'INSERT',
      [],
      Object.assign(new Error('conflicting key value'), { code: '23P01' }),
    );
    expect(toErrorBody(err)).toMatchObject({ statusCode: 409, code: 'SLOT_TAKEN' });
  });

  it('maps validation and routing exceptions to documented codes', () => {
    expect(toErrorBody(new BadRequestException(['a must be a string']))).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      message: 'a must be a string',
    });
    expect(toErrorBody(new NotFoundException())).toMatchObject({ statusCode: 404, code: 'NOT_FOUND' });
  });

  it('maps body-parser failures', () => {
    expect(toErrorBody({ type: 'entity.too.large' })).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(toErrorBody({ type: 'entity.parse.failed' })).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
  });

  it('never leaks an unknown error message', () => {
    expect(toErrorBody(new Error('password=hunter2'))).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: 'Something went wrong on our side.',
    });
  });
});

/** Errors as node-postgres, pg-pool, Node's net and TypeORM raise them when the database is away. */
const pgError = (code: string, message: string) => Object.assign(new DatabaseError(message, 100, 'error'), { code });
const netError = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, syscall: 'connect' });
const query = (driverError: Error) => new QueryFailedError('SELECT 1', [], driverError);

describe('database outages are 503 UNAVAILABLE, not 500', () => {
  it.each([
    ['a refused connection (server stopped)', netError('ECONNREFUSED')],
    [
      'a refused connection to every address (happy eyeballs)',
      new AggregateError([netError('ECONNREFUSED'), netError('ECONNREFUSED')], 'connect failed'),
    ],
    ['a reset socket', netError('ECONNRESET')],
    [
      'a query on a session the server terminated (57P01, fast shutdown)',
      query(pgError('57P01', 'terminating connection due to administrator command')),
    ],
    [
      'a crash shutdown (57P02)',
      query(pgError('57P02', 'terminating connection because of crash of another server process')),
    ],
    ['a server starting up or shutting down (57P03)', pgError('57P03', 'the database system is starting up')],
    ['a full server (53300)', pgError('53300', 'sorry, too many clients already')],
    ['a connection exception (class 08)', query(pgError('08006', 'connection failure'))],
    ['a connection that ended under a query', query(new Error('Connection terminated unexpectedly'))],
    ['a client the pool had lost', query(new Error('Client has encountered a connection error and is not queryable'))],
    ['no pool connection in time', new Error('timeout exceeded when trying to connect')],
    [
      'a connect that timed out',
      new Error('Connection terminated due to connection timeout', { cause: new Error('timeout expired') }),
    ],
  ])('%s', (_what, err) => {
    expect(isConnectionFailure(err)).toBe(true);
    expect(toErrorBody(err)).toEqual({
      statusCode: 503,
      code: 'UNAVAILABLE',
      message: expect.any(String) as unknown,
      retryAfterSeconds: 5,
    });
  });

  it.each([
    ['an exclusion violation', query(pgError('23P01', 'conflicting key value')), 'SLOT_TAKEN'],
    ['a unique violation', query(pgError('23505', 'duplicate key value')), 'INTERNAL'],
    ['a syntax error', query(pgError('42601', 'syntax error at or near')), 'INTERNAL'],
    [
      'a query cancelled by statement_timeout',
      query(pgError('57014', 'canceling statement due to statement timeout')),
      'INTERNAL',
    ],
    ['a data source used after shutdown', new TypeORMError('Driver not Connected'), 'INTERNAL'],
    ['an unrelated error', new Error('Cannot read properties of undefined'), 'INTERNAL'],
  ])('%s is not an outage', (_what, err, code) => {
    expect(isConnectionFailure(err)).toBe(false);
    expect(toErrorBody(err).code).toBe(code);
  });

  it('looks only a few causes deep (a cycle cannot loop)', () => {
    const a = new Error('a') as Error & { cause?: unknown };
    a.cause = a;
    expect(isConnectionFailure(a)).toBe(false);
  });
});

describe('retryAfterOf', () => {
  it('always gives UNAVAILABLE a Retry-After, its own or the default', () => {
    expect(retryAfterOf({ statusCode: 503, code: ErrorCode.UNAVAILABLE, message: '' })).toBe(5);
    expect(retryAfterOf({ statusCode: 503, code: ErrorCode.UNAVAILABLE, message: '', retryAfterSeconds: 30 })).toBe(30);
  });

  it('gives the rate limit and the video service theirs, and other errors none', () => {
    expect(retryAfterOf({ statusCode: 429, code: ErrorCode.RATE_LIMITED, message: '', retryAfterSeconds: 42 })).toBe(
      42,
    );
    expect(
      retryAfterOf({ statusCode: 503, code: ErrorCode.VIDEO_UNAVAILABLE, message: '', retryAfterSeconds: 15 }),
    ).toBe(15);
    expect(retryAfterOf({ statusCode: 500, code: ErrorCode.INTERNAL, message: '' })).toBeNull();
  });
});

describe('logServerError', () => {
  const logger = () => ({ warn: jest.fn(), error: jest.fn() });

  it('logs an outage as one warning line, without a stack', () => {
    const l = logger();
    const err = Object.assign(new AggregateError([], ''), { code: 'ECONNREFUSED' });
    logServerError(l as unknown as Logger, err, toErrorBody(err));
    expect(l.warn).toHaveBeenCalledWith('unavailable: ECONNREFUSED');
    expect(l.error).not.toHaveBeenCalled();
  });

  it('leaves the video server being down to the video provider (no line, no stack for each join)', () => {
    const l = logger();
    const err = new DomainError(ErrorCode.VIDEO_UNAVAILABLE, 'The video service is not available right now.', {
      retryAfterSeconds: 15,
    });
    logServerError(l as unknown as Logger, err, toErrorBody(err));
    expect(l.error).not.toHaveBeenCalled();
    expect(l.warn).not.toHaveBeenCalled();
  });

  it('logs other server errors with their stack, and client errors not at all', () => {
    const l = logger();
    const err = new Error('boom');
    logServerError(l as unknown as Logger, err, toErrorBody(err));
    expect(l.error).toHaveBeenCalledWith('boom', err.stack);
    logServerError(l as unknown as Logger, new NotFoundException(), toErrorBody(new NotFoundException()));
    expect(l.error).toHaveBeenCalledTimes(1);
    expect(l.warn).not.toHaveBeenCalled();
  });
});
