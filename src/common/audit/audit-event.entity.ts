import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type ActorType = 'staff' | 'client' | 'system';

/** Append-only: a trigger in the migration refuses UPDATE and DELETE. */
@Entity('audit_events')
@Index('audit_events_unit_created_idx', ['unitId', 'createdAt'])
export class AuditEventEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' }) id: string;
  @Column({ type: 'uuid' }) unitId: string;
  @Column({ type: 'text' }) actorType: ActorType;
  @Column({ type: 'uuid', nullable: true }) actorId: string | null;
  @Column({ type: 'text' }) action: string;
  @Column({ type: 'uuid', nullable: true }) appointmentId: string | null;
  @Column({ type: 'uuid', nullable: true }) clientId: string | null;
  @Column({ type: 'jsonb', default: () => "'{}'" }) details: Record<string, unknown>;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
