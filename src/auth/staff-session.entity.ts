import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

export type SignInMethod = 'email_link' | 'oidc';

/** A signed-in browser. Only the SHA-256 of the cookie's value is stored. */
@Entity('staff_sessions')
@Index('staff_sessions_caseworker_idx', ['caseworkerId'])
@Check('staff_sessions_method_check', "method IN ('email_link', 'oidc')")
export class StaffSessionEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'bytea', unique: true }) tokenHash: Buffer;
  // Named, not imported: auth/ does not import units/.
  @Column({ type: 'uuid' })
  @ForeignKey('CaseworkerEntity', { name: 'staff_sessions_caseworker_id_fkey', onDelete: 'CASCADE' })
  caseworkerId: string;
  @Column({ type: 'text' }) method: SignInMethod;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @Column({ type: 'timestamptz' }) lastSeenAt: Date;
  /**
   * The absolute end (STAFF_SESSION_MAX_HOURS after sign-in); idle expiry is last_seen_at + STAFF_SESSION_IDLE_MINUTES.
   */
  @Column({ type: 'timestamptz' }) expiresAt: Date;
  @Column({ type: 'timestamptz', nullable: true }) endedAt: Date | null;
}
