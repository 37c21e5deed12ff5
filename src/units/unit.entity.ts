import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { Locale } from '../common/locale';

export type FirstMeetingScope = 'caseworker' | 'unit';
export type SelfBookingConfirmation = 'email_link' | 'none';

@Entity('units')
export class UnitEntity {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column({ type: 'text', unique: true }) slug: string;
  @Column({ type: 'text' }) publicName: string;
  @Column({ type: 'text' }) timeZone: string;
  @Column({ type: 'text', default: '' }) address: string;
  /** Where confirmation mails come from and invites are organised by. */
  @Column({ type: 'text', nullable: true }) mailbox: string | null;
  @Column({ type: 'text', default: 'sv' }) defaultLocale: Locale;
  @Column({ type: 'text', default: 'caseworker' }) firstMeetingScope: FirstMeetingScope;
  @Column({ type: 'int', default: 30 }) holdMinutes: number;
  @Column({ type: 'text', default: 'email_link' }) selfBookingConfirmation: SelfBookingConfirmation;
  @Column({ type: 'int', default: 1440 }) clientChangeCutoffMinutes: number;
  @Column({ type: 'int', array: true, default: () => "'{1440,120}'" }) reminderMinutesBefore: number[];
  @Column({ type: 'int', default: 15 }) joinOpensMinutesBefore: number;
  @Column({ type: 'int', default: 30 }) joinClosesMinutesAfter: number;
  @Column({ type: 'int', default: 24 }) retentionMonths: number;
  /** Unconfirmed holds at a time per email address, and per IP address (IPv6: per /64). */
  @Column({ type: 'int', default: 2 }) maxHoldsPerEmail: number;
  @Column({ type: 'int', default: 5 }) maxHoldsPerIp: number;
  /** Caseworkers see colleagues' calendars (without absence notes); admins always do (auth/calendar-access.ts). */
  @Column({ type: 'boolean', default: false }) teamCalendarsVisible: boolean;
  /** The unit's own number in E.164, shown on the client pages as "Call us at …"; null: none shown. */
  @Column({ type: 'text', nullable: true }) phone: string | null;
  /** The countries (ISO 3166 alpha-2) whose phone numbers the unit takes for phone meetings and texts. */
  @Column({ type: 'text', array: true, default: () => "'{SE}'" }) smsCountries: string[];
  @CreateDateColumn({ type: 'timestamptz' }) createdAt: Date;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt: Date;
}
