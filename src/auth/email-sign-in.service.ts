import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService, SYSTEM } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { Transactions } from '../common/transactions';
import { SignInStaff, SignInStaffRepository } from './sign-in-staff.repository';
import { StaffSessionsService } from './staff-sessions.service';

export type { SignInStaff };

/** Why a sign-in link did not sign anyone in (audited when the caseworker is known). */
export type LinkFailure = 'link_used' | 'link_expired' | 'inactive';

/**
 * Email sign-in links (docs/product-rules.md, rule 12). Asking for a link is SignInLinkRequests'; its
 * link is minted when the mail is composed (LinksService.staffSignInLink: 15 minutes, single use,
 * stored hashed). Here the link is used: opening it changes nothing; using it (a POST) revokes it and
 * starts a session in one transaction.
 */
@Injectable()
export class EmailSignInService {
  private readonly logger = new Logger('SignIn');

  constructor(
    private readonly staff: SignInStaffRepository,
    private readonly transactions: Transactions,
    private readonly tokens: CapabilityTokensService,
    private readonly sessions: StaffSessionsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** GET of a link: whose it is while it can still sign in (live, caseworker active), else null. Changes nothing. */
  async usable(token: string): Promise<SignInStaff | null> {
    const row = await this.tokens.resolve('staff_sign_in', token);
    if (!row?.caseworkerId) return null;
    const cw = await this.staff.byId(row.caseworkerId);
    return cw?.active ? cw : null;
  }

  /**
   * POST of a link: uses it up and starts a session, in one transaction (a failed start leaves the
   * link working). Of two requests with one link exactly one gets a session. Null when the link is
   * unknown, used, expired, or its caseworker inactive; the failure is audited when the caseworker
   * is known, else logged without the token.
   */
  async signIn(token: string, previousToken?: string): Promise<{ token: string; expiresAt: Date } | null> {
    const started = await this.transactions.run(async (m) => {
      const used = await this.tokens.consume('staff_sign_in', token, m, { activeCaseworker: true });
      if (!used?.caseworkerId) return null;
      // The person is in: any other link mailed to them this quarter-hour has done its job.
      await this.tokens.revokeAll('staff_sign_in', { caseworkerId: used.caseworkerId }, m);
      return this.sessions.start({ caseworkerId: used.caseworkerId, method: 'email_link', previousToken }, m);
    });
    if (!started) await this.explainFailure(token);
    return started;
  }

  private async explainFailure(token: string): Promise<void> {
    const row = await this.tokens.inspect('staff_sign_in', token);
    const cw = row?.caseworkerId ? await this.staff.byId(row.caseworkerId) : null;
    if (!row || !cw) {
      this.logger.log('staff sign-in with an unknown link refused');
      return;
    }
    const reason: LinkFailure = !cw.active
      ? 'inactive'
      : row.revokedAt
        ? 'link_used'
        : row.expiresAt <= this.clock.now()
          ? 'link_expired'
          : 'link_used';
    await recordSignInFailure(this.audit, cw, reason);
  }
}

/** A sign-in link that signed no one in, audited; in the caller's transaction when given one. */
export function recordSignInFailure(
  audit: AuditService,
  cw: SignInStaff,
  reason: LinkFailure,
  m?: EntityManager,
): Promise<void> {
  return audit.record(
    {
      unitId: cw.unitId,
      actor: SYSTEM,
      action: 'staff.sign_in_failed',
      details: { method: 'email_link', reason, caseworkerId: cw.id },
    },
    m,
  );
}
