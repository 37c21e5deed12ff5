import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { FirstMeetingScope } from '../../units/unit.entity';
import { AppointmentRepository } from '../data/appointment.repository';
import { assertVideoAllowed } from './booking-rules';

/**
 * Rule 4: video and phone only after an in-person meeting with the same caseworker (or unit, per the unit's
 * firstMeetingScope) that has ended and was not cancelled or a no-show.
 */
@Injectable()
export class FirstMeetingPolicy {
  constructor(private readonly appointments: AppointmentRepository) {}

  async videoAllowed(
    client: { id: string } | null,
    caseworkerId: string,
    scope: FirstMeetingScope,
    now: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    if (!client) return false; // a public, not yet identified booking is always a first meeting
    return this.appointments.hadInPersonMeeting(client.id, scope === 'caseworker' ? caseworkerId : null, now, manager);
  }

  /** FIRST_MEETING_IN_PERSON unless allowed, or staff give a reason (audited by the caller). */
  async checkVideo(
    m: EntityManager | undefined,
    q: {
      client: { id: string } | null;
      caseworkerId: string;
      scope: FirstMeetingScope;
      now: Date;
      actorType: string;
      overrideReason?: string;
    },
  ): Promise<void> {
    assertVideoAllowed(
      await this.videoAllowed(q.client, q.caseworkerId, q.scope, q.now, m),
      q.actorType,
      q.overrideReason,
    );
  }
}
