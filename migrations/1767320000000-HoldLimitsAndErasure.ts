import { MigrationInterface, QueryRunner } from 'typeorm';

export class HoldLimitsAndErasure1767320000000 implements MigrationInterface {
  name = 'HoldLimitsAndErasure1767320000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE units ADD COLUMN max_holds_per_email int NOT NULL DEFAULT 2, ADD COLUMN max_holds_per_ip int NOT NULL DEFAULT 5`,
    );
    await q.query(`UPDATE units SET hold_minutes = 120 WHERE hold_minutes > 120`);
    await q.query(`ALTER TABLE appointments ADD COLUMN holder_ip_hash text`);
    // The holder's address is needed only while the hold counts against it: whatever path ends the
    // hold (confirm, expiry, cancel, erasure, a bulk release), the database drops the hash with it.
    await q.query(`
      CREATE FUNCTION appointments_clear_holder_ip() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.status <> 'held' THEN NEW.holder_ip_hash := NULL; END IF;
        RETURN NEW;
      END $$`);
    await q.query(
      `CREATE TRIGGER appointments_clear_holder_ip BEFORE INSERT OR UPDATE ON appointments FOR EACH ROW EXECUTE FUNCTION appointments_clear_holder_ip()`,
    );
    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN client_id uuid`);
    await q.query(`CREATE INDEX idempotency_keys_client_idx ON idempotency_keys (client_id)`);
    // Callers were stored in the clear (a public caller's included the email); keys live 24 hours,
    // and hashing them in place keeps the ones in flight replayable.
    await q.query(`UPDATE idempotency_keys SET caller = encode(sha256(convert_to(caller, 'UTF8')), 'hex')`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Hashed callers cannot be turned back; the keys are short-lived, so they simply go.
    await q.query(`DELETE FROM idempotency_keys`);
    await q.query(`DROP INDEX idempotency_keys_client_idx`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN client_id`);
    await q.query(`DROP TRIGGER appointments_clear_holder_ip ON appointments`);
    await q.query(`DROP FUNCTION appointments_clear_holder_ip()`);
    await q.query(`ALTER TABLE appointments DROP COLUMN holder_ip_hash`);
    await q.query(`ALTER TABLE units DROP COLUMN max_holds_per_email, DROP COLUMN max_holds_per_ip`);
  }
}
