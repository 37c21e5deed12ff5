import { Injectable } from '@nestjs/common';
import { StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { DomainError, ErrorCode } from '../common/errors';
import { Transactions } from '../common/transactions';
import { LinksService } from '../links/links.service';
import { CaseworkersService } from '../units/caseworkers.service';

/** The caseworker's secret subscription URL for Outlook or Google Calendar (the feed itself: FeedService). */
@Injectable()
export class FeedUrlService {
  constructor(
    private readonly transactions: Transactions,
    private readonly caseworkers: CaseworkersService,
    private readonly audit: AuditService,
    private readonly links: LinksService,
  ) {}

  /** The caseworker's feed URL, the same on every call: a calendar subscribed to it keeps working. */
  async url(staff: StaffPrincipal, caseworkerId: string): Promise<string> {
    const cw = await this.ownFeed(staff, caseworkerId);
    return this.links.feedLink(cw.id);
  }

  /** A new secret URL; the previous one stops working (for a URL that leaked). */
  async rotateUrl(staff: StaffPrincipal, caseworkerId: string): Promise<string> {
    const cw = await this.ownFeed(staff, caseworkerId);
    return this.transactions.run(async (m) => {
      await this.audit.record(
        {
          unitId: cw.unitId,
          actor: { type: 'staff', id: staff.caseworkerId },
          action: 'feed.rotated',
          details: { caseworkerId: cw.id },
        },
        m,
      );
      return this.links.newFeedLink(m, cw.id);
    });
  }

  private async ownFeed(staff: StaffPrincipal, caseworkerId: string) {
    const cw = await this.caseworkers.get(staff, caseworkerId);
    if (staff.role !== 'admin' && staff.caseworkerId !== cw.id)
      throw new DomainError(ErrorCode.FORBIDDEN, 'Only your own feed.');
    return cw;
  }
}
