import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import type { StaffRole } from './staff-principal';
import { StaffTokenEntity } from './staff-token.entity';

/**
 * Last use is written at most this often per token: the resolve stays a read on almost every
 * request, and "last used" is for people, who do not need it to the second.
 */
const LAST_USED_RESOLUTION = '1 minute';

/** A live token's caseworker, as the token check finds them. */
export interface TokenHolder {
  caseworkerId: string;
  unitId: string;
  role: StaffRole;
  expiresAt: Date | null;
}

/** The one reader and writer of `staff_tokens` (bearer tokens for the staff API, stored hashed). */
@Injectable()
export class StaffTokenRepository {
  constructor(private readonly db: DataSource) {}

  /** A new token's row; its id. In the caller's transaction when given one. */
  async insert(
    row: { caseworkerId: string; label: string; tokenHash: Buffer; expiresAt: Date },
    m?: EntityManager,
  ): Promise<string> {
    const repo = (m ?? this.db.manager).getRepository(StaffTokenEntity);
    const saved = await repo.save(repo.create({ ...row, revokedAt: null }));
    return saved.id;
  }

  /** Revokes one live token of the caseworker; false when there was none (unknown, another's, or revoked). */
  async revoke(caseworkerId: string, tokenId: string, now: Date, m?: EntityManager): Promise<boolean> {
    const result = await (m ?? this.db.manager).update(
      StaffTokenEntity,
      { id: tokenId, caseworkerId, revokedAt: IsNull() },
      { revokedAt: now },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Revokes every live token of the caseworker; how many. */
  async revokeAllOf(caseworkerId: string, now: Date, m?: EntityManager): Promise<number> {
    const result = await (m ?? this.db.manager).update(
      StaffTokenEntity,
      { caseworkerId, revokedAt: IsNull() },
      { revokedAt: now },
    );
    return result.affected ?? 0;
  }

  /** Every token of the caseworker, revoked and expired ones too, oldest first. */
  listOf(caseworkerId: string): Promise<StaffTokenEntity[]> {
    return this.db.manager.find(StaffTokenEntity, {
      where: { caseworkerId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /**
   * The token check, ONE prepared statement: the token and its caseworker joined, and, in the same
   * statement, the token's last use recorded when the stored one is more than a minute old (the
   * condition is on the row itself, so two requests at once write it once). Refuses revoked and expired
   * tokens and deactivated caseworkers.
   */
  async holderOf(tokenHash: Buffer, now: Date): Promise<TokenHolder | null> {
    const [row] = await preparedQuery<{
      id: string;
      unit_id: string;
      role: StaffRole;
      expires_at: Date | null;
    }>(
      this.db,
      undefined,
      'staff-token-resolve',
      `WITH p AS (
         SELECT t.id AS token_id, t.expires_at, c.id, c.unit_id, c.role FROM staff_tokens t
           JOIN caseworkers c ON c.id = t.caseworker_id
          WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > $2) AND c.active
       ), used AS (
         UPDATE staff_tokens s SET last_used_at = $2 FROM p
          WHERE s.id = p.token_id
            AND (s.last_used_at IS NULL OR s.last_used_at < $2::timestamptz - interval '${LAST_USED_RESOLUTION}')
       )
       SELECT id, unit_id, role, expires_at FROM p`,
      [tokenHash, now],
    );
    return row ? { caseworkerId: row.id, unitId: row.unit_id, role: row.role, expiresAt: row.expires_at } : null;
  }
}
