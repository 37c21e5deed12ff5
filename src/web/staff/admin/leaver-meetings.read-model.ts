import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

/**
 * The names the admin's caseworker page shows beside a colleague's remaining meetings (the list
 * AppointmentRepository.upcomingOf answers): each client's name (null once erased) and each meeting
 * type's internal name.
 */
@Injectable()
export class LeaverMeetingsReadModel {
  constructor(private readonly db: DataSource) {}

  async names(meetings: ReadonlyArray<{ clientId: string; meetingTypeId: string }>): Promise<{
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
