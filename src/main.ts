import 'reflect-metadata';
import type { Server } from 'node:http';
import { ConfigError, loadConfig } from '../config/config';
import { createApp } from './app.factory';
import { runMigrations } from './database/data-source';
import { resolveDatabase } from './database/resolve-database';
import { demoBanner, seedDemo, shouldSeedDemo } from './demo/seed-demo';
import { gracefulStop } from './lifecycle/graceful-stop';
import { applyHttpTimeouts } from './lifecycle/http-timeouts';

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }

  const db = await resolveDatabase(config);
  const databaseUrl = db.url;
  if (config.MIGRATIONS_RUN) await runMigrations(databaseUrl);

  const { app, logger } = await createApp({ config, databaseUrl });
  const server = (await app.listen(config.PORT, config.HOST)) as Server;
  applyHttpTimeouts(server, config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS);

  if (await shouldSeedDemo(app, config, db.embedded)) {
    const demo = await seedDemo(app, config);
    logger.info('demo unit seeded');
    process.stdout.write(demo.banner);
  } else if (db.embedded) {
    process.stdout.write(demoBanner(config.PUBLIC_URL));
  }
  logger.info({ url: config.PUBLIC_URL, embeddedDatabase: db.embedded }, 'Samtal is listening');
  // On SIGTERM readiness turns 503, the listener serves out the grace and closes, in-flight requests
  // finish, the jobs they queued are worked (see gracefulStop), the pools close, and the embedded
  // database stops last, after everything that used it.
  const stop = async (signal: string) => {
    await gracefulStop(app, server, logger, signal, {
      graceSeconds: config.SHUTDOWN_GRACE_SECONDS,
      drainSeconds: config.SHUTDOWN_DRAIN_SECONDS,
    });
    await db.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

void bootstrap();
