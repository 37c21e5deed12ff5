import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A meeting lasts at most a day (meeting types allow 480 minutes). Reads of a range can then bound an
 * appointment's start from both sides (`starts_at > from - 1 day`), an index range per caseworker,
 * instead of reading every appointment that started before the range's end: a caseworker's whole
 * history. Adding it reads the table once, under the migration's lock.
 */
export class MeetingsAtMostADay1767800000000 implements MigrationInterface {
  name = 'MeetingsAtMostADay1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE appointments ADD CONSTRAINT appointments_at_most_a_day CHECK (ends_at - starts_at <= interval '1 day')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE appointments DROP CONSTRAINT appointments_at_most_a_day`);
  }
}
