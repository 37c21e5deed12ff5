import { MigrationInterface, QueryRunner } from 'typeorm';

export class Appointments1767100000000 implements MigrationInterface {
  name = 'Appointments1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE appointments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        unit_id uuid NOT NULL REFERENCES units(id),
        caseworker_id uuid NOT NULL REFERENCES caseworkers(id),
        client_id uuid NOT NULL REFERENCES clients(id),
        meeting_type_id uuid NOT NULL REFERENCES meeting_types(id),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        busy_range tstzrange NOT NULL,
        mode text NOT NULL,
        status text NOT NULL,
        location text,
        sequence int NOT NULL DEFAULT 0,
        hold_expires_at timestamptz,
        room_name text,
        first_meeting_override_reason text,
        cancel_reason text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT appointments_end_after_start CHECK (ends_at > starts_at),
        CONSTRAINT appointments_mode_check CHECK (mode IN ('in_person', 'video')),
        CONSTRAINT appointments_status_check CHECK (status IN ('held', 'confirmed', 'cancelled', 'completed', 'no_show'))
      )`);
    // The rule that makes double booking impossible: no two live appointments of one caseworker may
    // overlap, buffers included. busy_range is stored on the row, so the constraint needs no join.
    await q.query(`
      ALTER TABLE appointments ADD CONSTRAINT appointments_no_overlap
        EXCLUDE USING gist (caseworker_id WITH =, busy_range WITH &&) WHERE (status IN ('held', 'confirmed'))`);
    await q.query(`CREATE INDEX appointments_caseworker_starts_idx ON appointments (caseworker_id, starts_at)`);
    await q.query(`CREATE INDEX appointments_client_idx ON appointments (client_id)`);
    await q.query(`CREATE INDEX appointments_unit_starts_idx ON appointments (unit_id, starts_at)`);
    await q.query(`
      CREATE TABLE client_notes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        appointment_id uuid NOT NULL REFERENCES appointments(id),
        client_id uuid NOT NULL REFERENCES clients(id),
        author text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX client_notes_appointment_idx ON client_notes (appointment_id)`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        caller text NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status_code int,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (caller, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_keys`);
    await q.query(`DROP TABLE client_notes`);
    await q.query(`DROP TABLE appointments`);
  }
}
