import { MigrationInterface, QueryRunner } from 'typeorm';

/** A meeting type's public label in each language (en, sv, de), each optional; `public_label` stays the default. */
export class MeetingTypeLabels1767500000000 implements MigrationInterface {
  name = 'MeetingTypeLabels1767500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_types ADD COLUMN public_labels jsonb NOT NULL DEFAULT '{}'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE meeting_types DROP COLUMN public_labels`);
  }
}
