import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { StaffPrincipal } from '../auth/staff-principal';
import { AuditService } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { PUBLIC_URL } from '../common/injection-tokens';
import { buildFeed } from '../invites';
import { LinksService } from '../links/links.service';
import { CaseworkersService } from '../units/caseworkers.service';

const DAY = 86_400_000;

/** Initials only: "Sara Lind" → "S. L.". A shared or work calendar must not show who the client is. */
export function initials(name: string | null): string {
  if (!name) return '—';
  return name.trim().split(/\s+/).filter(Boolean).slice(0, 3).map((p) => `${[...p][0].toUpperCase()}.`).join(' ');
}

/** The caseworker's secret subscription feed for Outlook or Google Calendar. */
@Injectable()
export class FeedService {
  constructor(
    private readonly db: DataSource,
    private readonly caseworkers: CaseworkersService,
    private readonly tokens: CapabilityTokensService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly links: LinksService,
    @Inject(PUBLIC_URL) private readonly publicUrl: string,
  ) {}


  /** The caseworker's feed URL, the same on every call: a calendar subscribed to it keeps working. */
  async url(staff: StaffPrincipal, caseworkerId: string): Promise<string> {
    const cw = await this.ownFeed(staff, caseworkerId);
    return this.links.feedLink(cw.id);
  }

  /** A new secret URL; the previous one stops working (for a URL that leaked). */
  async rotateUrl(staff: StaffPrincipal, caseworkerId: string): Promise<string> {
    const cw = await this.ownFeed(staff, caseworkerId);
    return this.db.transaction(async (m) => {
      await this.audit.record({ unitId: cw.unitId, actor: { type: 'staff', id: staff.caseworkerId }, action: 'feed.rotated', details: { caseworkerId: cw.id } }, m);
      return this.links.newFeedLink(m, cw.id);
    });
  }

  private async ownFeed(staff: StaffPrincipal, caseworkerId: string) {
    const cw = await this.caseworkers.get(staff, caseworkerId);
    if (staff.role !== 'admin' && staff.caseworkerId !== cw.id) throw new DomainError(ErrorCode.FORBIDDEN, 'Only your own feed.');
    return cw;
  }

  async feed(token: string): Promise<string> {
    const cap = await this.tokens.resolve('feed', token);
    if (!cap?.caseworkerId) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    const now = this.clock.now();
    const [unit] = await this.db.query(`SELECT u.public_name, u.time_zone, u.address FROM units u JOIN caseworkers c ON c.unit_id = u.id WHERE c.id = $1`, [cap.caseworkerId]);
    const rows: Array<{ id: string; starts_at: Date; ends_at: Date; mode: string; status: string; sequence: number; name: string | null }> = await this.db.query(
      `SELECT a.id, a.starts_at, a.ends_at, a.mode, a.status, a.sequence, c.name FROM appointments a JOIN clients c ON c.id = a.client_id
        WHERE a.caseworker_id = $1 AND a.starts_at >= $2 AND a.starts_at < $3 AND a.status IN ('held', 'confirmed', 'cancelled', 'completed')
        ORDER BY a.starts_at LIMIT 1000`,
      [cap.caseworkerId, new Date(now.getTime() - 30 * DAY), new Date(now.getTime() + 180 * DAY)],
    );
    const host = new URL(this.publicUrl).hostname;
    return buildFeed({
      name: unit.public_name,
      timeZone: unit.time_zone,
      dtstamp: now,
      events: rows.map((r) => ({
        uid: `${r.id}@${host}`,
        sequence: r.sequence,
        start: r.starts_at,
        end: r.ends_at,
        summary: `${initials(r.name)} · ${r.mode === 'video' ? 'Video' : 'In person'}`,
        location: r.mode === 'video' ? 'Video' : unit.address,
        status: r.status === 'cancelled' ? 'CANCELLED' : r.status === 'held' ? 'TENTATIVE' : 'CONFIRMED',
      })),
    });
  }
}
