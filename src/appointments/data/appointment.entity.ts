import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import type { Mode } from '../../availability/engine';
import { ClientEntity } from '../../clients/client.entity';
import { CaseworkerEntity } from '../../units/caseworker.entity';
import { MeetingTypeEntity } from '../../units/meeting-type.entity';
import { UnitEntity } from '../../units/unit.entity';

export type AppointmentStatus = 'held' | 'confirmed' | 'cancelled' | 'completed' | 'no_show';
/** Who made it: a caseworker, the public page, or a client's personal link. */
export type CreatedBy = 'staff' | 'public' | 'client';
export const LIVE_STATUSES: AppointmentStatus[] = ['held', 'confirmed'];

@Entity('appointments')
@Index('appointments_caseworker_starts_idx', ['caseworkerId', 'startsAt'])
@Index('appointments_client_idx', ['clientId'])
@Index('appointments_unit_starts_idx', ['unitId', 'startsAt'])
@Index('appointments_room_name_key', ['roomName'], { unique: true, where: 'room_name IS NOT NULL' })
// Holds only (a handful of rows): releasing a calendar's run-out holds, counting a holder's live ones.
@Index('appointments_held_caseworker_idx', ['caseworkerId', 'holdExpiresAt'], { where: "status = 'held'" })
@Index('appointments_held_unit_idx', ['unitId', 'holdExpiresAt'], { where: "status = 'held'" })
// Holds a booking or a late confirm released, until their job or the sweep deletes them.
@Index('appointments_released_holds_idx', ['updatedAt'], {
  where: "status = 'cancelled' AND cancel_reason = 'hold_expired'",
})
@Check('appointments_at_most_a_day', "ends_at - starts_at <= interval '1 day'") // a meeting lasts at most a day
@Check('appointments_end_after_start', 'ends_at > starts_at')
@Check('appointments_mode_check', "mode IN ('in_person', 'video', 'phone')")
@Check('appointments_status_check', "status IN ('held', 'confirmed', 'cancelled', 'completed', 'no_show')")
@Exclusion(
  'appointments_no_overlap',
  `USING gist (caseworker_id WITH =, busy_range WITH &&) WHERE (status IN ('held', 'confirmed'))`,
)
export class AppointmentEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'appointments_unit_id_fkey' })
  unit?: UnitEntity;
  @Column({ type: 'uuid' }) caseworkerId: string;
  @ManyToOne(() => CaseworkerEntity)
  @JoinColumn({ name: 'caseworker_id', foreignKeyConstraintName: 'appointments_caseworker_id_fkey' })
  caseworker?: CaseworkerEntity;
  @Column({ type: 'uuid' }) clientId: string;
  @ManyToOne(() => ClientEntity)
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'appointments_client_id_fkey' })
  client?: ClientEntity;
  @Column({ type: 'uuid' }) meetingTypeId: string;
  @ManyToOne(() => MeetingTypeEntity)
  @JoinColumn({ name: 'meeting_type_id', foreignKeyConstraintName: 'appointments_meeting_type_id_fkey' })
  meetingType?: MeetingTypeEntity;
  @Column({ type: 'timestamptz' }) startsAt: Date;
  @Column({ type: 'timestamptz' }) endsAt: Date;
  /** [start − bufferBefore, end + bufferAfter): what the exclusion constraint compares. */
  @Column({ type: 'tstzrange' }) busyRange: string;
  @Column({ type: 'text' }) mode: Mode;
  @Column({ type: 'text' }) status: AppointmentStatus;
  @Column({ type: 'text', nullable: true }) location: string | null;
  /** iCal SEQUENCE: +1 on every change the client's calendar must pick up. */
  @Column({ type: 'int', default: 0 }) sequence: number;
  @Column({ type: 'timestamptz', nullable: true }) holdExpiresAt: Date | null;
  /** Keyed hash of the holder's address (IPv6: its /64) while held; a trigger clears it after. */
  @Column({ type: 'text', nullable: true }) holderIpHash: string | null;
  @Column({ type: 'text', nullable: true }) roomName: string | null;
  @Column({ type: 'text', nullable: true }) firstMeetingOverrideReason: string | null;
  @Column({ type: 'text', nullable: true }) cancelReason: string | null;
  @Column({ type: 'text' }) createdBy: CreatedBy;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
