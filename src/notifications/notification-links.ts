import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { AppointmentEntity } from '../appointments/data/appointment.entity';
import { LinksService } from '../links/links.service';
import type { MailKind } from './templates';

export type MailLinks = { manage?: string; confirm?: string; join?: string; signIn?: string };

/** For the client page's join link (src/web), until it asks LinksService.joinPath itself. */
export { joinLinkExpiry } from '../links/link-lifetimes';

/**
 * Which links a mail carries; they are minted (LinksService) when it is sent, so a token exists only
 * hashed in the database and in the mail itself, never in a queued job. A retried send mints new
 * ones: the links of a failed attempt reached nobody. The join link is the exception: one per
 * appointment, re-derived for every mail and for the client page.
 */
@Injectable()
export class NotificationLinks {
  constructor(private readonly links: LinksService) {}

  /** The links the template shows for this kind: confirm on a hold, manage on the rest, join for video. */
  forAppointment(m: EntityManager, kind: MailKind, a: AppointmentEntity): Promise<MailLinks> {
    // Minted together: one INSERT for the mail (plus the join link's look-up for a video meeting).
    return this.links.appointmentMailLinks(m, a, {
      confirm: kind === 'hold',
      manage: kind !== 'hold',
      join: a.mode === 'video' && kind !== 'hold' && kind !== 'cancelled',
    });
  }

  personalLink(m: EntityManager, clientId: string): Promise<string> {
    return this.links.personalLink(m, clientId);
  }

  staffSignInLink(m: EntityManager, caseworkerId: string, next?: string): Promise<string> {
    return this.links.staffSignInLink(m, caseworkerId, next);
  }
}
