import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseworkerEntity } from '../units/caseworker.entity';
import type { Mode } from '../availability/engine';

/** A weekly wall-clock rule in the caseworker's zone, e.g. Monday 13:00–16:00, video allowed. */
@Entity('working_hours')
@Index('working_hours_caseworker_idx', ['caseworkerId'])
export class WorkingHourEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseworkerId: string;
  @ManyToOne(() => CaseworkerEntity)
  @JoinColumn({ name: 'caseworker_id', foreignKeyConstraintName: 'working_hours_caseworker_id_fkey' })
  caseworker?: CaseworkerEntity;
  @Column({ type: 'smallint' }) weekday: number;
  @Column({ type: 'text' }) start: string;
  @Column({ type: 'text' }) end: string;
  @Column({ type: 'text', array: true }) modes: Mode[];
}
