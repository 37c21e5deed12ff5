import { Inject, Injectable } from '@nestjs/common';
import { maskPhone } from '../common/phone-number';
import type { EntityManager } from 'typeorm';
import type { Config } from '../../config/config';
import type { AppointmentEntity } from '../appointments/data/appointment.entity';
import { AppointmentRepository } from '../appointments/data/appointment.repository';
import type { ClientEntity } from '../clients/client.entity';
import { ClientRepository } from '../clients/client.repository';
import { CONFIG } from '../common/injection-tokens';
import { negotiateLocale } from '../common/locale';
import type { ClientNotifyJob } from '../jobs/job-contracts';
import type { CaseworkerEntity } from '../units/caseworker.entity';
import { labelFor } from '../units/meeting-type-label';
import type { MeetingTypeEntity } from '../units/meeting-type.entity';
import type { UnitEntity } from '../units/unit.entity';
import { appointmentInvite } from './appointment-invite';
import { MailOrigin, SkipReason } from './composed-mail';
import type { OutgoingMail } from './mail-transport';
import { NotificationContextReadModel } from './notification-context.read-model';
import { MailLinks, NotificationLinks } from './notification-links';
import { inviteMethod, MailKind, renderMail, sender } from './templates';

/**
 * A client's mail (booked, changed, reminder, personal link …) from the appointment and client as
 * they are NOW, in NotificationComposer's transaction: its context read, its links minted, its text
 * rendered and, for a meeting, its calendar invite attached.
 */
@Injectable()
export class ClientMailComposer {
  private readonly origin: MailOrigin;

  constructor(
    private readonly appointments: AppointmentRepository,
    private readonly clients: ClientRepository,
    private readonly context: NotificationContextReadModel,
    private readonly links: NotificationLinks,
    @Inject(CONFIG) config: Config,
  ) {
    this.origin = new MailOrigin(config);
  }

  async compose(m: EntityManager, job: ClientNotifyJob, jobId: string): Promise<OutgoingMail | SkipReason> {
    const found = await this.read(m, job);
    if (typeof found === 'string') return found;
    const { appointment: a, client, email, unit } = found;
    const locale = negotiateLocale([client.locale, unit.defaultLocale]);
    const base = {
      from: sender(unit.publicName, unit.mailbox ?? this.origin.fromAddress),
      to: email,
      messageId: this.origin.messageId(jobId),
    };

    if (job.kind === 'personal_link') {
      const links: MailLinks = { manage: await this.links.personalLink(m, client.id) };
      const mail = renderMail({
        kind: 'personal_link',
        locale,
        publicName: unit.publicName,
        clientName: client.name ?? '',
        start: new Date(0),
        end: new Date(0),
        timeZone: unit.timeZone,
        mode: 'in_person',
        manageUrl: links.manage,
      });
      return { ...base, ...mail, links };
    }

    if (!a) return 'gone';
    if (job.kind === 'reminder' && (a.status !== 'confirmed' || a.sequence !== job.sequence))
      return a.status === 'confirmed' ? 'superseded' : 'not_confirmed';
    if (job.kind !== 'cancelled' && job.sequence !== undefined && a.sequence > job.sequence) return 'superseded';
    if (job.kind === 'hold' && a.status !== 'held') return 'superseded';

    const kind = job.kind as MailKind;
    const links = await this.links.forAppointment(m, kind, a);
    // The job names no one: whoever has the meeting when the mail is sent is named.
    const { caseworker, type } = found;
    // Issue 12: the meeting type's label in the client's language, else its publicLabel.
    const mail = renderMail({
      kind,
      locale,
      publicName: unit.publicName,
      clientName: client.name ?? '',
      caseworkerName: caseworker?.name,
      meetingLabel: type ? labelFor(type, locale) : undefined,
      start: a.startsAt,
      end: a.endsAt,
      timeZone: unit.timeZone,
      mode: a.mode,
      // Phone: the number the caseworker calls, all but its last four digits hidden (rule 14).
      phoneMasked: a.mode === 'phone' && client.phone ? maskPhone(client.phone) : undefined,
      address: unit.address || undefined,
      joinUrl: links.join,
      manageUrl: links.manage,
      confirmUrl: links.confirm,
      holdExpiresAt: a.holdExpiresAt ?? undefined,
      previousStart: job.previousStartsAt ? new Date(job.previousStartsAt) : undefined,
    });
    const method = inviteMethod(kind);
    if (!method) return { ...base, ...mail, links };
    const content = appointmentInvite({
      method,
      appointment: a,
      unit,
      client: { name: client.name ?? '', email },
      organizer: { name: unit.publicName, email: unit.mailbox ?? this.origin.fromAddress },
      joinUrl: links.join,
      locale,
      host: this.origin.host,
      dtstamp: new Date(),
    });
    return { ...base, ...mail, links, invite: { method, content } };
  }

  /**
   * The appointment (when the job names one) and the client, locked in that order, with the unit,
   * the meeting type and (for a reassignment) the caseworker: one statement when both rows are
   * there, which is nearly always. When one is missing they are read one at a time as before, so
   * the skip reason is the same ('gone' for a missing client before 'erased', 'erased' before a
   * missing appointment, which a personal link does without).
   */
  private async read(m: EntityManager, job: ClientNotifyJob): Promise<ComposeContext | SkipReason> {
    if (job.appointmentId) {
      const all = await this.context.appointmentMail(m, job.appointmentId, job.clientId, job.kind === 'reassigned');
      if (all) {
        if (!all.client.email || all.client.erasedAt) return 'erased';
        return { ...all, email: all.client.email };
      }
    } else {
      const found = await this.context.client(m, job.clientId);
      if (!found) return 'gone';
      if (!found.client.email || found.client.erasedAt) return 'erased';
      return { ...found, email: found.client.email, appointment: null, type: null, caseworker: null };
    }
    // Rare (an appointment or a client deleted since the job was queued): the old reads, one by one.
    const a = await this.appointments.shareRow(m, job.appointmentId);
    const client = await this.clients.shareRow(m, job.clientId);
    if (!client) return 'gone';
    if (!client.email || client.erasedAt) return 'erased';
    const unit = await this.context.unitOf(m, client);
    // A personal link is sent without its appointment; every other mail is about it.
    if (!a)
      return job.kind === 'personal_link'
        ? { appointment: null, client, email: client.email, unit, type: null, caseworker: null }
        : 'gone';
    const type = await this.context.typeOf(m, a);
    // A reassignment names who has the meeting now; a phone meeting who will call.
    const caseworker = job.kind === 'reassigned' || a.mode === 'phone' ? await this.context.caseworkerOf(m, a) : null;
    return { appointment: a, client, email: client.email, unit, type, caseworker };
  }
}

/** What a client's mail is composed from; no appointment for a personal-link mail without one. */
interface ComposeContext {
  appointment: AppointmentEntity | null;
  client: ClientEntity;
  /** The client's address: a client without one (erased) gets no mail. */
  email: string;
  unit: UnitEntity;
  type: MeetingTypeEntity | null;
  caseworker: CaseworkerEntity | null;
}
