import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Config } from '../../config/config';
import { AppointmentEntity } from '../appointments/appointment.entity';
import type { NotifyJob } from '../appointments/appointment-events';
import { CONFIG } from '../common/injection-tokens';
import { ClientEntity } from '../clients/client.entity';
import { buildInvite } from '../invites';
import { UnitEntity } from '../units/unit.entity';
import { MailKind, pickLocale, renderMail } from './templates';
import type { OutgoingMail } from './mail-transport';

/** Why a queued notification is no longer worth sending. */
export type SkipReason = 'gone' | 'superseded' | 'not_confirmed' | 'erased';

/**
 * Turns a queued notification into a mail, from the appointment as it is NOW: a reminder for a
 * rescheduled or cancelled appointment is dropped, and a change superseded by a later one is not
 * sent (the later change's mail carries the current state).
 */
@Injectable()
export class NotificationComposer {
  private readonly host: string;

  constructor(
    private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: Config,
  ) {
    this.host = new URL(config.PUBLIC_URL).hostname;
  }

  async compose(job: NotifyJob, jobId: string): Promise<OutgoingMail | SkipReason> {
    const client = await this.db.manager.findOneBy(ClientEntity, { id: job.clientId });
    if (!client) return 'gone';
    if (!client.email || client.erasedAt) return 'erased';
    const unit = await this.db.manager.findOneByOrFail(UnitEntity, { id: client.unitId });
    const locale = pickLocale(client.locale, unit.defaultLocale);
    const from = unit.mailbox ? `"${unit.publicName.replace(/["\r\n]/g, '')}" <${unit.mailbox}>` : this.config.MAIL_FROM;
    const base = { from, to: client.email, messageId: `<notify-${jobId}@${this.host}>`, links: job.links as Record<string, string> };

    if (job.kind === 'personal_link') {
      const mail = renderMail({ kind: 'personal_link', locale, publicName: unit.publicName, clientName: client.name ?? '', start: new Date(0), end: new Date(0), timeZone: unit.timeZone, mode: 'in_person', manageUrl: job.links.manage });
      return { ...base, ...mail };
    }

    const a = job.appointmentId ? await this.db.manager.findOneBy(AppointmentEntity, { id: job.appointmentId }) : null;
    if (!a) return 'gone';
    if (job.kind === 'reminder' && (a.status !== 'confirmed' || a.sequence !== job.sequence)) return a.status === 'confirmed' ? 'superseded' : 'not_confirmed';
    if (job.kind !== 'cancelled' && job.sequence !== undefined && a.sequence > job.sequence) return 'superseded';
    if (job.kind === 'hold' && a.status !== 'held') return 'superseded';

    const mail = renderMail({
      kind: job.kind as MailKind,
      locale,
      publicName: unit.publicName,
      clientName: client.name ?? '',
      start: a.startsAt,
      end: a.endsAt,
      timeZone: unit.timeZone,
      mode: a.mode,
      address: unit.address || undefined,
      joinUrl: job.links.join,
      manageUrl: job.links.manage,
      confirmUrl: job.links.confirm,
      holdExpiresAt: a.holdExpiresAt ?? undefined,
      previousStart: job.previousStartsAt ? new Date(job.previousStartsAt) : undefined,
    });
    const method = job.kind === 'cancelled' ? 'CANCEL' : job.kind === 'confirmed' || job.kind === 'rescheduled' || job.kind === 'mode_changed' ? 'REQUEST' : null;
    if (!method) return { ...base, ...mail };
    const content = buildInvite({
      method,
      uid: `${a.id}@${this.host}`,
      sequence: a.sequence,
      dtstamp: new Date(),
      start: a.startsAt,
      end: a.endsAt,
      timeZone: unit.timeZone,
      summary: unit.publicName,
      organizer: { name: unit.publicName, email: unit.mailbox ?? emailOf(this.config.MAIL_FROM) },
      attendee: { name: client.name ?? '', email: client.email },
      location: a.mode === 'video' ? videoLocation(locale, job.links.join) : unit.address,
      description: describeLinks(job.links),
      url: job.links.join ?? job.links.manage,
    });
    return { ...base, ...mail, invite: { method, content } };
  }
}

function emailOf(from: string): string {
  return /<([^>]+)>/.exec(from)?.[1] ?? from;
}

function videoLocation(locale: string, joinUrl?: string): string {
  const label = locale === 'sv' ? 'Videomöte' : locale === 'de' ? 'Videotermin' : 'Video meeting';
  return joinUrl ? `${label}: ${joinUrl}` : label;
}

/** Only links: nothing about the meeting's purpose goes into a calendar. */
function describeLinks(links: NotifyJob['links']): string {
  return [links.join ? `Join: ${links.join}` : null, links.manage ? `Manage: ${links.manage}` : null].filter(Boolean).join('\n');
}
