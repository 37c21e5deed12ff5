import 'reflect-metadata';
import { loadConfig } from '../../config/config';
import { runMigrations } from './data-source';
import { resolveDatabase } from './resolve-database';

/** `npm run migration:run`: applies pending migrations to DATABASE_URL (or the embedded database). */
async function main(): Promise<void> {
  const db = await resolveDatabase(loadConfig());
  try {
    const applied = await runMigrations(db.url);
    process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'No pending migrations.\n');
  } finally {
    await db.stop();
  }
}

main().catch((err: Error) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
