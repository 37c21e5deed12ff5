import type { Locale } from '../../common/locale';
import type { AppointmentMailKind } from '../../jobs/job-contracts';

/** The languages of the mails: the one list's (src/common/locale.ts). */
export type { Locale };

/** One per appointment change (the notify queue's kinds), and the client's personal link. */
export type MailKind = AppointmentMailKind | 'personal_link';

import type { Mode } from '../../common/mode';

export type MeetingMode = Mode;

export interface MailContext {
  kind: MailKind;
  locale: Locale;
  /** The unit's neutral name: the only thing in the subject besides fixed words. */
  publicName: string;
  clientName: string;
  /** 'reassigned': the caseworker who has the meeting now; phone: who will call. Read when the mail is sent. */
  caseworkerName?: string;
  /** The meeting type's public label in the mail's language (issue 12: labelFor); no row without it. */
  meetingLabel?: string;
  start: Date;
  end: Date;
  /** The unit's IANA zone; times are shown in it, with the zone named. */
  timeZone: string;
  mode: MeetingMode;
  /** Phone: the client's number, masked but for the last four digits (maskPhone). */
  phoneMasked?: string;
  /** In person: the office address. */
  address?: string;
  /** Video: our join page. */
  joinUrl?: string;
  /** The client's personal page. */
  manageUrl?: string;
  /** 'hold': the link that confirms the booking. */
  confirmUrl?: string;
  /** 'hold': shown as "confirm before HH:mm". */
  holdExpiresAt?: Date;
  /** 'rescheduled': the old start. */
  previousStart?: Date;
}

/** The staff sign-in mail: to a caseworker, with a single-use link. */
export interface StaffSignInMailContext {
  locale: Locale;
  /** The unit's neutral name, who the mail is from and who signs it. */
  publicName: string;
  staffName: string;
  signInUrl: string;
  /** How long the link works from now (it is minted with the mail). */
  validMinutes: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}
