import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppointmentEntity } from '../../../appointments/data/appointment.entity';
import { AppointmentRepository } from '../../../appointments/data/appointment.repository';
import { Clock } from '../../../common/clock';

/**
 * A colleague's remaining meetings as the admin's pages show them: the list the deactivate use case
 * answers (AppointmentRepository.upcomingOf, as of now), and beside each meeting its client's name
 * (null once erased) and its meeting type's internal name.
 */
@Injectable()
export class LeaverMeetingsReadModel {
  constructor(
    private readonly db: DataSource,
    private readonly appointments: AppointmentRepository,
    private readonly clock: Clock,
  ) {}

  /** The caseworker's meetings still to come (confirmed, or held and not run out), soonest first. */
  upcomingOf(caseworkerId: string): Promise<AppointmentEntity[]> {
    return this.appointments.upcomingOf(caseworkerId, this.clock.now());
  }

  /** The same meetings with the names the caseworker page shows beside them. */
  async withNamesOf(caseworkerId: string): Promise<{
    meetings: AppointmentEntity[];
    clients: Array<{ id: string; name: string | null }>;
    types: Array<{ id: string; name: string }>;
  }> {
    const meetings = await this.upcomingOf(caseworkerId);
    if (!meetings.length) return { meetings, clients: [], types: [] };
    return { meetings, ...(await this.names(meetings)) };
  }

  private async names(meetings: ReadonlyArray<{ clientId: string; meetingTypeId: string }>): Promise<{
    clients: Array<{ id: string; name: string | null }>;
    types: Array<{ id: string; name: string }>;
  }> {
    const clients: Array<{ id: string; name: string | null }> = await this.db.query(
      `SELECT id, name FROM clients WHERE id = ANY($1::uuid[])`,
      [[...new Set(meetings.map((a) => a.clientId))]],
    );
    const types: Array<{ id: string; name: string }> = await this.db.query(
      `SELECT id, name FROM meeting_types WHERE id = ANY($1::uuid[])`,
      [[...new Set(meetings.map((a) => a.meetingTypeId))]],
    );
    return { clients, types };
  }
}
