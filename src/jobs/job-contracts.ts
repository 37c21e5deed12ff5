/**
 * What each queue's jobs carry. The producers (appointments, clients) and the workers (notifications,
 * video, clients) both import these types from here, so no feature imports another for a payload.
 */

export type AppointmentMailKind =
  | 'hold'
  | 'confirmed'
  | 'rescheduled'
  | 'mode_changed'
  | 'cancelled'
  | 'reminder'
  // Offboarding: another caseworker took the meeting (the mail reads their name when it is sent).
  | 'reassigned';

/**
 * What a notify job carries: ids to load and the sequence it was made for. Never a link: jobs wait
 * for weeks (reminders) and failed ones are kept longer, so the mail's capability links are minted
 * when it is sent (NotificationComposer) and exist only hashed in the database.
 */
export type NotifyJob = ClientNotifyJob | StaffNotifyJob;

/** A mail to a client, about an appointment or their personal page. */
export interface ClientNotifyJob {
  kind: AppointmentMailKind | 'personal_link';
  unitId: string;
  clientId: string;
  appointmentId?: string;
  sequence?: number;
  previousStartsAt?: string;
}

/**
 * A mail to a staff member: their sign-in link (minted when the mail is composed, valid 15 minutes
 * from then). `requestedAt` lets a mail that waited too long be dropped; `next` is the local staff
 * page to land on after signing in (a path, not a credential).
 */
export interface StaffNotifyJob {
  kind: 'staff_sign_in';
  unitId: string;
  caseworkerId: string;
  requestedAt: string;
  next?: string;
}

export interface HoldExpiryJob {
  appointmentId: string;
}

/** With an appointment id and sequence it was scheduled for that meeting and is stale after a reschedule. */
export interface RoomCleanupJob {
  roomName: string;
  appointmentId?: string;
  sequence?: number;
}

/** The daily run carries nothing. */
export type RetentionJob = Record<string, never>;

export interface AttendanceJob {
  appointmentId: string;
}

/** Sync one external calendar connection (issue 13); the sweep makes one per connection that is due. */
export interface ExternalCalendarSyncJob {
  calendarId: string;
}

export interface JobData {
  notify: NotifyJob;
  'hold-expiry': HoldExpiryJob;
  /** Every minute: releases the holds past their end that no job released (AppointmentLifecycle.expireOverdueHolds). */
  'hold-sweep': Record<string, never>;
  'room-cleanup': RoomCleanupJob;
  retention: RetentionJob;
  attendance: AttendanceJob;
  'external-calendar-sweep': Record<string, never>;
  'external-calendar-sync': ExternalCalendarSyncJob;
}

export type JobName = keyof JobData;

const ALL_QUEUES: Record<JobName, true> = {
  notify: true,
  'hold-expiry': true,
  'hold-sweep': true,
  'room-cleanup': true,
  retention: true,
  attendance: true,
  'external-calendar-sweep': true,
  'external-calendar-sync': true,
};

/** The queues of the system; each job is caused by a change and enqueued in that change's transaction. */
export const QUEUES = Object.keys(ALL_QUEUES) as JobName[];
