import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AppointmentEntity } from '../appointments/appointment.entity';
import { PERSONAL_LINK_DAYS } from '../clients/clients.service';
import type { TokenPurpose } from '../common/capability-token.entity';
import { CapabilityTokensService, JOIN_TOKEN_KEEP_DAYS, TokenSubject } from '../common/capability-tokens.service';
import { Clock } from '../common/clock';
import { PUBLIC_URL } from '../common/injection-tokens';
import type { MailKind } from './templates';

export type MailLinks = { manage?: string; confirm?: string; join?: string };

/** A join link works until this long after the meeting; the client page shows the same link. */
export const JOIN_LINK_DAYS = JOIN_TOKEN_KEEP_DAYS;
/** A confirm link outlives its hold, so a late click gets "too late, book again" rather than "not valid". */
const CONFIRM_DAYS_AFTER_HOLD = 7;
const DAY = 86_400_000;

export function joinLinkExpiry(endsAt: Date): Date {
  return new Date(endsAt.getTime() + JOIN_LINK_DAYS * DAY);
}

/**
 * Mints the capability links of one mail when it is sent, so a token exists only hashed in the
 * database and in the mail itself, never in a queued job. A retried send mints new ones: the links
 * of a failed attempt reached nobody. The join link is the exception: one per appointment, re-derived
 * for every mail and for the client page (see CapabilityTokensService.issueShared).
 */
@Injectable()
export class NotificationLinks {
  constructor(
    private readonly tokens: CapabilityTokensService,
    private readonly clock: Clock,
    @Inject(PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  /** The links the template shows for this kind: confirm on a hold, manage on the rest, join for video. */
  async forAppointment(m: EntityManager, kind: MailKind, a: AppointmentEntity): Promise<MailLinks> {
    const links: MailLinks = {};
    if (kind === 'hold') {
      const until = new Date((a.holdExpiresAt ?? a.startsAt).getTime() + CONFIRM_DAYS_AFTER_HOLD * DAY);
      links.confirm = await this.link(m, 'confirm', 'confirm', { appointmentId: a.id, clientId: a.clientId }, until);
    } else {
      links.manage = await this.personalLink(m, a.clientId, a.endsAt);
    }
    if (a.mode === 'video' && kind !== 'hold' && kind !== 'cancelled') {
      const token = await this.tokens.issueShared('join', { appointmentId: a.id, clientId: a.clientId }, joinLinkExpiry(a.endsAt), m);
      links.join = `${this.publicUrl}/join/${token}`;
    }
    return links;
  }

  /** The client page, for a year from now, or from `notBefore` (a meeting's end) when that is later. */
  personalLink(m: EntityManager, clientId: string, notBefore?: Date): Promise<string> {
    const from = Math.max(this.clock.now().getTime(), notBefore?.getTime() ?? 0);
    return this.link(m, 'personal_link', 'me', { clientId }, new Date(from + PERSONAL_LINK_DAYS * DAY));
  }

  private async link(m: EntityManager, purpose: TokenPurpose, path: string, subject: TokenSubject, expiresAt: Date): Promise<string> {
    return `${this.publicUrl}/${path}/${await this.tokens.issue(purpose, subject, expiresAt, m)}`;
  }
}
