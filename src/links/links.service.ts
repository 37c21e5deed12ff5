import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CapabilityTokensService, TokenRequest } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { PUBLIC_URL } from '../common/injection-tokens';
import { Transactions } from '../common/transactions';
import {
  confirmLinkExpiry,
  feedLinkExpiry,
  joinLinkExpiry,
  personalLinkExpiry,
  staffSignInLinkExpiry,
} from './link-lifetimes';

/**
 * Mints every capability link the service hands out (mails, the client page, staff answers), each
 * with its lifetime from link-lifetimes.ts. The token exists only here, in the link, and hashed in
 * the database.
 */
@Injectable()
export class LinksService {
  constructor(
    private readonly tokens: CapabilityTokensService,
    private readonly transactions: Transactions,
    private readonly clock: Clock,
    @Inject(PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  /** The client page: a new link each time (staff pass it on, each mail has its own). */
  async personalLink(m: EntityManager, clientId: string, notBefore?: Date): Promise<string> {
    const token = await this.tokens.issue(
      'personal_link',
      { clientId },
      personalLinkExpiry(this.clock.now(), notBefore),
      m,
    );
    return `${this.publicUrl}/me/${token}`;
  }

  async confirmLink(
    m: EntityManager,
    a: { id: string; clientId: string; holdExpiresAt: Date | null; startsAt: Date },
  ): Promise<string> {
    const token = await this.tokens.issue(
      'confirm',
      { appointmentId: a.id, clientId: a.clientId },
      confirmLinkExpiry(a),
      m,
    );
    return `${this.publicUrl}/confirm/${token}`;
  }

  /**
   * The links of one appointment mail in one INSERT (the join link, shared, only when it has no live
   * row yet), with the lifetimes of confirmLink, personalLink (not before the meeting's end) and
   * joinLink.
   */
  async appointmentMailLinks(
    m: EntityManager,
    a: { id: string; clientId: string; holdExpiresAt: Date | null; startsAt: Date; endsAt: Date },
    want: { confirm: boolean; manage: boolean; join: boolean },
  ): Promise<{ confirm?: string; manage?: string; join?: string }> {
    const names: Array<'confirm' | 'manage' | 'join'> = [];
    const requests: TokenRequest[] = [];
    if (want.confirm) {
      names.push('confirm');
      requests.push({
        purpose: 'confirm',
        subject: { appointmentId: a.id, clientId: a.clientId },
        expiresAt: confirmLinkExpiry(a),
      });
    }
    if (want.manage) {
      names.push('manage');
      requests.push({
        purpose: 'personal_link',
        subject: { clientId: a.clientId },
        expiresAt: personalLinkExpiry(this.clock.now(), a.endsAt),
      });
    }
    if (want.join) {
      names.push('join');
      requests.push({
        purpose: 'join',
        subject: { appointmentId: a.id, clientId: a.clientId },
        expiresAt: joinLinkExpiry(a.endsAt),
        shared: true,
      });
    }
    const tokens = await this.tokens.issueMany(requests, m);
    const paths = { confirm: '/confirm/', manage: '/me/', join: '/join/' };
    return Object.fromEntries(names.map((n, i) => [n, `${this.publicUrl}${paths[n]}${tokens[i]}`]));
  }

  /**
   * A staff member's sign-in link: random (not derived), valid STAFF_SIGN_IN_MINUTES from now, used
   * up by the POST that signs in. `next` is the local staff page to land on; it carries no power.
   */
  async staffSignInLink(m: EntityManager, caseworkerId: string, next?: string): Promise<string> {
    const token = await this.tokens.issue(
      'staff_sign_in',
      { caseworkerId },
      staffSignInLinkExpiry(this.clock.now()),
      m,
    );
    const query = next ? `?${new URLSearchParams({ next }).toString()}` : '';
    return `${this.publicUrl}/staff/sign-in/${token}${query}`;
  }

  /** One join link per appointment, the same in every mail and on the client page (re-derived). */
  async joinPath(a: { id: string; clientId: string; endsAt: Date }, m?: EntityManager): Promise<string> {
    return `/join/${await this.tokens.issueShared('join', { appointmentId: a.id, clientId: a.clientId }, joinLinkExpiry(a.endsAt), m)}`;
  }

  async joinLink(a: { id: string; clientId: string; endsAt: Date }, m?: EntityManager): Promise<string> {
    return `${this.publicUrl}${await this.joinPath(a, m)}`;
  }

  /**
   * The caseworker's feed URL, the same on every call: a calendar subscribed to it keeps working.
   * Tokens are stored hashed, so the URL cannot be read back; it is re-derived from its row's id.
   */
  async feedLink(caseworkerId: string): Promise<string> {
    const current = await this.tokens.current('feed', { caseworkerId });
    if (current) return this.feedUrl(this.tokens.derive('feed', current.id));
    return this.transactions.run((m) => this.issueFeed(m, caseworkerId));
  }

  /** A new feed URL; the previous one stops working (for a URL that leaked). */
  async newFeedLink(m: EntityManager, caseworkerId: string): Promise<string> {
    await this.tokens.revokeAll('feed', { caseworkerId }, m);
    return this.issueFeed(m, caseworkerId);
  }

  private async issueFeed(m: EntityManager, caseworkerId: string): Promise<string> {
    const { token } = await this.tokens.issueDerived('feed', { caseworkerId }, feedLinkExpiry(this.clock.now()), m);
    return this.feedUrl(token);
  }

  private feedUrl(token: string): string {
    return `${this.publicUrl}/feeds/${token}.ics`;
  }
}
