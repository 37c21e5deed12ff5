import { MigrationInterface, QueryRunner } from 'typeorm';

/** LiveKit retries and replays webhooks: each event is stored once, by its event id. */
export class VideoEventIds1767330000000 implements MigrationInterface {
  name = 'VideoEventIds1767330000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE video_events ADD COLUMN event_id text`);
    // Events stored before ids were kept cannot be matched to a replay; they keep a unique stand-in.
    await q.query(`UPDATE video_events SET event_id = 'legacy:' || id`);
    await q.query(`ALTER TABLE video_events ALTER COLUMN event_id SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX video_events_event_id_key ON video_events (event_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX video_events_event_id_key`);
    await q.query(`ALTER TABLE video_events DROP COLUMN event_id`);
  }
}
