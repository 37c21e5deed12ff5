import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Actor, AuditService } from '../common/audit/audit.service';
import { CapabilityTokensService } from '../common/capability-tokens.service';
import { PUBLIC_URL } from '../common/injection-tokens';
import { JobsService } from '../jobs/jobs.service';
import { UnitEntity } from '../units/unit.entity';
import { AppointmentEntity } from './appointment.entity';

export type AppointmentMailKind = 'hold' | 'confirmed' | 'rescheduled' | 'mode_changed' | 'cancelled' | 'reminder';

/** What a notify job carries: ids to load, the links to put in the mail, and the sequence it was made for. */
export interface NotifyJob {
  kind: AppointmentMailKind | 'personal_link';
  unitId: string;
  clientId: string;
  appointmentId?: string;
  sequence?: number;
  previousStartsAt?: string;
  links: { manage?: string; confirm?: string; join?: string };
}

export interface AppointmentChange {
  action: string;
  actor: Actor;
  appointment: AppointmentEntity;
  unit: UnitEntity;
  /** The mail this change sends, if any. */
  mail?: AppointmentMailKind;
  previousStartsAt?: Date;
  /** Plain link tokens minted in this transaction (e.g. the confirm token of a hold). */
  confirmToken?: string;
  /** A video room the change made useless (switched to in person, cancelled): delete it now. */
  droppedRoom?: string | null;
  details?: Record<string, unknown>;
}

const DAY = 86_400_000;

/**
 * Everything a change causes, written in the change's own transaction: the audit event, the mail
 * (with fresh links), the reminders and the hold expiry. If the change rolls back, so does all this.
 */
@Injectable()
export class AppointmentEvents {
  constructor(
    private readonly jobs: JobsService,
    private readonly audit: AuditService,
    private readonly tokens: CapabilityTokensService,
    @Inject(PUBLIC_URL) private readonly publicUrl: string,
  ) {}

  async record(m: EntityManager, c: AppointmentChange, now: Date): Promise<void> {
    const a = c.appointment;
    await this.audit.record({ unitId: a.unitId, actor: c.actor, action: c.action, appointmentId: a.id, clientId: a.clientId, details: c.details }, m);
    if (c.mail) {
      await this.jobs.enqueue(m, 'notify', await this.job(m, c.mail, a, now, c), { singletonKey: `${a.id}:${a.sequence}:${c.mail}` });
    }
    if (a.status === 'held' && a.holdExpiresAt) {
      await this.jobs.enqueue(m, 'hold-expiry', { appointmentId: a.id }, { startAfter: a.holdExpiresAt });
    }
    if (a.status === 'confirmed' && c.mail && c.mail !== 'cancelled') await this.scheduleReminders(m, a, c.unit, now);
    if (c.droppedRoom) await this.jobs.enqueue(m, 'room-cleanup', { roomName: c.droppedRoom });
    if (a.roomName && (a.status === 'confirmed' || a.status === 'held')) {
      // After the join window closes the room goes too; a later change re-schedules this (same key).
      const at = new Date(a.endsAt.getTime() + c.unit.joinClosesMinutesAfter * 60_000);
      await this.jobs.enqueue(m, 'room-cleanup', { roomName: a.roomName, appointmentId: a.id, sequence: a.sequence }, { startAfter: at, singletonKey: `room:${a.roomName}:${a.sequence}` });
    }
  }

  /** One reminder per configured lead time; a later change bumps the sequence, so stale ones are dropped by the worker. */
  private async scheduleReminders(m: EntityManager, a: AppointmentEntity, unit: UnitEntity, now: Date): Promise<void> {
    for (const minutes of unit.reminderMinutesBefore) {
      const at = new Date(a.startsAt.getTime() - minutes * 60_000);
      if (at <= now) continue;
      await this.jobs.enqueue(m, 'notify', await this.job(m, 'reminder', a, now), { startAfter: at, singletonKey: `${a.id}:${a.sequence}:reminder:${minutes}` });
    }
  }

  private async job(m: EntityManager, kind: AppointmentMailKind, a: AppointmentEntity, now: Date, c?: AppointmentChange): Promise<NotifyJob> {
    const links: NotifyJob['links'] = {};
    if (kind !== 'hold') {
      const manage = await this.tokens.issue('personal_link', { clientId: a.clientId }, new Date(Math.max(now.getTime(), a.endsAt.getTime()) + 365 * DAY), m);
      links.manage = `${this.publicUrl}/me/${manage}`;
    }
    if (c?.confirmToken) links.confirm = `${this.publicUrl}/confirm/${c.confirmToken}`;
    if (a.mode === 'video' && kind !== 'cancelled') {
      const join = await this.tokens.issue('join', { appointmentId: a.id, clientId: a.clientId }, new Date(a.endsAt.getTime() + 30 * DAY), m);
      links.join = `${this.publicUrl}/join/${join}`;
    }
    return {
      kind,
      unitId: a.unitId,
      clientId: a.clientId,
      appointmentId: a.id,
      sequence: a.sequence,
      ...(c?.previousStartsAt ? { previousStartsAt: c.previousStartsAt.toISOString() } : {}),
      links,
    };
  }
}
