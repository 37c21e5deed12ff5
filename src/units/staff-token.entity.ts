import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseworkerEntity } from './caseworker.entity';

/** A bearer token for the staff API. Only its SHA-256 is stored; the token is shown once. */
@Entity('staff_tokens')
export class StaffTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) caseworkerId: string;
  @ManyToOne(() => CaseworkerEntity)
  @JoinColumn({ name: 'caseworker_id', foreignKeyConstraintName: 'staff_tokens_caseworker_id_fkey' })
  caseworker?: CaseworkerEntity;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'bytea', unique: true }) tokenHash: Buffer;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
}
