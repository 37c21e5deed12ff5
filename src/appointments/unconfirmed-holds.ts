import { Inject, Injectable } from '@nestjs/common';
import { createHash, createHmac } from 'node:crypto';
import { EntityManager } from 'typeorm';
import type { Config } from '../../config/config';
import { addressKey } from '../common/client-address';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { UnitEntity } from '../units/unit.entity';
import { AppointmentEntity } from './appointment.entity';

/** Apart from the calendar locks (7261), so a holder never waits on a calendar or the reverse. */
const HOLDER_LOCK_SPACE = 7262;

/**
 * PRODUCT.md rule 5: nobody can hold all the intake slots (at most `maxHoldsPerEmail` and
 * `maxHoldsPerIp` unconfirmed holds at a time), and a hold never confirmed leaves no personal data.
 */
@Injectable()
export class UnconfirmedHolds {
  constructor(@Inject(CONFIG) private readonly config: Config) {}

  /**
   * Keyed with TOKEN_SECRET and the unit: a plain hash of an IPv4 address is undone by trying all
   * 2^32, and the count needs only equality within one unit.
   */
  addressHash(unitId: string, ip: string | undefined): string | null {
    if (!ip) return null;
    const address = addressKey(ip);
    return address ? createHmac('sha256', this.config.TOKEN_SECRET).update(`hold-ip:${unitId}:${address}`).digest('base64url') : null;
  }

  /**
   * Inside the booking transaction, before its calendar locks: one lock per email and one per
   * address serialise the holders that could together pass the limit, and the count after the lock
   * sees every hold committed before it (read committed: a fresh snapshot per statement).
   */
  async assertWithinLimits(m: EntityManager, unit: UnitEntity, email: string, addressHash: string | null, now: Date): Promise<void> {
    const normalised = email.toLowerCase();
    const lock = (key: string) => m.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, ${HOLDER_LOCK_SPACE}))`, [key]);
    // Always the email first, then the address: two holders never wait on each other crosswise.
    await lock(createHash('sha256').update(`hold-email:${unit.id}:${normalised}`).digest('hex'));
    if (addressHash) await lock(`hold-ip:${addressHash}`);
    const [row]: Array<{ by_email: number; by_address: number }> = await m.query(
      `SELECT count(*) FILTER (WHERE lower(c.email) = $2)::int AS by_email,
              count(*) FILTER (WHERE a.holder_ip_hash = $3)::int AS by_address
         FROM appointments a JOIN clients c ON c.id = a.client_id
        WHERE a.unit_id = $1 AND a.status = 'held' AND a.hold_expires_at > $4`,
      [unit.id, normalised, addressHash, now],
    );
    if (row.by_email >= unit.maxHoldsPerEmail || (addressHash && row.by_address >= unit.maxHoldsPerIp)) {
      throw new DomainError(ErrorCode.HOLD_LIMIT_REACHED, 'There are already bookings waiting for confirmation. Confirm them from the email we sent, or wait until they expire.');
    }
  }

  /**
   * Deletes a released hold, and its client row when that client has nothing else: such a row was
   * made by the public booking from details nobody proved. The audit events keep the ids only; the
   * confirm token stays (hashed, no personal data), so a late click still hears "too late".
   */
  async purge(m: EntityManager, a: AppointmentEntity): Promise<void> {
    await m.query(`DELETE FROM client_notes WHERE appointment_id = $1`, [a.id]);
    await m.query(`DELETE FROM video_events WHERE appointment_id = $1`, [a.id]);
    await m.query(`DELETE FROM idempotency_keys WHERE client_id = $1 AND response->>'id' = $2`, [a.clientId, a.id]);
    await m.query(`DELETE FROM appointments WHERE id = $1`, [a.id]);
    await m.query(
      `DELETE FROM clients c WHERE c.id = $1
          AND NOT EXISTS (SELECT 1 FROM appointments x WHERE x.client_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM client_notes n WHERE n.client_id = c.id)`,
      [a.clientId],
    );
    await m.query(`DELETE FROM idempotency_keys k WHERE k.client_id = $1 AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = $1)`, [a.clientId]);
  }
}
