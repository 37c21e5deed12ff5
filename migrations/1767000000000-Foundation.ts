import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1767000000000 implements MigrationInterface {
  name = 'Foundation1767000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`
      CREATE TABLE units (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL CONSTRAINT units_slug_key UNIQUE,
        public_name text NOT NULL,
        time_zone text NOT NULL,
        address text NOT NULL DEFAULT '',
        mailbox text,
        default_locale text NOT NULL DEFAULT 'sv',
        first_meeting_scope text NOT NULL DEFAULT 'caseworker',
        hold_minutes int NOT NULL DEFAULT 30,
        self_booking_confirmation text NOT NULL DEFAULT 'email_link',
        client_change_cutoff_minutes int NOT NULL DEFAULT 1440,
        reminder_minutes_before int[] NOT NULL DEFAULT '{1440,120}',
        join_opens_minutes_before int NOT NULL DEFAULT 15,
        join_closes_minutes_after int NOT NULL DEFAULT 30,
        retention_months int NOT NULL DEFAULT 24,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE caseworkers (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id),
        name text NOT NULL,
        email text NOT NULL,
        time_zone text,
        role text NOT NULL DEFAULT 'caseworker',
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX caseworkers_unit_email_key ON caseworkers (unit_id, email)`);
    await q.query(`
      CREATE TABLE staff_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        caseworker_id uuid NOT NULL REFERENCES caseworkers(id),
        label text NOT NULL,
        token_hash bytea NOT NULL CONSTRAINT staff_tokens_hash_key UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE meeting_types (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id),
        key text NOT NULL,
        name text NOT NULL,
        public_label text NOT NULL,
        duration_minutes int NOT NULL,
        buffer_before_minutes int NOT NULL DEFAULT 0,
        buffer_after_minutes int NOT NULL DEFAULT 0,
        slot_step_minutes int NOT NULL DEFAULT 15,
        min_notice_minutes int NOT NULL DEFAULT 120,
        horizon_days int NOT NULL DEFAULT 60,
        modes text[] NOT NULL,
        intake boolean NOT NULL DEFAULT false,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX meeting_types_unit_key_key ON meeting_types (unit_id, key)`);
    await q.query(`
      CREATE TABLE working_hours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        caseworker_id uuid NOT NULL REFERENCES caseworkers(id),
        weekday smallint NOT NULL,
        start text NOT NULL,
        "end" text NOT NULL,
        modes text[] NOT NULL
      )`);
    await q.query(`CREATE INDEX working_hours_caseworker_idx ON working_hours (caseworker_id)`);
    await q.query(`
      CREATE TABLE absences (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        caseworker_id uuid NOT NULL REFERENCES caseworkers(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT absences_end_after_start CHECK (ends_at > starts_at)
      )`);
    await q.query(`CREATE INDEX absences_caseworker_starts_idx ON absences (caseworker_id, starts_at)`);
    await q.query(`
      CREATE TABLE clients (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id),
        caseworker_id uuid REFERENCES caseworkers(id),
        name text,
        email text,
        phone text,
        locale text NOT NULL DEFAULT 'sv',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        erased_at timestamptz
      )`);
    await q.query(`CREATE INDEX clients_unit_email_idx ON clients (unit_id, email)`);
    await q.query(`
      CREATE TABLE capability_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose text NOT NULL,
        token_hash bytea NOT NULL CONSTRAINT capability_tokens_hash_key UNIQUE,
        client_id uuid,
        appointment_id uuid,
        caseworker_id uuid,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX capability_tokens_client_idx ON capability_tokens (client_id)`);
    await q.query(`CREATE INDEX capability_tokens_appointment_idx ON capability_tokens (appointment_id)`);
    await q.query(`
      CREATE TABLE audit_events (
        id bigserial PRIMARY KEY,
        unit_id uuid NOT NULL,
        actor_type text NOT NULL,
        actor_id uuid,
        action text NOT NULL,
        appointment_id uuid,
        client_id uuid,
        details jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_events_unit_created_idx ON audit_events (unit_id, created_at)`);
    // Append-only: the audit log is evidence, so the database refuses to rewrite it.
    await q.query(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END $$`);
    await q.query(`
      CREATE TRIGGER audit_events_no_change BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_events`);
    await q.query(`DROP FUNCTION audit_events_append_only`);
    for (const t of [
      'capability_tokens',
      'clients',
      'absences',
      'working_hours',
      'meeting_types',
      'staff_tokens',
      'caseworkers',
      'units',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
