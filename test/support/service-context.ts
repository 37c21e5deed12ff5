import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../../config/config';
import { AppModule } from '../../src/app.module';
import type { AppointmentResponse } from '../../src/appointments/appointments.dto';
import { PublicBookingService } from '../../src/appointments/public/public-booking.service';
import { ClientEntity } from '../../src/clients/client.entity';
import { WorkingHourEntity } from '../../src/calendars/working-hour.entity';
import { CaseworkerEntity } from '../../src/units/caseworker.entity';
import { MeetingTypeEntity } from '../../src/units/meeting-type.entity';
import { ensureStaff, ensureUnit } from '../../src/units/unit-bootstrap';
import { UnitEntity } from '../../src/units/unit.entity';
import { FOLLOW_UP_TYPE, INTAKE_TYPE, WEEKDAY_HOURS } from './booking-fixture';
import { createTestDatabase, TestDatabase } from './database';
import { TestClock } from './test-app';

/**
 * The service tier: the real application context on a real (cloned) PostgreSQL, without HTTP.
 * Specs call use cases and repositories directly, for rules the e2e specs reach only through HTTP.
 */
export interface ServiceContext {
  app: INestApplicationContext;
  db: DataSource;
  clock: TestClock;
  get<T>(type: new (...args: never[]) => T): T;
  /**
   * The e2e specs' world (booking-fixture.ts: the same hours, caseworker names and meeting types), built
   * through the repositories: a unit in Europe/Stockholm, caseworkers working Mon–Fri 08–12 (in person)
   * and 13–16 (both), a follow-up type (45 min + 15 after, both modes) and an intake type.
   */
  newUnit(opts?: { caseworkers?: number; settings?: Partial<UnitEntity> }): Promise<ServiceUnit>;
  newClient(unit: UnitEntity, caseworkerId?: string | null): Promise<ClientEntity>;
  count(sql: string, params?: unknown[]): Promise<number>;
  close(): Promise<void>;
}

export interface ServiceUnit {
  unit: UnitEntity;
  caseworkers: CaseworkerEntity[];
  followUp: MeetingTypeEntity;
  intake: MeetingTypeEntity;
}

/** `env`: settings on top of the defaults below (e.g. a shorter sync interval). */
export async function createServiceContext(env: Record<string, string> = {}): Promise<ServiceContext> {
  const database: TestDatabase = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: database.url,
    JOBS_ENABLED: 'false',
    PUBLIC_URL: 'http://samtal.test',
    MAIL_DIR: join(tmpdir(), `samtal-test-mail-${process.pid}`),
    ...env,
  });
  const clock = new TestClock();
  const app = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config, databaseUrl: database.url, clock }),
    { logger: false },
  );
  await app.init();
  const db = app.get(DataSource);
  return {
    app,
    db,
    clock,
    get: (type) => app.get(type),
    async newUnit(opts = {}) {
      const slug = `unit-${randomBytes(4).toString('hex')}`;
      let { unit } = await ensureUnit(db, slug, {
        publicName: 'Service test unit',
        timeZone: 'Europe/Stockholm',
        address: 'Storgatan 1',
      });
      if (opts.settings) {
        await db.getRepository(UnitEntity).update({ id: unit.id }, opts.settings);
        unit = await db.getRepository(UnitEntity).findOneByOrFail({ id: unit.id });
      }
      const caseworkers: CaseworkerEntity[] = [];
      for (let i = 0; i < (opts.caseworkers ?? 1); i++) {
        const cw = await ensureStaff(db, unit.id, {
          email: `cw${i}@${slug}.test`,
          name: `Caseworker ${i + 1}`,
          role: 'caseworker',
        });
        await db
          .getRepository(WorkingHourEntity)
          .insert(
            WEEKDAY_HOURS.map((h) => ({ ...h, caseworkerId: cw.id, modes: h.modes as Array<'in_person' | 'video'> })),
          );
        caseworkers.push(cw);
      }
      const types = db.getRepository(MeetingTypeEntity);
      const followUp = await types.save(
        types.create({ ...FOLLOW_UP_TYPE, modes: [...FOLLOW_UP_TYPE.modes], unitId: unit.id, active: true }),
      );
      const intake = await types.save(
        types.create({ ...INTAKE_TYPE, modes: [...INTAKE_TYPE.modes], unitId: unit.id, active: true }),
      );
      return { unit, caseworkers, followUp, intake };
    },
    newClient(unit, caseworkerId = null) {
      const clients = db.getRepository(ClientEntity);
      return clients.save(
        clients.create({
          unitId: unit.id,
          name: 'Sara Lind',
          email: `c-${randomBytes(4).toString('hex')}@example.test`,
          phone: null,
          locale: 'sv',
          caseworkerId,
        }),
      );
    },
    async count(sql, params = []) {
      return (await db.query<unknown[]>(sql, params)).length;
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}

let booker = 0;

/**
 * A public booking of the unit's intake type in person, by a new client each time, through
 * PublicBookingService as POST /public/units/:slug/bookings books (the e2e specs' publicBooks).
 */
export function publicBooks(ctx: ServiceContext, f: ServiceUnit, startsAt: string): Promise<AppointmentResponse> {
  const n = ++booker;
  return ctx.get(PublicBookingService).book(f.unit, {
    meetingTypeId: f.intake.id,
    startsAt,
    mode: 'in_person',
    client: { name: `Client ${n}`, email: `public-${n}-${f.unit.id}@example.test` },
  });
}
