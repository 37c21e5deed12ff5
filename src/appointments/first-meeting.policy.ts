import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { FirstMeetingScope } from '../units/unit.entity';

/**
 * Rule 4: video only after an in-person meeting with the same caseworker (or unit, per the unit's
 * firstMeetingScope) that has ended and was not cancelled or a no-show.
 */
@Injectable()
export class FirstMeetingPolicy {
  constructor(private readonly db: DataSource) {}

  async videoAllowed(
    client: { id: string } | null,
    caseworkerId: string,
    scope: FirstMeetingScope,
    now: Date,
    manager?: EntityManager,
  ): Promise<boolean> {
    if (!client) return false; // a public, not yet identified booking is always a first meeting
    const rows = await (manager ?? this.db).query(
      `SELECT 1 FROM appointments
        WHERE client_id = $1 AND mode = 'in_person' AND status IN ('confirmed', 'completed') AND ends_at <= $2
          AND ($3::uuid IS NULL OR caseworker_id = $3::uuid)
        LIMIT 1`,
      [client.id, now, scope === 'caseworker' ? caseworkerId : null],
    );
    return rows.length > 0;
  }
}
