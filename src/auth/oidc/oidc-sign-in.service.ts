import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, SYSTEM } from '../../common/audit/audit.service';
import { DomainError, ErrorCode } from '../../common/errors';
import { Transactions } from '../../common/transactions';
import { SignInStaffRepository } from '../sign-in-staff.repository';
import { StaffSessionsService } from '../staff-sessions.service';
import { CaseworkerCandidate, matchCaseworker, RefusalReason } from './match-caseworker';
import type { OidcIdentity } from './oidc-client';

export type OidcSignInResult =
  { signedIn: true; token: string; expiresAt: Date } | { signedIn: false; reason: RefusalReason };

/**
 * Turns a provider-confirmed identity into a Samtal session, or refuses it: matched to an active
 * caseworker (see matchCaseworker), never creating one. Roles stay Samtal's. Its reads and its one
 * write of `caseworkers` are SignInStaffRepository's (auth/ does not import units/).
 */
@Injectable()
export class OidcSignInService {
  private readonly logger = new Logger('Oidc');

  constructor(
    private readonly staff: SignInStaffRepository,
    private readonly transactions: Transactions,
    private readonly sessions: StaffSessionsService,
    private readonly audit: AuditService,
  ) {}

  async signIn(identity: OidcIdentity, previousToken?: string): Promise<OidcSignInResult> {
    try {
      return await this.transactions.run(async (m) => {
        const match = matchCaseworker(
          identity,
          await this.staff.oidcLinked(m, identity.iss, identity.sub),
          identity.email ? await this.staff.oidcByEmail(m, identity.email) : [],
        );
        if (!match.matched) return this.refuse(m, match.reason, match.caseworker);
        const cw = match.caseworker;
        if (match.link) {
          // Only while still active and unlinked (the UPDATE locks the row; start() below locks it too).
          if (!(await this.staff.linkOidc(m, cw.id, identity.iss, identity.sub))) return this.refuse(m, 'not_found');
        }
        // start() re-checks that the caseworker is active under a row lock, so a deactivation at
        // this moment either ends this session too or prevents it (then UNAUTHENTICATED: refused).
        const session = await this.sessions.start({ caseworkerId: cw.id, method: 'oidc', previousToken }, m);
        return { signedIn: true as const, ...session };
      });
    } catch (err) {
      // Another caseworker took this (iss, sub) a moment ago (two first sign-ins at once).
      if (SignInStaffRepository.isIdentityTaken(err)) return this.refuse(undefined, 'identity_taken');
      // Deactivated between the match and the session.
      if (err instanceof DomainError && err.code === ErrorCode.UNAUTHENTICATED)
        return this.refuse(undefined, 'inactive');
      throw err;
    }
  }

  /**
   * A refusal about a known caseworker is audited in their unit ('staff.sign_in_failed', ids and the
   * reason only). Without one there is no unit to audit in (audit_events.unit_id is NOT NULL): a log
   * line, never with the email.
   */
  private async refuse(
    m: EntityManager | undefined,
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
