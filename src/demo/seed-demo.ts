import { INestApplication } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import { newRoomName } from '../appointments/booking/booking.service';
import { Clock } from '../common/clock';
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
  const demoCaseworkers: string[] = [];
  for (const c of CASEWORKERS) {
    const cw = await ensureStaff(db, unit.id, { ...c, role: 'caseworker' });
    demoCaseworkers.push(cw.id);
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
  const now = app.get(Clock).now();
  await fillDemoWeeks(db, unit.id, demoCaseworkers, now);
  // By the app's clock, as the demo weeks: the token lasts a year from the demo's today.
  const token = await issueStaffToken(db, admin.id, 'Demo seed', now);
  return { token, banner: demoBanner(config.PUBLIC_URL, token) };
}

/** Made-up clients of the demo unit (no real person's name or address). */
const CLIENT_NAMES = [
  'Elsa Lindqvist',
  'Omar Farah',
  'Maja Nyström',
  'Karim Haddad',
  'Sofia Andersson',
  'Nils Holm',
  'Amira Yusuf',
  'Viktor Sandberg',
  'Lina Ek',
  'Jonas Åberg',
  'Fatima Said',
  'Erik Lund',
  'Hanna Berglund',
  'Ali Rahimi',
  'Ida Sjöberg',
  'Oskar Wallin',
  'Nora Persson',
  'Samir Khalil',
];

type Plan = { day: number; time: string; type: 'first-meeting' | 'follow-up'; mode: 'in_person' | 'video' };

/**
 * A caseworker's week as the demo shows it (day 0 is Monday): intakes in the morning in person,
 * follow-ups around noon and in the afternoon, some by video. Inside the demo hours, no overlaps.
 */
function weekPlan(cw: number): Plan[] {
  const plan: Plan[] = [];
  for (let day = 0; day < 5; day++) {
    if ((day + cw) % 3 !== 1) plan.push({ day, time: '09:00', type: 'first-meeting', mode: 'in_person' });
    plan.push({ day, time: '10:30', type: 'follow-up', mode: 'in_person' });
    if ((day + cw) % 2 === 0) plan.push({ day, time: '13:00', type: 'follow-up', mode: 'video' });
    if ((day + cw) % 4 !== 3)
      plan.push({ day, time: '14:30', type: 'follow-up', mode: (day + cw) % 3 === 0 ? 'video' : 'in_person' });
  }
  return plan;
}

/**
 * Fills the demo caseworkers' current and next week (in the unit's zone) so the workspace is alive on
 * first start: meetings that took place or were missed in the past days (recorded as walk-ins are:
 * completed or no_show), confirmed meetings in person and by video ahead, one held booking waiting for
 * its client's confirmation, and one cancelled meeting. Tops up: a planned meeting whose start is
 * already taken in that caseworker's calendar is skipped (and the exclusion constraint refuses any
 * overlap: ON CONFLICT DO NOTHING), so a re-run adds only what a new week brings.
 */
export async function fillDemoWeeks(
  db: DataSource,
  unitId: string,
  caseworkerIds: string[],
  now: Date,
): Promise<number> {
  const [unit] = await db.query<Array<{ time_zone: string; address: string | null; hold_minutes: number }>>(
    `SELECT time_zone, address, hold_minutes FROM units WHERE id = $1`,
    [unitId],
  );
  const types = await db.query<
    Array<{
      id: string;
      key: string;
      duration_minutes: number;
      buffer_before_minutes: number;
      buffer_after_minutes: number;
    }>
  >(
    `SELECT id, key, duration_minutes, buffer_before_minutes, buffer_after_minutes FROM meeting_types
     WHERE unit_id = $1`,
    [unitId],
  );
  const typeOf = new Map(types.map((t) => [t.key, t]));
  const monday = DateTime.fromJSDate(now, { zone: unit.time_zone }).startOf('week');
  let inserted = 0;
  let clientSeq = 0;
  for (const [cwIndex, caseworkerId] of caseworkerIds.entries()) {
    let heldDone = false;
    for (const week of [0, 1]) {
      for (const [i, p] of weekPlan(cwIndex + week).entries()) {
        const type = typeOf.get(p.type);
        if (!type) continue;
        const [h, m] = p.time.split(':').map(Number);
        const start = monday.plus({ weeks: week, days: p.day }).set({ hour: h, minute: m });
        const end = start.plus({ minutes: type.duration_minutes });
        const past = end.toJSDate() <= now;
        if (!past && start.toJSDate() <= now) continue; // under way right now: leave the slot free
        const n = clientSeq++;
        let status: string;
        if (past) status = n % 5 === 3 ? 'no_show' : 'completed';
        else if (week === 1 && p.day === 3 && p.time === '14:30') status = 'cancelled';
        else if (!heldDone && p.type === 'first-meeting') status = 'held';
        else status = 'confirmed';
        if (status === 'held') heldDone = true;
        const exists = await db.query<unknown[]>(
          `SELECT 1 FROM appointments WHERE caseworker_id = $1 AND starts_at = $2`,
          [caseworkerId, start.toJSDate()],
        );
        if (exists.length) continue;
        const name = CLIENT_NAMES[(cwIndex * 7 + i + week * 3) % CLIENT_NAMES.length];
        const email = `${name
          .toLowerCase()
          .normalize('NFD')
          .replace(/[^a-z]+/g, '.')}@example.org`;
        const clientId = await demoClient(db, unitId, caseworkerId, name, email);
        const video = p.mode === 'video' && p.type !== 'first-meeting';
        const rows = await db.query<unknown[]>(
          `INSERT INTO appointments (unit_id, caseworker_id, client_id, meeting_type_id, starts_at, ends_at, busy_range,
                                     mode, status, location, hold_expires_at, room_name, cancel_reason, created_by)
           VALUES ($1, $2, $3, $4, $5, $6, tstzrange($5::timestamptz - make_interval(mins => $7), $6::timestamptz +
             make_interval(mins => $8)),
                   $9, $10, $11, $12, $13, $14, 'staff')
           ON CONFLICT DO NOTHING RETURNING id`,
          [
            unitId,
            caseworkerId,
            clientId,
            type.id,
            start.toJSDate(),
            end.toJSDate(),
            type.buffer_before_minutes,
            type.buffer_after_minutes,
            video ? 'video' : 'in_person',
            status,
            video ? null : unit.address,
            status === 'held' ? new Date(now.getTime() + unit.hold_minutes * 60_000) : null,
            video ? newRoomName() : null,
            status === 'cancelled' ? 'Client called: moving away' : null,
          ],
        );
        inserted += rows.length;
      }
    }
  }
  return inserted;
}

async function demoClient(
  db: DataSource,
  unitId: string,
  caseworkerId: string,
  name: string,
  email: string,
): Promise<string> {
  const [found] = await db.query<Array<{ id: string }>>(`SELECT id FROM clients WHERE unit_id = $1 AND email = $2`, [
    unitId,
    email,
  ]);
  if (found) return found.id;
  const [made] = await db.query<Array<{ id: string }>>(
    `INSERT INTO clients (unit_id, caseworker_id, name, email, locale) VALUES ($1, $2, $3, $4, 'sv') RETURNING id`,
    [unitId, caseworkerId, name, email],
  );
  return made.id;
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
