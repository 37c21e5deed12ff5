import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { ClientEntity } from './client.entity';

/**
 * Everything held on a client, as plain JSON (GDPR access), and the erasure of what other tables
 * hold about them. Raw SQL on purpose: it reads across features without importing their services.
 */
@Injectable()
export class ClientExporter {
  constructor(private readonly db: DataSource) {}

  async export(client: ClientEntity, now: Date): Promise<Record<string, unknown>> {
    const q = (sql: string) => this.db.query(sql, [client.id]);
    const [appointments, notes, links, audit] = await Promise.all([
      q(`SELECT id, caseworker_id, meeting_type_id, starts_at, ends_at, mode, status, location, sequence, created_at, updated_at FROM appointments WHERE client_id = $1 ORDER BY starts_at`),
      q(`SELECT appointment_id, author, text, created_at FROM client_notes WHERE client_id = $1 ORDER BY created_at`),
      q(`SELECT purpose, created_at, expires_at, revoked_at FROM capability_tokens WHERE client_id = $1 ORDER BY created_at`),
      q(`SELECT actor_type, actor_id, action, appointment_id, details, created_at FROM audit_events WHERE client_id = $1 ORDER BY id`),
    ]);
    return {
      exportedAt: now.toISOString(),
      client: {
        id: client.id, name: client.name, email: client.email, phone: client.phone, locale: client.locale,
        caseworkerId: client.caseworkerId, createdAt: client.createdAt, erasedAt: client.erasedAt,
      },
      appointments,
      notes,
      links,
      auditEvents: audit,
    };
  }

  /**
   * Within the erasure transaction: free future slots and drop every free text about the client
   * (notes, a cancellation reason, an override reason); the appointments stay for statistics.
   */
  async eraseRelated(m: EntityManager, client: ClientEntity, now: Date): Promise<void> {
    await m.query(`DELETE FROM client_notes WHERE client_id = $1`, [client.id]);
    // A stored response names the client's appointment; the caller is hashed, yet of their email.
    await m.query(`DELETE FROM idempotency_keys WHERE client_id = $1`, [client.id]);
    await m.query(
      `UPDATE appointments SET status = 'cancelled', cancel_reason = 'client_erased', updated_at = $2
        WHERE client_id = $1 AND status IN ('held', 'confirmed') AND starts_at > $2`,
      [client.id, now],
    );
    await m.query(
      `UPDATE appointments SET first_meeting_override_reason = CASE WHEN first_meeting_override_reason IS NULL THEN NULL ELSE '[erased]' END,
              cancel_reason = CASE WHEN cancel_reason IN ('client', 'staff', 'hold_expired', 'client_erased') OR cancel_reason IS NULL THEN cancel_reason ELSE '[erased]' END
        WHERE client_id = $1`,
      [client.id],
    );
  }
}
