import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseworkerEntity } from '../units/caseworker.entity';

@Entity('absences')
@Index('absences_caseworker_starts_idx', ['caseworkerId', 'startsAt'])
@Check('absences_end_after_start', 'ends_at > starts_at')
export class AbsenceEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseworkerId: string;
  @ManyToOne(() => CaseworkerEntity)
  @JoinColumn({ name: 'caseworker_id', foreignKeyConstraintName: 'absences_caseworker_id_fkey' })
  caseworker?: CaseworkerEntity;
  @Column({ type: 'timestamptz' }) startsAt: Date;
  @Column({ type: 'timestamptz' }) endsAt: Date;
  @Column({ type: 'text', nullable: true }) note: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
