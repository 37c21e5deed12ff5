import { MigrationInterface, QueryRunner } from 'typeorm';

export class VideoEvents1767200000000 implements MigrationInterface {
  name = 'VideoEvents1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE video_events (
        id bigserial PRIMARY KEY,
        appointment_id uuid NOT NULL REFERENCES appointments(id),
        participant text NOT NULL,
        event text NOT NULL,
        at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX video_events_appointment_idx ON video_events (appointment_id)`);
    await q.query(
      `CREATE UNIQUE INDEX appointments_room_name_key ON appointments (room_name) WHERE room_name IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX appointments_room_name_key`);
    await q.query(`DROP TABLE video_events`);
  }
}
