import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { CaseworkerEntity } from '../units/caseworker.entity';
import { UnitEntity } from '../units/unit.entity';

/**
 * Only what a meeting needs. Erasure nulls the personal fields and sets erasedAt; the row stays
 * so that anonymised appointments still count in statistics.
 */
@Entity('clients')
@Index('clients_unit_email_idx', ['unitId', 'email'])
export class ClientEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'clients_unit_id_fkey' })
  unit?: UnitEntity;
  /** The client's own caseworker (set by the first booking, or by staff). */
  @Column({ type: 'uuid', nullable: true }) caseworkerId: string | null;
  @ManyToOne(() => CaseworkerEntity)
  @JoinColumn({ name: 'caseworker_id', foreignKeyConstraintName: 'clients_caseworker_id_fkey' })
  caseworker?: CaseworkerEntity;
  @Column({ type: 'text', nullable: true }) name: string | null;
  @Column({ type: 'text', nullable: true }) email: string | null;
  @Column({ type: 'text', nullable: true }) phone: string | null;
  @Column({ type: 'text', default: 'sv' }) locale: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) erasedAt: Date | null;
}
