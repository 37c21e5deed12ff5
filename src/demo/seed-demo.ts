import { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Config } from '../../config/config';
import { WorkingHourEntity } from '../calendars/working-hour.entity';
import { MeetingTypeEntity } from '../units/meeting-type.entity';
import { ensureStaff, ensureUnit, issueStaffToken } from '../units/unit-bootstrap';

export const DEMO_SLUG = 'demo';
export const DEMO_ADMIN_EMAIL = 'admin@demo.samtal.localhost';

/** First start on the embedded database (no demo unit yet), or whenever SEED_DEMO=true. */
export async function shouldSeedDemo(app: INestApplication, config: Config, embedded: boolean): Promise<boolean> {
  if (config.SEED_DEMO !== undefined) return config.SEED_DEMO;
  if (!embedded) return false;
  const rows = await app.get(DataSource).query<unknown[]>(`SELECT 1 FROM units WHERE slug = $1`, [DEMO_SLUG]);
  return rows.length === 0;
}

const CASEWORKERS = [
  { name: 'Anna Berg', email: 'anna.berg@demo.samtal.localhost' },
  { name: 'Johan Ek', email: 'johan.ek@demo.samtal.localhost' },
  { name: 'Leila Haddad', email: 'leila.haddad@demo.samtal.localhost' },
];

/** Mon–Fri 08:00–12:00 in person, 13:00–16:00 in person or video. */
const HOURS = [1, 2, 3, 4, 5].flatMap((weekday) => [
  { weekday, start: '08:00', end: '12:00', modes: ['in_person'] as const },
  { weekday, start: '13:00', end: '16:00', modes: ['in_person', 'video'] as const },
]);

export async function seedDemo(app: INestApplication, config: Config): Promise<{ token: string; banner: string }> {
  const db = app.get(DataSource);
  const { unit } = await ensureUnit(db, DEMO_SLUG, {
    publicName: 'Demo social services',
    timeZone: 'Europe/Stockholm',
    address: 'Storgatan 1, 111 22 Stockholm',
  });
  const admin = await ensureStaff(db, unit.id, {
    email: DEMO_ADMIN_EMAIL,
    name: 'Demo Admin',
    role: 'admin',
  });
  for (const c of CASEWORKERS) {
    const cw = await ensureStaff(db, unit.id, { ...c, role: 'caseworker' });
    const hours = db.getRepository(WorkingHourEntity);
    if ((await hours.countBy({ caseworkerId: cw.id })) === 0) {
      await hours.insert(HOURS.map((h) => ({ ...h, modes: [...h.modes], caseworkerId: cw.id })));
    }
  }
  const types = db.getRepository(MeetingTypeEntity);
  await types
    .createQueryBuilder()
    .insert()
    .values([
      {
        unitId: unit.id,
        key: 'first-meeting',
        name: 'Intake',
        publicLabel: 'First meeting',
        durationMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        slotStepMinutes: 30,
        minNoticeMinutes: 120,
        horizonDays: 60,
        modes: ['in_person'],
        intake: true,
      },
      {
        unitId: unit.id,
        key: 'follow-up',
        name: 'Follow-up',
        publicLabel: 'Follow-up meeting',
        durationMinutes: 45,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 15,
        slotStepMinutes: 15,
        minNoticeMinutes: 60,
        horizonDays: 60,
        modes: ['in_person', 'video'],
        intake: false,
      },
    ])
    .orIgnore()
    .execute();
  const token = await issueStaffToken(db, admin.id, 'Demo seed');
  return { token, banner: demoBanner(config.PUBLIC_URL, token) };
}

export function demoBanner(url: string, token?: string): string {
  return [
    '',
    'Samtal is ready.',
    `  Booking page:  ${url}/book/${DEMO_SLUG}`,
    `  Staff sign-in: ${url}/staff/sign-in — use ${DEMO_ADMIN_EMAIL} and open the link in the dev mailbox`,
    `  API docs:      ${url}/api/docs`,
    `  Health:        ${url}/health/ready`,
    `  Dev mailbox:   ${url}/dev/mail`,
    ...(token
      ? ['  Demo admin token (shown once; use as "Authorization: Bearer <token>"):', `  ${token}`]
      : [`  A new admin token: npm run cli -- create-admin --unit ${DEMO_SLUG} --email ${DEMO_ADMIN_EMAIL}`]),
    '',
  ].join('\n');
}
