import type { TimeWords } from './format-time';
import type { MailKind, MeetingMode } from './types';

/** Everything a mail says, in one language. Short sentences in plain words. */
export interface Copy extends TimeWords {
  /** The generic word that starts every subject: "Appointment — <publicName>: …". */
  subjectNoun: string;
  subject: Record<MailKind, string>;
  greeting(clientName: string): string;
  intro: Record<Exclude<MailKind, 'mode_changed' | 'reassigned'>, string>;
  modeChanged: Record<MeetingMode, string>;
  /** A phone meeting: who calls (or "we"), at the client's masked number. */
  phoneCall: (caseworker: string | undefined, masked: string) => string;
  /** 'reassigned': "Your meeting on <date> is now with <caseworker>. Time and place are unchanged." */
  reassigned(date: string, caseworkerName: string): string;
  label: {
    when: string;
    where: string;
    previousTime: string;
    videoMeeting: string;
    phoneMeeting: string;
    meeting: string;
  };
  confirmBefore(clock: string): string;
  action: { confirm: string; join: string; manage: string; openPage: string };
  /** `changesByLink`: answering the invite in a calendar changes nothing; the mail's link does. */
  note: { calendar: string; changesByLink: string; video: string; personalLink: string };
  signOff: string;
  /** The staff sign-in mail, to a caseworker: the product is named, since staff know it as Samtal. */
  staffSignIn: {
    subject: string;
    intro: string;
    action: string;
    validity(minutes: number): string;
    ignore: string;
  };
}
