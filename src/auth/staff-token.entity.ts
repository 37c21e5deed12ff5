import { Column, CreateDateColumn, Entity, ForeignKey, PrimaryGeneratedColumn } from 'typeorm';

/** A bearer token for the staff API. Only its SHA-256 is stored; the token is shown once. */
@Entity('staff_tokens')
export class StaffTokenEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  // The caseworker is named, not imported: units/ builds on auth/, so auth/ does not import units/.
  @Column({ type: 'uuid' })
  @ForeignKey('CaseworkerEntity', { name: 'staff_tokens_caseworker_id_fkey' })
  caseworkerId: string;
  @Column({ type: 'text' }) label: string;
  @Column({ type: 'bytea', unique: true }) tokenHash: Buffer;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) revokedAt: Date | null;
  /** Null: never expires (tokens made before expiry existed). */
  @Column({ type: 'timestamptz', nullable: true }) expiresAt: Date | null;
  @Column({ type: 'timestamptz', nullable: true }) lastUsedAt: Date | null;
}
