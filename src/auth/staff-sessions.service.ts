import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { Config } from '../../config/config';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { hashToken, newToken } from '../common/tokens';
import { preparedQuery } from '../database/prepared-query';
import { staffApiCsrfToken } from './session-cookie';
import { SignInMethod, StaffSessionEntity } from './staff-session.entity';
import { StaffPrincipal, StaffRole } from './staff-principal';

export type { SignInMethod };

/** A caller signed in with the session cookie: who, which session, and the CSRF token its unsafe API calls need. */
export interface StaffSessionPrincipal extends StaffPrincipal {
  sessionId: string;
  method: SignInMethod;
  csrfToken: string;
}

export interface EndedSession {
  caseworkerId: string;
  unitId: string;
  method: SignInMethod;
}

/** Ended and expired rows are kept this long (the audit log keeps the history), then pruned. */
const PRUNE_AFTER_DAYS = 30;

/**
 * Server-side staff sessions (docs/product-rules.md, rule 12). The cookie holds a 256-bit random token; only
 * its SHA-256 is stored. A session ends when idle for STAFF_SESSION_IDLE_MINUTES, at its absolute
 * end (STAFF_SESSION_MAX_HOURS after sign-in), at sign-out, and when its caseworker is deactivated.
 */
@Injectable()
export class StaffSessionsService {
  private readonly idleMs: number;
  private readonly maxMs: number;

  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.idleMs = config.STAFF_SESSION_IDLE_MINUTES * 60_000;
    this.maxMs = config.STAFF_SESSION_MAX_HOURS * 3_600_000;
  }

  /**
   * A new session with a new random id (cookie token, 256 bit, stored hashed); ends `previousToken`'s
   * session if given (the id changes at sign-in). Audits 'staff.signed_in' { method } in the same
   * transaction. The caseworker must be active (callers match active ones; this is the last check).
   */
  async start(
    input: { caseworkerId: string; method: SignInMethod; previousToken?: string },
    m?: EntityManager,
  ): Promise<{ token: string; expiresAt: Date }> {
    if (!m) return this.db.transaction((tx) => this.start(input, tx));
    const now = this.clock.now();
    // FOR SHARE: a deactivation running now either waits for this session (and ends it) or wins (no session).
    const [cw] = await m.query<{ unit_id: string }[]>(
      `SELECT unit_id FROM caseworkers WHERE id = $1 AND active FOR SHARE`,
      [input.caseworkerId],
    );
    if (!cw) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The caseworker is not active.');
    if (input.previousToken) {
      await m.update(
        StaffSessionEntity,
        { tokenHash: hashToken(input.previousToken), endedAt: IsNull() },
        { endedAt: now },
      );
    }
    const token = newToken();
    const expiresAt = new Date(now.getTime() + this.maxMs);
    await m.insert(StaffSessionEntity, {
      tokenHash: hashToken(token),
      caseworkerId: input.caseworkerId,
      method: input.method,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      endedAt: null,
    });
    await this.audit.record(
      {
        unitId: cw.unit_id,
        actor: { type: 'staff', id: input.caseworkerId },
        action: 'staff.signed_in',
        details: { method: input.method },
      },
      m,
    );
    return { token, expiresAt };
  }

  /**
   * The live session of an ACTIVE caseworker, or null (unknown, ended, idle longer than
   * STAFF_SESSION_IDLE_MINUTES, past its absolute expiry). Touches last_seen_at. One statement,
   * since every request with the cookie starts here.
   */
  async resolve(token: string): Promise<StaffSessionPrincipal | null> {
    if (token.length > 200) return null;
    const now = this.clock.now();
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
      [hashToken(token), now, new Date(now.getTime() - this.idleMs)],
    );
    if (!row) return null;
    return {
      caseworkerId: row.caseworker_id,
      unitId: row.unit_id,
      role: row.role,
      sessionId: row.session_id,
      method: row.method,
      csrfToken: this.csrfTokenFor(row.session_id),
    };
  }

  /** The `X-CSRF-Token` of a session (derived from its row id, so any instance can check it). */
  csrfTokenFor(sessionId: string): string {
    return staffApiCsrfToken(this.config.TOKEN_SECRET, sessionId);
  }

  /**
   * Ends it server-side; audits 'staff.signed_out'. Returns who it was and how they signed in (an
   * oidc sign-out then also goes to the provider), or null when there was no live session (an
   * idle or expired one is marked ended all the same).
   */
  async end(token: string): Promise<EndedSession | null> {
    if (token.length > 200) return null;
    const now = this.clock.now();
    return this.db.transaction(async (m) => {
      const [row] = await m.query<{ caseworker_id: string; method: SignInMethod; live: boolean; unit_id: string }[]>(
        `WITH s AS (
           UPDATE staff_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL
           RETURNING caseworker_id, method, (expires_at > $2 AND last_seen_at > $3) AS live)
         SELECT s.caseworker_id, s.method, s.live, c.unit_id FROM s JOIN caseworkers c ON c.id = s.caseworker_id`,
        [hashToken(token), now, new Date(now.getTime() - this.idleMs)],
      );
      if (!row?.live) return null;
      await this.audit.record(
        {
          unitId: row.unit_id,
          actor: { type: 'staff', id: row.caseworker_id },
          action: 'staff.signed_out',
          details: { method: row.method },
        },
        m,
      );
      return { caseworkerId: row.caseworker_id, unitId: row.unit_id, method: row.method };
    });
  }

  /**
   * The daily retention run: rows ended or expired more than PRUNE_AFTER_DAYS ago can sign no one
   * in and are not the history (the audit log is). The number deleted.
   */
  async prune(now: Date): Promise<number> {
    const before = new Date(now.getTime() - PRUNE_AFTER_DAYS * 86_400_000);
    const result = await this.db
      .createQueryBuilder()
      .delete()
      .from(StaffSessionEntity)
      .where('expires_at < :before OR ended_at < :before', { before })
      .execute();
    return result.affected ?? 0;
  }

  /** Ends every session of the caseworker (deactivation); the number ended. */
  async endAllFor(caseworkerId: string, m?: EntityManager): Promise<number> {
    const result = await (m ?? this.db.manager).update(
      StaffSessionEntity,
      { caseworkerId, endedAt: IsNull() },
      { endedAt: this.clock.now() },
    );
    return result.affected ?? 0;
  }
}
