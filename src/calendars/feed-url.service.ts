import { Inject, Injectable } from '@nestjs/common';
import { createHmac, randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import type { Config } from '../../config/config';
import { StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { CaseworkersService } from '../units/caseworkers.service';

const DAY = 86_400_000;
const FEED_TOKEN_DAYS = 3650;

/** The feed token of a token row: HMAC(TOKEN_SECRET, the row's id). */
export function feedToken(config: Pick<Config, 'TOKEN_SECRET'>, rowId: string): string {
  return createHmac('sha256', config.TOKEN_SECRET).update(`feed:${rowId}`).digest('base64url');
}

/** The caseworker's secret subscription URL for Outlook or Google Calendar (the feed itself: FeedService). */
@Injectable()
export class FeedUrlService {
  constructor(
    private readonly db: DataSource,
    private readonly caseworkers: CaseworkersService,
    private readonly tokens: CapabilityTokensService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  /**
   * The caseworker's feed URL, the same on every call: a calendar subscribed to it keeps working.
   * Tokens are stored hashed, so the URL cannot be read back; it is re-derived instead, as
   * HMAC(TOKEN_SECRET, id of the token's row). A database leak alone yields no feed.
   */
  async url(staff: StaffPrincipal, caseworkerId: string): Promise<string> {
    const cw = await this.ownFeed(staff, caseworkerId);
    const current = await this.tokens.current('feed', { caseworkerId: cw.id });
    return this.feedUrl(current?.id ?? (await this.db.transaction((m) => this.issue(m, cw.id))));
  }

  /** A new secret URL; the previous one stops working (for a URL that leaked). */
  async rotateUrl(staff: StaffPrincipal, caseworkerId: string): Promise<string> {
    const cw = await this.ownFeed(staff, caseworkerId);
    return this.feedUrl(await this.db.transaction(async (m) => {
      await this.tokens.revokeAll('feed', { caseworkerId: cw.id }, m);
      await this.audit.record({ unitId: cw.unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'feed.rotated', details: { caseworkerId: cw.id } }, m);
      return this.issue(m, cw.id);
    }));
  }

  private async ownFeed(staff: StaffPrincipal, caseworkerId: string) {
    const cw = await this.caseworkers.get(staff, caseworkerId);
    if (staff.role !== 'admin' && staff.caseworkerId !== cw.id) throw new DomainError(ErrorCode.FORBIDDEN, 'Only your own feed.');
    return cw;
  }

  /** A feed token row whose token is derived from its id; returns the id. */
  private async issue(m: EntityManager, caseworkerId: string): Promise<string> {
    const id = randomUUID();
    await this.tokens.issueDerived(id, 'feed', feedToken(this.config, id), { caseworkerId }, new Date(this.clock.now().getTime() + FEED_TOKEN_DAYS * DAY), m);
    return id;
  }

  private feedUrl(rowId: string): string {
    return `${this.config.PUBLIC_URL}/feeds/${feedToken(this.config, rowId)}.ics`;
  }
}
