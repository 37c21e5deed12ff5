import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The unit's own phone number (shown to clients as "Call us at …") and the countries whose numbers
 * it takes for phone meetings and texts, ISO 3166 alpha-2 (docs/product-rules.md, rule 14): Sweden by default.
 */
export class UnitPhoneSettings1767940000000 implements MigrationInterface {
  name = 'UnitPhoneSettings1767940000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units ADD COLUMN phone text`);
    await q.query(`ALTER TABLE units ADD COLUMN sms_countries text[] NOT NULL DEFAULT '{SE}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE units DROP COLUMN sms_countries`);
    await q.query(`ALTER TABLE units DROP COLUMN phone`);
  }
}
