import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What a capability token lets its holder do; a token of one purpose never works for another. */
export type TokenPurpose = 'personal_link' | 'confirm' | 'join' | 'feed' | 'staff_sign_in';

/** A 256-bit capability (in a link), stored as its SHA-256 only, purpose-scoped and expiring. */
@Entity('capability_tokens')
@Index('capability_tokens_client_idx', ['clientId'])
@Index('capability_tokens_appointment_idx', ['appointmentId'])
export class CapabilityTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text' }) purpose: TokenPurpose;
  @Column({ type: 'bytea', unique: true }) tokenHash: Buffer;
  @Column({ type: 'uuid', nullable: true }) clientId: string | null;
  @Column({ type: 'uuid', nullable: true }) appointmentId: string | null;
  @Column({ type: 'uuid', nullable: true }) caseworkerId: string | null;
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
