/** The mails an appointment change sends. */
export type AppointmentMailKind = 'hold' | 'confirmed' | 'rescheduled' | 'mode_changed' | 'cancelled' | 'reminder';

/**
 * What a notify job carries: ids to load and the sequence it was made for. Never a link: jobs wait
 * for weeks (reminders) and failed ones are kept longer, so the mail's capability links are minted
 * when it is sent (NotificationComposer) and exist only hashed in the database. Here, below every
 * feature, because appointments and clients both queue it.
 */
export interface NotifyJob {
  kind: AppointmentMailKind | 'personal_link';
  unitId: string;
  clientId: string;
  appointmentId?: string;
  sequence?: number;
  previousStartsAt?: string;
}
