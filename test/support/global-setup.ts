import { Client } from 'pg';
import { runMigrations } from '../../src/database/data-source';
import { isAlive, startEmbeddedPostgres, withDatabase } from '../../src/database/embedded-postgres';

/**
 * Migrates once into a template database; each spec file then clones it (test/support/database.ts).
 * With TEST_DATABASE_URL the tests use that server; otherwise an embedded PostgreSQL of their own.
 * Jest shares only process.env with its workers, so the URLs travel that way.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: './var/test-postgres',
      port: Number(process.env.TEST_EMBEDDED_PG_PORT ?? 54331),
      // A throwaway cluster: durability buys nothing here and costs seconds.
      serverFlags: ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
    });
    (globalThis as { __samtalTestPg?: typeof pg }).__samtalTestPg = pg;
    adminUrl = pg.url;
  }
  const template = `samtal_template_${process.pid}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await dropStaleTestDatabases(admin);
    await admin.query(`CREATE DATABASE ${template}`);
  } finally {
    await admin.end();
  }
  await runMigrations(withDatabase(adminUrl, template));
  process.env.SAMTAL_TEST_ADMIN_URL = adminUrl;
  process.env.SAMTAL_TEST_TEMPLATE = template;
}

/** Databases left by an interrupted run (their creator is gone). */
async function dropStaleTestDatabases(admin: Client): Promise<void> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname ~ '^samtal_(template|test)_[0-9]+'`,
  );
  for (const { datname } of rows) {
    const pid = Number(/^samtal_(?:template|test)_(\d+)/.exec(datname)?.[1]);
    if (pid && !isAlive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
}
