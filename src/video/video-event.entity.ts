import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AppointmentEntity } from '../appointments/data/appointment.entity';

/** Who joined and left a video meeting, and when (from LiveKit webhooks). */
@Entity('video_events')
@Index('video_events_appointment_idx', ['appointmentId'])
@Index('video_events_event_id_key', ['eventId'], { unique: true })
export class VideoEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  /** LiveKit's event id: a replayed webhook is not stored again. */
  @Column({ type: 'text' }) eventId: string;
  @Column({ type: 'uuid' }) appointmentId: string;
  @ManyToOne(() => AppointmentEntity)
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'video_events_appointment_id_fkey' })
  appointment?: AppointmentEntity;
  /** 'client' or 'host' (the caseworker). */
  @Column({ type: 'text' }) participant: string;
  @Column({ type: 'text' }) event: string;
  @Column({ type: 'timestamptz' }) at: Date;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
