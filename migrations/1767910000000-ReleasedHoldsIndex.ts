import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Holds a booking or a late confirm released (cancelled, hold_expired) wait for their expiry job to
 * delete them with their client's details; the minute's sweep finds those a lost job left through
 * this index (a handful of rows) instead of every cancelled meeting.
 */
export class ReleasedHoldsIndex1767910000000 implements MigrationInterface {
  name = 'ReleasedHoldsIndex1767910000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX appointments_released_holds_idx ON appointments (updated_at) WHERE status = 'cancelled' AND cancel_reason = 'hold_expired'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX appointments_released_holds_idx`);
  }
}
