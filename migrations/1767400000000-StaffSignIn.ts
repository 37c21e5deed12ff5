import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Staff sign-in (issue 11): server-side sessions, the identity a provider vouches for, the staff
 * member's language, and bearer tokens that expire and show when they were last used. Sign-in links
 * are capability tokens of purpose `staff_sign_in` (no table of their own).
 */
export class StaffSignIn1767400000000 implements MigrationInterface {
  name = 'StaffSignIn1767400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE staff_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash bytea NOT NULL CONSTRAINT staff_sessions_token_hash_key UNIQUE,
        caseworker_id uuid NOT NULL CONSTRAINT staff_sessions_caseworker_id_fkey REFERENCES caseworkers(id) ON DELETE CASCADE,
        method text NOT NULL CONSTRAINT staff_sessions_method_check CHECK (method IN ('email_link', 'oidc')),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX staff_sessions_caseworker_idx ON staff_sessions (caseworker_id)`);
    await q.query(
      `ALTER TABLE caseworkers ADD COLUMN locale text, ADD COLUMN oidc_issuer text, ADD COLUMN oidc_subject text`,
    );
    await q.query(
      `CREATE UNIQUE INDEX caseworkers_oidc_identity_key ON caseworkers (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL`,
    );
    await q.query(`ALTER TABLE staff_tokens ADD COLUMN expires_at timestamptz, ADD COLUMN last_used_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE staff_tokens DROP COLUMN expires_at, DROP COLUMN last_used_at`);
    await q.query(`DROP INDEX caseworkers_oidc_identity_key`);
    await q.query(`ALTER TABLE caseworkers DROP COLUMN locale, DROP COLUMN oidc_issuer, DROP COLUMN oidc_subject`);
    await q.query(`DROP TABLE staff_sessions`);
  }
}
