import { Inject, Injectable } from '@nestjs/common';
import type { Config } from '../../config/config';
import { AppointmentRepository } from '../appointments/data/appointment.repository';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { DomainError, ErrorCode } from '../common/errors';
import { CONFIG } from '../common/injection-tokens';
import { buildFeed } from '../invites';

const DAY = 86_400_000;

/** Initials only: "Sara Lind" → "S. L.". A shared or work calendar must not show who the client is. */
export function initials(name: string | null): string {
  if (!name) return '—';
  return name
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 3)
    .map((p) => `${[...p][0].toUpperCase()}.`)
    .join(' ');
}

/** The caseworker's secret subscription feed (its URL: FeedUrlService). */
@Injectable()
export class FeedService {
  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly tokens: CapabilityTokensService,
    private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Config,
  ) {}

  async feed(token: string): Promise<string> {
    const cap = await this.tokens.resolve('feed', token);
    if (!cap?.caseworkerId) throw new DomainError(ErrorCode.NOT_FOUND, 'Not found');
    const now = this.clock.now();
    const { unit, rows } = await this.appointments.feedOf(
      cap.caseworkerId,
      new Date(now.getTime() - 30 * DAY),
      new Date(now.getTime() + 180 * DAY),
    );
    const host = new URL(this.config.PUBLIC_URL).hostname;
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
