import { DomainError, ErrorCode } from './errors';

export interface Range {
  from: Date;
  to: Date;
}

/** Parses a validated `from`/`to` pair and refuses empty, reversed or oversized ranges. */
export function parseRange(q: { from: string; to: string }, maxDays: number): Range {
  const from = new Date(q.from);
  const to = new Date(q.to);
  if (!(to > from)) throw new DomainError(ErrorCode.VALIDATION_FAILED, '`to` must be after `from`.');
  if (to.getTime() - from.getTime() > maxDays * 86_400_000) {
    throw new DomainError(ErrorCode.VALIDATION_FAILED, `The range may span at most ${maxDays} days.`);
  }
  return { from, to };
}
