import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Held appointments on their own: a booking releases its calendars' run-out holds and counts a
 * holder's live holds in a unit, and both read only holds through these (a handful of rows) instead
 * of each caseworker's or unit's whole history.
 */
export class HeldAppointmentsIndex1767700000000 implements MigrationInterface {
  name = 'HeldAppointmentsIndex1767700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX appointments_held_caseworker_idx ON appointments (caseworker_id, hold_expires_at) WHERE status = 'held'`,
    );
    await q.query(
      `CREATE INDEX appointments_held_unit_idx ON appointments (unit_id, hold_expires_at) WHERE status = 'held'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX appointments_held_unit_idx`);
    await q.query(`DROP INDEX appointments_held_caseworker_idx`);
  }
}
