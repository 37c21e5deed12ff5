import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import { preparedQuery } from '../database/prepared-query';
import type { StaffRole } from './staff-principal';
import { SignInMethod, StaffSessionEntity } from './staff-session.entity';

/** A live session's row and its caseworker, as the session check finds them. */
export interface SessionHolder {
  sessionId: string;
  method: SignInMethod;
  caseworkerId: string;
  unitId: string;
  role: StaffRole;
}

/** The one reader and writer of `staff_sessions` (signed-in browsers; only the cookie's hash is stored). */
@Injectable()
export class StaffSessionRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * The unit of the caseworker while they are active, else null; their row is held (FOR SHARE) to the
   * end of the transaction, so a deactivation running now either waits for the new session (and ends
   * it) or wins (no session).
   */
  async shareActiveCaseworker(m: EntityManager, caseworkerId: string): Promise<{ unitId: string } | null> {
    const [cw] = await m.query<{ unit_id: string }[]>(
      `SELECT unit_id FROM caseworkers WHERE id = $1 AND active FOR SHARE`,
      [caseworkerId],
    );
    return cw ? { unitId: cw.unit_id } : null;
  }

  async insert(
    m: EntityManager,
    row: Pick<StaffSessionEntity, 'tokenHash' | 'caseworkerId' | 'method' | 'createdAt' | 'lastSeenAt' | 'expiresAt'>,
  ): Promise<void> {
    await m.insert(StaffSessionEntity, { ...row, endedAt: null });
  }

  /** Ends the session of this cookie hash, if it is not ended yet. */
  async endByHash(m: EntityManager, tokenHash: Buffer, now: Date): Promise<void> {
    await m.update(StaffSessionEntity, { tokenHash, endedAt: IsNull() }, { endedAt: now });
  }

  /**
   * The session check, ONE prepared statement: the live session of an ACTIVE caseworker (not ended,
   * before its absolute expiry, seen after `idleSince`), its last_seen_at touched; null otherwise.
   */
  async holderOf(tokenHash: Buffer, now: Date, idleSince: Date): Promise<SessionHolder | null> {
    const [row] = await preparedQuery<{
      session_id: string;
      method: SignInMethod;
      caseworker_id: string;
      unit_id: string;
      role: StaffRole;
    }>(
      this.db,
      undefined,
      'staff-session-resolve',
      `UPDATE staff_sessions s SET last_seen_at = GREATEST(s.last_seen_at, $2)
         FROM caseworkers c
        WHERE s.token_hash = $1 AND c.id = s.caseworker_id AND c.active
          AND s.ended_at IS NULL AND s.expires_at > $2 AND s.last_seen_at > $3
      RETURNING s.id AS session_id, s.method, c.id AS caseworker_id, c.unit_id, c.role`,
      [tokenHash, now, idleSince],
    );
    return row
      ? {
          sessionId: row.session_id,
          method: row.method,
          caseworkerId: row.caseworker_id,
          unitId: row.unit_id,
          role: row.role,
        }
      : null;
  }

  /**
   * Marks the session of this cookie hash ended (sign-out): whose it was, and whether it was still live
   * (not past its expiry nor idle since `idleSince`); null when there was no unended session.
   */
  async end(
    m: EntityManager,
    tokenHash: Buffer,
    now: Date,
    idleSince: Date,
  ): Promise<{ caseworkerId: string; unitId: string; method: SignInMethod; live: boolean } | null> {
    const [row] = await m.query<{ caseworker_id: string; method: SignInMethod; live: boolean; unit_id: string }[]>(
      `WITH s AS (
         UPDATE staff_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL
         RETURNING caseworker_id, method, (expires_at > $2 AND last_seen_at > $3) AS live)
       SELECT s.caseworker_id, s.method, s.live, c.unit_id FROM s JOIN caseworkers c ON c.id = s.caseworker_id`,
      [tokenHash, now, idleSince],
    );
    return row ? { caseworkerId: row.caseworker_id, unitId: row.unit_id, method: row.method, live: row.live } : null;
  }

  /** Deletes the rows that expired or were ended before `before`; how many. */
  async prune(before: Date): Promise<number> {
    const result = await this.db
      .createQueryBuilder()
      .delete()
      .from(StaffSessionEntity)
      .where('expires_at < :before OR ended_at < :before', { before })
      .execute();
    return result.affected ?? 0;
  }

  /** Ends every session of the caseworker; how many. */
  async endAllOf(caseworkerId: string, now: Date, m?: EntityManager): Promise<number> {
    const result = await (m ?? this.db.manager).update(
      StaffSessionEntity,
      { caseworkerId, endedAt: IsNull() },
      { endedAt: now },
    );
    return result.affected ?? 0;
  }
}
