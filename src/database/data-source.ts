import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { SnakeNamingStrategy } from './snake-naming.strategy';

/** `entities`: the app's registry (src/app.entities.ts); database/ does not import the features. */
export function dataSourceOptions(
  url: string,
  entities: NonNullable<DataSourceOptions['entities']>,
  poolSize = 10,
): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: false,
    poolSize,
    // Without a bound, a request waits forever for a pool connection (default 0): a server that
    // does not answer, or a pool that stays full, then hangs requests instead of answering
    // 503 UNAVAILABLE (pg-pool's "timeout exceeded when trying to connect").
    connectTimeoutMS: 10_000,
    extra: {
      application_name: 'samtal',
      // The hot paths' named statements (prepared-query.ts) are planned once per connection, not on
      // every call: left to itself, PostgreSQL re-planned each of them every time (its estimate for a
      // plan of any ids and range came out above the plan for the given ones), and planning cost
      // more than running (0.45 of 0.8 ms for a slot search). On 1.8 million appointments each one's
      // generic plan was as fast as the custom one or faster (the staff week's read was rewritten for
      // it). TypeORM's one-off statements are planned once either way.
      options: '-c plan_cache_mode=force_generic_plan',
    },
  };
}

export async function runMigrations(url: string): Promise<string[]> {
  // Migrations are SQL of their own; they need no entity metadata.
  const ds = new DataSource(dataSourceOptions(url, [], 2));
  await ds.initialize();
  try {
    // Several instances may boot at once: an advisory lock lets one migrate while the others wait.
    await ds.query('SELECT pg_advisory_lock(726354)');
    try {
      const done = await ds.runMigrations({ transaction: 'each' });
      return done.map((m) => m.name);
    } finally {
      await ds.query('SELECT pg_advisory_unlock(726354)');
    }
  } finally {
    await ds.destroy();
  }
}
