import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { DomainError, ErrorCode } from '../common/errors';
import { valueSql, type StatementValue, type WritePart } from '../database/statement-parts';
import { ClientEntity } from './client.entity';

export interface NewClient {
  unitId: string;
  name: string;
  email: string;
  phone?: string | null;
  /** Unset: the unit's default locale. */
  locale?: string;
  caseworkerId?: string | null;
}

/** The one reader and writer of `clients` (and of what a GDPR export reads beside appointments). */
@Injectable()
export class ClientRepository {
  constructor(private readonly db: DataSource) {}

  private q(m?: EntityManager): EntityManager {
    return m ?? this.db.manager;
  }

  find(id: string, m?: EntityManager): Promise<ClientEntity | null> {
    return this.q(m).findOneBy(ClientEntity, { id });
  }

  /**
   * Read and held (FOR SHARE) for the rest of the transaction, after the appointment (the order erasure takes them).
   */
  shareRow(m: EntityManager, id: string): Promise<ClientEntity | null> {
    return m.findOne(ClientEntity, { where: { id }, lock: { mode: 'pessimistic_read' } });
  }

  /** A live client of the unit; another unit's, or an erased one, is not found. */
  async inUnit(unitId: string, id: string, m?: EntityManager): Promise<ClientEntity> {
    const c = await this.q(m).findOneBy(ClientEntity, { id, unitId });
    if (!c || c.erasedAt) throw new DomainError(ErrorCode.NOT_FOUND, 'Client not found');
    return c;
  }

  findMany(ids: string[]): Promise<ClientEntity[]> {
    return ids.length
      ? this.q().createQueryBuilder(ClientEntity, 'c').where('c.id = ANY(:ids)', { ids }).getMany()
      : Promise.resolve([]);
  }

  /**
   * Staff search within one unit: live clients whose name or email contains `text` (case-insensitive,
   * LIKE wildcards taken literally), with their latest meeting that has started, if any.
   */
  async search(
    unitId: string,
    text: string,
    now: Date,
    limit = 50,
  ): Promise<Array<{ id: string; name: string; email: string; lastMeetingAt: Date | null }>> {
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const rows = await this.db.query<Array<{ id: string; name: string; email: string; last_meeting_at: Date | null }>>(
      `SELECT c.id, c.name, c.email,
              (SELECT max(a.starts_at) FROM appointments a
                WHERE a.client_id = c.id AND a.starts_at <= $3 AND a.status IN ('confirmed','completed'))
                  AS last_meeting_at
         FROM clients c
        WHERE c.unit_id = $1 AND c.erased_at IS NULL AND (c.name ILIKE $2 OR c.email ILIKE $2)
        ORDER BY c.name, c.id
        LIMIT $4`,
      [unitId, pattern, now, limit],
    );
    return rows.map((r) => ({ id: r.id, name: r.name, email: r.email, lastMeetingAt: r.last_meeting_at }));
  }

  /** The unit of a caseworker, to check that staff assign a client within their own unit. */
  async unitOfCaseworker(caseworkerId: string): Promise<string | undefined> {
    const [row] = await this.db.query<Array<{ unit_id: string }>>(`SELECT unit_id FROM caseworkers WHERE id = $1`, [
      caseworkerId,
    ]);
    return row?.unit_id;
  }

  /** The countries whose phone numbers the unit takes (units.sms_countries); none for an unknown unit. */
  async smsCountriesOf(unitId: string): Promise<string[]> {
    const [row] = await this.db.query<Array<{ sms_countries: string[] }>>(
      `SELECT sms_countries FROM units WHERE id = $1`,
      [unitId],
    );
    return row?.sms_countries ?? [];
  }

  async create(m: EntityManager, c: NewClient): Promise<ClientEntity> {
    const locale =
      c.locale ??
      (
        await m.query<Array<{ default_locale: string }>>(`SELECT default_locale FROM units WHERE id = $1`, [c.unitId])
      )[0].default_locale;
    return m.save(
      m.create(ClientEntity, {
        unitId: c.unitId,
        name: c.name,
        email: c.email.toLowerCase(),
        phone: c.phone ?? null,
        locale,
        caseworkerId: c.caseworkerId ?? null,
      }),
    );
  }

  /**
   * A new client as one part of a booking's single statement (the id made by the caller, so the
   * appointment can name it in the same statement). The locale is given: the unit's default when unset.
   * `caseworker`: when the booking's write chooses the caseworker itself, its SQL
   * (AppointmentRepository.insertBooking).
   */
  static insertPart(c: NewClient & { id: string; locale: string }, caseworker?: StatementValue): WritePart {
    return (p) =>
      `INSERT INTO clients (id, unit_id, name, email, phone, locale, caseworker_id)
       VALUES (${p.add(c.id, 'uuid')}, ${p.add(c.unitId, 'uuid')}, ${p.add(c.name)}, ${p.add(c.email.toLowerCase())},
               ${p.add(c.phone ?? null)}, ${p.add(c.locale)},
                 ${caseworker ? valueSql(p, caseworker, 'uuid') : p.add(c.caseworkerId ?? null, 'uuid')})`;
  }

  /** A booking's part: a client without a caseworker gets the one of their first meeting. */
  static assignCaseworkerPart(clientId: string, caseworker: StatementValue): WritePart {
    return (p) =>
      `UPDATE clients SET caseworker_id = ${valueSql(p, caseworker, 'uuid')}, updated_at = now()
        WHERE id = ${p.add(clientId, 'uuid')} AND caseworker_id IS NULL`;
  }

  /** Erasure of the row itself: the personal fields go, the row stays for statistics. */
  async eraseIdentity(m: EntityManager, clientId: string, now: Date): Promise<void> {
    // A stored response names the client's appointment; the caller is hashed, yet of their email.
    await m.query(`DELETE FROM idempotency_keys WHERE client_id = $1`, [clientId]);
    await m.update(ClientEntity, { id: clientId }, { name: null, email: null, phone: null, erasedAt: now });
  }

  /** GDPR access: the client's links (no tokens, they are hashed) and audit trail. */
  async exportTrail(clientId: string): Promise<{ links: unknown[]; auditEvents: unknown[] }> {
    const links = await this.db.query<unknown[]>(
      `SELECT purpose, created_at, expires_at, revoked_at FROM capability_tokens WHERE client_id = $1
       ORDER BY created_at`,
      [clientId],
    );
    const auditEvents = await this.db.query<unknown[]>(
      `SELECT actor_type, actor_id, action, appointment_id, details, created_at FROM audit_events WHERE client_id = $1
       ORDER BY id`,
      [clientId],
    );
    return { links, auditEvents };
  }
}
