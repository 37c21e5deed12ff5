import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { UnitEntity } from './unit.entity';
import type { Mode } from '../common/mode';
import type { PublicLabels } from './meeting-type-label';

@Entity('meeting_types')
@Index('meeting_types_unit_key_key', ['unitId', 'key'], { unique: true })
export class MeetingTypeEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'meeting_types_unit_id_fkey' })
  unit?: UnitEntity;
  @Column({ type: 'text' }) key: string;
  /** Internal name: staff only, never in a mail, an invite or a public page. */
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) publicLabel: string;
  /** The public label in a language (each optional); `publicLabel` is the fallback (see labelFor). */
  @Column({ type: 'jsonb', default: () => "'{}'" }) publicLabels: PublicLabels;
  @Column({ type: 'int' }) durationMinutes: number;
  @Column({ type: 'int', default: 0 }) bufferBeforeMinutes: number;
  @Column({ type: 'int', default: 0 }) bufferAfterMinutes: number;
  @Column({ type: 'int', default: 15 }) slotStepMinutes: number;
  @Column({ type: 'int', default: 120 }) minNoticeMinutes: number;
  @Column({ type: 'int', default: 60 }) horizonDays: number;
  @Column({ type: 'text', array: true }) modes: Mode[];
  /** Intake types are the ones offered on the public page, as first meetings. */
  @Column({ type: 'boolean', default: false }) intake: boolean;
  @Column({ type: 'boolean', default: true }) active: boolean;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
