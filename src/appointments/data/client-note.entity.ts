import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { ClientEntity } from '../../clients/client.entity';
import { AppointmentEntity } from './appointment.entity';

/** Information for the caseworker before a meeting, written by the client (or staff). */
@Entity('client_notes')
@Index('client_notes_appointment_idx', ['appointmentId'])
export class ClientNoteEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'uuid' }) appointmentId: string;
  @ManyToOne(() => AppointmentEntity)
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'client_notes_appointment_id_fkey' })
  appointment?: AppointmentEntity;
  @Column({ type: 'uuid' }) clientId: string;
  @ManyToOne(() => ClientEntity)
  @JoinColumn({ name: 'client_id', foreignKeyConstraintName: 'client_notes_client_id_fkey' })
  client?: ClientEntity;
  @Column({ type: 'text' }) author: 'client' | 'staff';
  @Column({ type: 'text' }) text: string;
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
}
