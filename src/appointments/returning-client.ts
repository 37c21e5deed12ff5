import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '../common/audit/audit.service';
import { AppointmentEntity } from './appointment.entity';

/**
 * PRODUCT.md rule 5: on confirmation, a client whose email the unit already knows is the same
 * client (one row, one history), so the first-meeting rule and "your caseworker" see it all.
 *
 * Only a confirmation proves the address, so this runs in the confirm transaction and never at
 * booking: the public answer to a booking is the same whether the email is known or not. Units with
 * `selfBookingConfirmation: none` never get here; there nothing proved the address, and joining a
 * stranger's booking to a known client's history would show it to whoever typed their email.
 */
@Injectable()
export class ReturningClients {
  constructor(private readonly audit: AuditService) {}

  /** Moves the just-confirmed appointment to the known client and removes the duplicate row. */
  async adopt(m: EntityManager, a: AppointmentEntity, actor: Actor): Promise<void> {
    const duplicate = a.clientId;
    // Known = not erased, and either made by staff (no meetings yet) or with a meeting that was
    // more than an unconfirmed hold: a row made by someone else's unproven booking, with a name
    // they typed, is not the client's history. Locked, so an erasure cannot run in between.
    const [known]: Array<{ id: string; caseworker_id: string | null }> = await m.query(
      `SELECT c.id, c.caseworker_id FROM clients c, clients d
        WHERE d.id = $1 AND c.unit_id = d.unit_id AND c.id <> d.id AND c.erased_at IS NULL AND lower(c.email) = lower(d.email)
          AND (NOT EXISTS (SELECT 1 FROM appointments x WHERE x.client_id = c.id)
               OR EXISTS (SELECT 1 FROM appointments x WHERE x.client_id = c.id AND x.status <> 'held' AND x.cancel_reason IS DISTINCT FROM 'hold_expired'))
        ORDER BY c.created_at, c.id LIMIT 1
        FOR UPDATE OF c`,
      [duplicate],
    );
    if (!known) return;
    await m.query(`UPDATE appointments SET client_id = $1 WHERE id = $2`, [known.id, a.id]);
    await m.query(`UPDATE client_notes SET client_id = $1 WHERE appointment_id = $2`, [known.id, a.id]);
    // The links already mailed for this booking (confirm) keep working, now for the known client.
    await m.query(`UPDATE capability_tokens SET client_id = $1 WHERE client_id = $2 AND appointment_id = $3`, [known.id, duplicate, a.id]);
    await m.query(
      `UPDATE idempotency_keys SET client_id = $1, response = jsonb_set(response, '{clientId}', to_jsonb($4::text))
        WHERE client_id = $2 AND response->>'id' = $3`,
      [known.id, duplicate, a.id, known.id],
    );
    if (!known.caseworker_id) await m.query(`UPDATE clients SET caseworker_id = $1 WHERE id = $2`, [a.caseworkerId, known.id]);
    // Another hold of the same email keeps the duplicate row until it is confirmed or expires.
    await m.query(
      `DELETE FROM clients c WHERE c.id = $1 AND NOT EXISTS (SELECT 1 FROM appointments x WHERE x.client_id = c.id)
          AND NOT EXISTS (SELECT 1 FROM client_notes n WHERE n.client_id = c.id)`,
      [duplicate],
    );
    await m.query(`DELETE FROM idempotency_keys k WHERE k.client_id = $1 AND NOT EXISTS (SELECT 1 FROM clients c WHERE c.id = $1)`, [duplicate]);
    a.clientId = known.id;
    await this.audit.record({ unitId: a.unitId, actor, action: 'client.merged', appointmentId: a.id, clientId: known.id, details: { duplicateClientId: duplicate } }, m);
  }
}
