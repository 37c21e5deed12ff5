import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A caseworker's connections to their own calendars (ICS links, CalDAV accounts) and the busy time
 * read from them. Only start, end and UID are kept (rule 13); the link and credentials are sealed.
 */
export class ExternalCalendars1767600000000 implements MigrationInterface {
  name = 'ExternalCalendars1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE external_calendars (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        caseworker_id uuid NOT NULL
          CONSTRAINT external_calendars_caseworker_id_fkey REFERENCES caseworkers(id) ON DELETE CASCADE,
        kind text NOT NULL CONSTRAINT external_calendars_kind_check CHECK (kind IN ('ics', 'caldav')),
        url_masked text NOT NULL,
        username text,
        secret text NOT NULL,
        calendars jsonb NOT NULL DEFAULT '[]',
        etag text,
        last_modified text,
        last_synced_at timestamptz,
        parsed_at timestamptz,
        last_attempt_at timestamptz,
        last_error text,
        busy_count integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX external_calendars_caseworker_idx ON external_calendars (caseworker_id)`);
    await q.query(`
      CREATE TABLE external_busy (
        calendar_id uuid NOT NULL REFERENCES external_calendars(id) ON DELETE CASCADE,
        caseworker_id uuid NOT NULL,
        uid text NOT NULL,
        busy_range tstzrange NOT NULL CHECK (NOT isempty(busy_range))
      )`);
    await q.query(`CREATE INDEX external_busy_calendar ON external_busy (calendar_id)`);
    await q.query(`CREATE INDEX external_busy_range ON external_busy USING gist (caseworker_id, busy_range)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE external_busy`);
    await q.query(`DROP TABLE external_calendars`);
  }
}
