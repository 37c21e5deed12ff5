import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { StaffRole } from '../auth/staff-principal';
import { UnitEntity } from './unit.entity';

export type { StaffRole };

@Entity('caseworkers')
@Index('caseworkers_unit_email_key', ['unitId', 'email'], { unique: true })
@Index('caseworkers_oidc_identity_key', ['oidcIssuer', 'oidcSubject'], {
  unique: true,
  where: 'oidc_subject IS NOT NULL',
})
export class CaseworkerEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) unitId: string;
  @ManyToOne(() => UnitEntity)
  @JoinColumn({ name: 'unit_id', foreignKeyConstraintName: 'caseworkers_unit_id_fkey' })
  unit?: UnitEntity;
  @Column({ type: 'text' }) name: string;
  @Column({ type: 'text' }) email: string;
  /** Null: the unit's zone. */
  @Column({ type: 'text', nullable: true }) timeZone: string | null;
  @Column({ type: 'text', default: 'caseworker' }) role: StaffRole;
  @Column({ type: 'boolean', default: true }) active: boolean;
  /** The staff member's language for pages and mails; null: the unit's default. */
  @Column({ type: 'text', nullable: true }) locale: string | null;
  /** The identity provider's (iss, sub), stored at the first OpenID Connect sign-in (matched by email then). */
  @Column({ type: 'text', nullable: true }) oidcIssuer: string | null;
  @Column({ type: 'text', nullable: true }) oidcSubject: string | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
