import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Config } from '../../config/config';
import { AuditService } from '../common/audit/audit.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { hashToken, newToken } from '../common/tokens';
import { Transactions } from '../common/transactions';
import { staffApiCsrfToken } from './session-cookie';
import { SignInMethod } from './staff-session.entity';
import { StaffSessionRepository } from './staff-session.repository';
import { StaffPrincipal } from './staff-principal';

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
    private readonly sessions: StaffSessionRepository,
    private readonly transactions: Transactions,
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
  start(
    input: { caseworkerId: string; method: SignInMethod; previousToken?: string },
    within?: EntityManager,
  ): Promise<{ token: string; expiresAt: Date }> {
    return this.transactions.run(async (m) => {
      const now = this.clock.now();
      const cw = await this.sessions.shareActiveCaseworker(m, input.caseworkerId);
      if (!cw) throw new DomainError(ErrorCode.UNAUTHENTICATED, 'The caseworker is not active.');
      if (input.previousToken) await this.sessions.endByHash(m, hashToken(input.previousToken), now);
      const token = newToken();
      const expiresAt = new Date(now.getTime() + this.maxMs);
      await this.sessions.insert(m, {
        tokenHash: hashToken(token),
        caseworkerId: input.caseworkerId,
        method: input.method,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
      });
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: input.caseworkerId },
          action: 'staff.signed_in',
          details: { method: input.method },
        },
        m,
      );
      return { token, expiresAt };
    }, within);
  }

  /**
   * The live session of an ACTIVE caseworker, or null (unknown, ended, idle longer than
   * STAFF_SESSION_IDLE_MINUTES, past its absolute expiry). Touches last_seen_at. One statement,
   * since every request with the cookie starts here.
   */
  async resolve(token: string): Promise<StaffSessionPrincipal | null> {
    if (token.length > 200) return null;
    const now = this.clock.now();
    const row = await this.sessions.holderOf(hashToken(token), now, new Date(now.getTime() - this.idleMs));
    return row ? { ...row, csrfToken: this.csrfTokenFor(row.sessionId) } : null;
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
    return this.transactions.run(async (m) => {
      const row = await this.sessions.end(m, hashToken(token), now, new Date(now.getTime() - this.idleMs));
      if (!row?.live) return null;
      await this.audit.record(
        {
          unitId: row.unitId,
          actor: { type: 'staff', id: row.caseworkerId },
          action: 'staff.signed_out',
          details: { method: row.method },
        },
        m,
      );
      return { caseworkerId: row.caseworkerId, unitId: row.unitId, method: row.method };
    });
  }

  /**
   * The daily retention run: rows ended or expired more than PRUNE_AFTER_DAYS ago can sign no one
   * in and are not the history (the audit log is). The number deleted.
   */
  prune(now: Date): Promise<number> {
    const before = new Date(now.getTime() - PRUNE_AFTER_DAYS * 86_400_000);
    return this.sessions.prune(before);
  }

  /** Ends every session of the caseworker (deactivation); the number ended. */
  endAllFor(caseworkerId: string, m?: EntityManager): Promise<number> {
    return this.sessions.endAllOf(caseworkerId, this.clock.now(), m);
  }
}
