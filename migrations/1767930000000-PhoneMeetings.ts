import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Phone meetings, a third mode (docs/product-rules.md, rule 14): the caseworker calls the client. Working
 * hours and meeting types keep their modes in plain text arrays (the API validates them); only the
 * appointments' CHECK names the modes.
 */
export class PhoneMeetings1767930000000 implements MigrationInterface {
  name = 'PhoneMeetings1767930000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appointments DROP CONSTRAINT appointments_mode_check`);
    await q.query(
      `ALTER TABLE appointments ADD CONSTRAINT appointments_mode_check CHECK (mode IN ('in_person', 'video', 'phone'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appointments DROP CONSTRAINT appointments_mode_check`);
    await q.query(
      `ALTER TABLE appointments ADD CONSTRAINT appointments_mode_check CHECK (mode IN ('in_person', 'video'))`,
    );
  }
}
