import { QueryFailedError } from 'typeorm';

/**
 * Positional parameters of a statement put together from parts written by several owners (a
 * booking's one write: the appointment, its client, its audit event, its jobs): each part adds its
 * values here and writes the `$n` it gets back into its SQL.
 */
export class StatementParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast?: string): string {
    this.values.push(value);
    return `$${this.values.length}${cast ? `::${cast}` : ''}`;
  }
}

/**
 * A value of a part that is either known before the statement (a parameter) or decided by the
 * statement itself (`{ sql }`, e.g. the caseworker a booking's write chooses): SQL in place of `$n`.
 */
export type StatementValue = string | { sql: string };

/** The SQL of a StatementValue: its parameter, or its expression. */
export function valueSql(p: StatementParams, v: StatementValue, cast?: string): string {
  return typeof v === 'string' ? p.add(v, cast) : v.sql;
}

/**
 * One data-modifying CTE of such a statement (`INSERT …` or `UPDATE …`, without a RETURNING that
 * anyone reads). PostgreSQL runs all of a statement's CTEs against one snapshot and checks foreign
 * keys at its end, so the parts may insert rows that refer to each other.
 */
export type WritePart = (p: StatementParams) => string;

/** The SQLSTATE of a failed statement, from TypeORM's wrapper or straight from the pg driver (prepared statements). */
export function sqlState(err: unknown): string | undefined {
  const e: unknown = err instanceof QueryFailedError ? (err.driverError as unknown) : err;
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
