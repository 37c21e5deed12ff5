import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, MoreThanOrEqual, Repository } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import { CapabilityTokenEntity, TokenPurpose } from './capability-token.entity';

export interface TokenSubject {
  clientId?: string | null;
  appointmentId?: string | null;
  caseworkerId?: string | null;
}

export interface NewTokenRow {
  id?: string;
  purpose: TokenPurpose;
  tokenHash: Buffer;
  subject: TokenSubject;
  expiresAt: Date;
}

/** The only code that reads or writes `capability_tokens`. */
@Injectable()
export class CapabilityTokenRepository {
  constructor(@InjectRepository(CapabilityTokenEntity) private readonly tokens: Repository<CapabilityTokenEntity>) {}

  private repo(m?: EntityManager): Repository<CapabilityTokenEntity> {
    return m ? m.getRepository(CapabilityTokenEntity) : this.tokens;
  }

  async insert(row: NewTokenRow, m?: EntityManager): Promise<void> {
    await this.repo(m).insert({
      ...(row.id ? { id: row.id } : {}),
      purpose: row.purpose,
      tokenHash: row.tokenHash,
      clientId: row.subject.clientId ?? null,
      appointmentId: row.subject.appointmentId ?? null,
      caseworkerId: row.subject.caseworkerId ?? null,
      expiresAt: row.expiresAt,
      revokedAt: null,
    });
  }

  /**
   * Rows with their ids in one named statement (a mail's links: one to three), planned once per
   * connection whatever their number. In the caller's transaction when given one.
   */
  async insertMany(rows: Array<NewTokenRow & { id: string }>, m?: EntityManager): Promise<void> {
    if (!rows.length) return;
    await preparedQuery(
      this.tokens.manager.connection,
      m,
      'capability-tokens-insert',
      `INSERT INTO capability_tokens (id, purpose, token_hash, client_id, appointment_id, caseworker_id, expires_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[], $4::uuid[], $5::uuid[], $6::uuid[], $7::timestamptz[])`,
      [
        rows.map((r) => r.id),
        rows.map((r) => r.purpose),
        rows.map((r) => r.tokenHash),
        rows.map((r) => r.subject.clientId ?? null),
        rows.map((r) => r.subject.appointmentId ?? null),
        rows.map((r) => r.subject.caseworkerId ?? null),
        rows.map((r) => r.expiresAt),
      ],
    );
  }

  /** Until the transaction ends, others issuing for the same purpose and subject wait. */
  async lockSubject(m: EntityManager, purpose: TokenPurpose, subject: TokenSubject): Promise<void> {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [
      `token:${purpose}:${subject.appointmentId ?? ''}:${subject.clientId ?? ''}:${subject.caseworkerId ?? ''}`,
    ]);
  }

  /**
   * The newest unrevoked row of this purpose for the subject that expires after `after` (or at/after `atLeastUntil`).
   */
  newestLive(
    purpose: TokenPurpose,
    subject: TokenSubject,
    expiry: { after: Date } | { atLeastUntil: Date },
    m?: EntityManager,
  ): Promise<CapabilityTokenEntity | null> {
    return this.repo(m).findOne({
      where: {
        purpose,
        revokedAt: IsNull(),
        expiresAt: 'after' in expiry ? MoreThan(expiry.after) : MoreThanOrEqual(expiry.atLeastUntil),
        ...(subject.caseworkerId ? { caseworkerId: subject.caseworkerId } : {}),
        ...(subject.clientId ? { clientId: subject.clientId } : {}),
        ...(subject.appointmentId ? { appointmentId: subject.appointmentId } : {}),
      },
      order: { createdAt: 'DESC' },
    });
  }

  /**
   * Uses a single-use token up: one UPDATE that revokes it while it is live, so of two requests
   * racing with one token exactly one gets the row (the other waits for the row lock, then finds it
   * revoked). With `activeCaseworker`, only while the token's caseworker is active.
   */
  async consume(
    m: EntityManager,
    purpose: TokenPurpose,
    tokenHash: Buffer,
    now: Date,
    opts: { activeCaseworker?: boolean } = {},
  ): Promise<(TokenSubject & { id: string }) | null> {
    const [rows] = await m.query<
      [
        Array<{ id: string; client_id: string | null; appointment_id: string | null; caseworker_id: string | null }>,
        number,
      ]
    >(
      `UPDATE capability_tokens t SET revoked_at = $3
        WHERE t.token_hash = $1 AND t.purpose = $2 AND t.revoked_at IS NULL AND t.expires_at > $3${
          opts.activeCaseworker
            ? ' AND EXISTS (SELECT 1 FROM caseworkers c WHERE c.id = t.caseworker_id AND c.active)'
            : ''
        }
        RETURNING t.id, t.client_id, t.appointment_id, t.caseworker_id`,
      [tokenHash, purpose, now],
    );
    const row = rows[0];
    return row
      ? { id: row.id, clientId: row.client_id, appointmentId: row.appointment_id, caseworkerId: row.caseworker_id }
      : null;
  }

  /** The row of this purpose and hash in whatever state (to tell why a token did not work), or null. */
  find(purpose: TokenPurpose, tokenHash: Buffer): Promise<CapabilityTokenEntity | null> {
    return this.tokens.findOne({ where: { tokenHash, purpose } });
  }

  findLive(purpose: TokenPurpose, tokenHash: Buffer, now: Date): Promise<CapabilityTokenEntity | null> {
    return this.tokens.findOne({ where: { tokenHash, purpose, revokedAt: IsNull(), expiresAt: MoreThan(now) } });
  }

  async revoke(purposes: TokenPurpose[], subject: TokenSubject, now: Date, m?: EntityManager): Promise<void> {
    const qb = this.repo(m).createQueryBuilder().update().set({ revokedAt: now }).where('revoked_at IS NULL');
    qb.andWhere('purpose = ANY(:purposes)', { purposes });
    if (subject.clientId) qb.andWhere('client_id = :clientId', { clientId: subject.clientId });
    if (subject.appointmentId) qb.andWhere('appointment_id = :appointmentId', { appointmentId: subject.appointmentId });
    if (subject.caseworkerId) qb.andWhere('caseworker_id = :caseworkerId', { caseworkerId: subject.caseworkerId });
    await qb.execute();
  }

  /** Deletes expired and revoked rows, and join rows of meetings that ended `joinKeepDays` ago or are gone. */
  async prune(now: Date, joinKeepDays: number): Promise<number> {
    const [, deleted] = await this.tokens.query<[unknown, number]>(
      `DELETE FROM capability_tokens t
        WHERE t.expires_at <= $1 OR t.revoked_at IS NOT NULL
           OR (t.purpose = 'join' AND NOT EXISTS (
                SELECT 1 FROM appointments a WHERE a.id = t.appointment_id
                  AND a.ends_at > $1::timestamptz - make_interval(days => $2)))`,
      [now, joinKeepDays],
    );
    return deleted;
  }
}
