import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { StaffSessionsService } from './staff-sessions.service';
import { StaffTokensService } from './staff-tokens.service';

/**
 * Everything a caseworker signs in or reads with, taken away at once (offboarding,
 * CaseworkersService.deactivate): every bearer token revoked, every session ended, the feed URL and
 * any sign-in link dead. The caseworker's row itself is the caller's.
 */
@Injectable()
export class StaffLockout {
  constructor(
    private readonly tokens: StaffTokensService,
    private readonly capabilities: CapabilityTokensService,
    private readonly sessions: StaffSessionsService,
  ) {}

  /** In the caller's transaction; how many tokens were revoked and sessions ended (for the audit). */
  async lockOut(caseworkerId: string, m: EntityManager): Promise<{ tokensRevoked: number; sessionsEnded: number }> {
    const tokensRevoked = await this.tokens.revokeAll(caseworkerId, m);
    await this.capabilities.revokeAll(['feed', 'staff_sign_in'], { caseworkerId }, m);
    const sessionsEnded = await this.sessions.endAllFor(caseworkerId, m);
    return { tokensRevoked, sessionsEnded };
  }
}
