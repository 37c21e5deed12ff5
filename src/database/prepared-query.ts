import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Runs a named statement: PostgreSQL parses it once per connection and, with the connections'
 * plan_cache_mode (data-source.ts), plans it once too, instead of on every call. For the hot paths
 * (token check, slot search, booking, mail context), where planning cost more than executing.
 * Inside a transaction it runs on the transaction's connection.
 */
export async function preparedQuery<T>(
  db: DataSource,
  manager: EntityManager | undefined,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager?.queryRunner as { connect(): Promise<PoolClient> } | undefined;
  const target: Pool | PoolClient = runner ? await runner.connect() : (db.driver as unknown as { master: Pool }).master;
  const result = await target.query({ name, text, values });
  return result.rows as T[];
}

const names = new Map<string, string>();

/**
 * A name for a statement whose text is put together from parts (a few variants, e.g. a booking with
 * a new client or a known one): one name per distinct text, since a connection keeps each name's
 * first text.
 */
export function statementName(prefix: string, text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `${prefix}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}`;
    names.set(text, name);
  }
  return name;
}

/**
 * An entity from a `to_jsonb(row)` column of a raw query: JSON keys are column names, and instants
 * arrive as ISO strings. Lets one prepared query return several related entities at once.
 */
export function entityFromJson<T>(db: DataSource, entity: new () => T, json: Record<string, unknown>): T {
  const meta = db.getMetadata(entity);
  const out = meta.create() as T;
  for (const column of meta.columns) {
    const value = json[column.databaseName];
    column.setEntityValue(
      out as object,
      value != null && column.type === 'timestamptz' ? new Date(value as string) : value,
    );
  }
  return out;
}
