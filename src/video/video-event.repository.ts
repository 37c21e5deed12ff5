import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { Presence } from './attendance';

/** The one reader and writer of `video_events` (a deleted hold's go with it, in AppointmentRepository.deleteHold). */
@Injectable()
export class VideoEventRepository {
  /** Once per LiveKit event id: false for a replay. */
  async store(
    m: EntityManager,
    e: { id: string; appointmentId: string; participant: string; event: string; at: Date },
  ): Promise<boolean> {
    const stored: Array<{ id: string }> = await m.query(
      `INSERT INTO video_events (event_id, appointment_id, participant, event, at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO NOTHING RETURNING id`,
      [e.id, e.appointmentId, e.participant, e.event, e.at],
    );
    return stored.length > 0;
  }

  /** Who was seen joining. */
  async presence(m: EntityManager, appointmentId: string): Promise<Presence> {
    const rows: Array<{ participant: string }> = await m.query(
      `SELECT DISTINCT participant FROM video_events WHERE appointment_id = $1 AND event = 'participant_joined'`,
      [appointmentId],
    );
    const who = new Set(rows.map((r) => r.participant));
    return { client: who.has('client'), host: who.has('host') };
  }
}
