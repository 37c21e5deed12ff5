import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { Config, loadConfig } from '../../config/config';
import { createApp } from '../../src/app.factory';
import { RATE_LIMITS, RateLimits } from '../../src/web/http/rate-limit';
import { Clock } from '../../src/common/clock';
import { ensureStaff, ensureUnit, issueStaffToken } from '../../src/units/unit-bootstrap';
import { createTestDatabase, TestDatabase } from './database';

/** A clock the tests move by hand; starts at the real time. */
export class TestClock extends Clock {
  private offsetMs = 0;
  private fixed: Date | null = null;
  now(): Date {
    return this.fixed ? new Date(this.fixed) : new Date(Date.now() + this.offsetMs);
  }
  set(at: Date | string): void {
    this.fixed = new Date(at);
  }
  advance(ms: number): void {
    if (this.fixed) this.fixed = new Date(this.fixed.getTime() + ms);
    else this.offsetMs += ms;
  }
}

export interface TestUnit {
  id: string;
  slug: string;
  adminId: string;
  adminToken: string;
}

export interface TestContext {
  app: INestApplication;
  db: DataSource;
  database: TestDatabase;
  config: Config;
  clock: TestClock;
  http: () => ReturnType<typeof request>;
  newUnit(init?: { timeZone?: string; publicName?: string }): Promise<TestUnit>;
  newCaseworker(
    unit: TestUnit,
    init?: { role?: 'caseworker' | 'admin'; name?: string },
  ): Promise<{ id: string; token: string }>;
  close(): Promise<void>;
}

/** Far above what one spec does from 127.0.0.1; the rate-limit spec passes its own. */
const UNLIMITED: RateLimits = {
  pages: { limit: 1e6, windowMs: 60_000 },
  booking: { limit: 1e6, windowMs: 60_000 },
  api: { limit: 1e6, windowMs: 60_000 },
  sign_in: { limit: 1e6, windowMs: 60_000 },
  sign_in_email: { limit: 1e6, windowMs: 60_000 },
};

/** Boots the real AppModule on a fresh database cloned from the migrated template, or on a migrated one the spec owns. */
export async function createTestContext(
  env: Record<string, string> = {},
  opts: { rateLimits?: RateLimits; database?: TestDatabase } = {},
): Promise<TestContext> {
  const database = opts.database ?? (await createTestDatabase());
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    JOBS_ENABLED: 'false',
    // The specs' calendar servers run on loopback.
    EXTERNAL_CALENDAR_ALLOW_PRIVATE: 'true',
    PUBLIC_URL: 'http://samtal.test',
    MAIL_DIR: join(tmpdir(), `samtal-test-mail-${process.pid}`),
    ...env,
  });
  const clock = new TestClock();
  const app = await bootInstance(config, database.url, clock, opts.rateLimits);
  const db = app.get(DataSource);
  const server = app.getHttpServer() as Server;
  return {
    app,
    db,
    database,
    config,
    clock,
    http: () => request(server),
    async newUnit(init = {}) {
      const slug = `unit-${randomBytes(4).toString('hex')}`;
      const { unit } = await ensureUnit(db, slug, {
        publicName: init.publicName ?? 'Appointment — Test City',
        timeZone: init.timeZone ?? 'Europe/Stockholm',
        address: 'Storgatan 1',
      });
      const admin = await ensureStaff(db, unit.id, { email: `admin@${slug}.test`, name: 'Admin', role: 'admin' });
      return {
        id: unit.id,
        slug,
        adminId: admin.id,
        adminToken: await issueStaffToken(db, admin.id, 'test', clock.now()),
      };
    },
    async newCaseworker(unit, init = {}) {
      const cw = await ensureStaff(db, unit.id, {
        email: `cw-${randomBytes(4).toString('hex')}@${unit.slug}.test`,
        name: init.name ?? 'Case Worker',
        role: init.role ?? 'caseworker',
      });
      return { id: cw.id, token: await issueStaffToken(db, cw.id, 'test', clock.now()) };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

/** One running instance of the app; a spec may boot a second on the same database. */
export async function bootInstance(
  config: Config,
  databaseUrl: string,
  clock: Clock,
  rateLimits: RateLimits = UNLIMITED,
): Promise<INestApplication> {
  const { app } = await createApp({ config, databaseUrl, clock });
  Object.assign(app.get<RateLimits>(RATE_LIMITS), rateLimits);
  await app.init();
  return app;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
