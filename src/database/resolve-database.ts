import { Client } from 'pg';
import type { Config } from '../../config/config';
import { embeddedUrl, startEmbeddedPostgres } from './embedded-postgres';

export interface ResolvedDatabase {
  url: string;
  embedded: boolean;
  /** Stops the embedded server if this process started it. */
  stop(): Promise<void>;
}

/**
 * DATABASE_URL when set; otherwise the embedded server — reused when it already runs (the CLI next
 * to a running `npm start`), started otherwise.
 */
export async function resolveDatabase(config: Config): Promise<ResolvedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: false, stop: () => Promise.resolve() };
  const url = embeddedUrl(config.EMBEDDED_PG_PORT);
  if (await answers(url)) return { url, embedded: true, stop: () => Promise.resolve() };
  const pg = await startEmbeddedPostgres({ dataDir: config.EMBEDDED_PG_DIR, port: config.EMBEDDED_PG_PORT });
  return { url: pg.url, embedded: true, stop: () => pg.stop() };
}

async function answers(url: string): Promise<boolean> {
  const c = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}
