import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The first response to a create, per caller and Idempotency-Key, kept 24 hours. The caller is a
 * SHA-256 (a public caller is known by unit and email); the client's erasure deletes the row.
 */
@Entity('idempotency_keys')
@Index('idempotency_keys_client_idx', ['clientId'])
export class IdempotencyKeyEntity {
  @PrimaryColumn({ type: 'text' }) caller: string;
  @PrimaryColumn({ type: 'text' }) key: string;
  @Column({ type: 'uuid', nullable: true }) clientId: string | null;
  @Column({ type: 'text' }) requestHash: string;
  @Column({ type: 'int', nullable: true }) statusCode: number | null;
  @Column({ type: 'jsonb', nullable: true }) response: unknown;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
