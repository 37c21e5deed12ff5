import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { AuditService, SYSTEM } from '../../common/audit/audit.service';
import { DomainError, ErrorCode } from '../../common/errors';
import { StaffSessionsService } from '../staff-sessions.service';
import { CaseworkerCandidate, matchCaseworker, RefusalReason } from './match-caseworker';
import type { OidcIdentity } from './oidc-client';

export type OidcSignInResult =
  { signedIn: true; token: string; expiresAt: Date } | { signedIn: false; reason: RefusalReason };

interface CandidateRow {
  id: string;
  unit_id: string;
  active: boolean;
  oidc_subject: string | null;
}

const toCandidate = (r: CandidateRow): CaseworkerCandidate => ({
  id: r.id,
  unitId: r.unit_id,
  active: r.active,
  oidcSubject: r.oidc_subject,
});

/**
 * Turns a provider-confirmed identity into a Samtal session, or refuses it: matched to an active
 * caseworker (see matchCaseworker), never creating one. Roles stay Samtal's. SQL on `caseworkers`
 * is written here, not borrowed from units/: auth/ does not import units/.
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger('Oidc');

  constructor(
    private readonly db: DataSource,
    private readonly sessions: StaffSessionsService,
    private readonly audit: AuditService,
  ) {}

  async signIn(identity: OidcIdentity, previousToken?: string): Promise<OidcSignInResult> {
    try {
      return await this.db.transaction(async (m) => {
        const match = matchCaseworker(
          identity,
          await this.byIdentity(m, identity),
          identity.email ? await this.byEmail(m, identity.email) : [],
        );
        if (!match.matched) return this.refuse(m, match.reason, match.caseworker);
        const cw = match.caseworker;
        if (match.link) {
          // Only while still active and unlinked (the UPDATE locks the row; start() below locks it too).
          const linked: unknown = await m.query<unknown>(
            `UPDATE caseworkers SET oidc_issuer = $2, oidc_subject = $3
              WHERE id = $1 AND active AND oidc_subject IS NULL RETURNING id`,
            [cw.id, identity.iss, identity.sub],
          );
          if (rowsOf(linked).length === 0) return this.refuse(m, 'not_found');
        }
        // start() re-checks that the caseworker is active under a row lock, so a deactivation at
        // this moment either ends this session too or prevents it (then UNAUTHENTICATED: refused).
        const session = await this.sessions.start({ caseworkerId: cw.id, method: 'oidc', previousToken }, m);
        return { signedIn: true as const, ...session };
      });
    } catch (err) {
      // Another caseworker took this (iss, sub) a moment ago (two first sign-ins at once).
      if (err instanceof QueryFailedError && (err.driverError as { code?: string }).code === '23505')
        return this.refuse(this.db.manager, 'identity_taken');
      // Deactivated between the match and the session.
      if (err instanceof DomainError && err.code === ErrorCode.UNAUTHENTICATED)
        return this.refuse(this.db.manager, 'inactive');
      throw err;
    }
  }

  private async byIdentity(m: EntityManager, identity: OidcIdentity): Promise<CaseworkerCandidate | null> {
    const rows = await m.query<CandidateRow[]>(
      `SELECT id, unit_id, active, oidc_subject FROM caseworkers WHERE oidc_issuer = $1 AND oidc_subject = $2`,
      [identity.iss, identity.sub],
    );
    return rows[0] ? toCandidate(rows[0]) : null;
  }

  private async byEmail(m: EntityManager, email: string): Promise<CaseworkerCandidate[]> {
    const rows = await m.query<CandidateRow[]>(
      `SELECT id, unit_id, active, oidc_subject FROM caseworkers WHERE lower(email) = lower($1) ORDER BY id LIMIT 20`,
      [email.trim()],
    );
    return rows.map(toCandidate);
  }

  /**
   * A refusal about a known caseworker is audited in their unit ('staff.sign_in_failed', ids and the
   * reason only). Without one there is no unit to audit in (audit_events.unit_id is NOT NULL): a log
   * line, never with the email.
   */
  private async refuse(
    m: EntityManager,
    reason: RefusalReason,
    caseworker?: CaseworkerCandidate,
  ): Promise<OidcSignInResult> {
    if (caseworker)
      await this.audit.record(
        {
          unitId: caseworker.unitId,
          actor: SYSTEM,
          action: 'staff.sign_in_failed',
          details: { method: 'oidc', reason, caseworkerId: caseworker.id },
        },
        m,
      );
    else this.logger.warn(`OpenID Connect sign-in refused: ${reason}`);
    return { signedIn: false, reason };
  }
}

/** `m.query` answers rows for SELECT, and [rows, count] for UPDATE … RETURNING on PostgreSQL. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number')
    return result[0] as unknown[];
  return Array.isArray(result) ? result : [];
}
