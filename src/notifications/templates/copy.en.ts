import type { Copy } from './copy';

export const en: Copy = {
  tag: 'en-GB',
  clockTime: (time) => time,
  timeRange: (from, to) => `${from}–${to}`,
  subjectNoun: 'Appointment',
  subject: {
    reassigned: 'new contact person',
    hold: 'please confirm',
    confirmed: 'confirmed',
    rescheduled: 'new time',
    mode_changed: 'changed',
    cancelled: 'cancelled',
    reminder: 'reminder',
    personal_link: 'your personal link',
  },
  greeting: (name) => (name ? `Hi ${name},` : 'Hello,'),
  intro: {
    hold: "Thank you for booking. Please confirm your appointment with the link below. If you don't, the time will be released for someone else.",
    confirmed: 'Your appointment is booked.',
    rescheduled: 'Your appointment has been moved to a new time.',
    cancelled: 'Your appointment has been cancelled.',
    reminder: 'This is a reminder about your appointment.',
    personal_link: 'Here is the link to your personal page. There you can see, change and cancel your appointments.',
  },
  modeChanged: {
    in_person: 'Your appointment will now be in person.',
    video: 'Your appointment will now be a video meeting.',
    phone: 'Your appointment will now be a phone call.',
  },
  phoneCall: (name, masked) => `${name || 'We'} will call you at the number you gave (${masked}).`,
  reassigned: (date, name) => `Your meeting on ${date} is now with ${name}. Time and place are unchanged.`,
  label: {
    when: 'When',
    where: 'Where',
    previousTime: 'Previous time',
    videoMeeting: 'Video meeting (link below)',
    phoneMeeting: 'Phone call (we will call you at the number you gave)',
    meeting: 'Meeting',
  },
  confirmBefore: (clock) => `Please confirm before ${clock}.`,
  action: {
    confirm: 'Confirm your booking',
    join: 'Join the video meeting',
    manage: 'Change or cancel your appointment',
    openPage: 'Open your page',
  },
  note: {
    calendar: 'You can add the appointment to your calendar with the attached invitation.',
    changesByLink:
      'To change or cancel, use the link in this email. Accepting or declining the invitation in your calendar does not change your booking.',
    video: 'You can join from your phone or your computer.',
    personalLink: "The link is just for you, so please don't share it.",
  },
  signOff: 'Kind regards,',
  staffSignIn: {
    subject: 'Your sign-in link for Samtal',
    intro: 'Use the link below to sign in to Samtal.',
    action: 'Sign in to Samtal',
    validity: (minutes) => `The link works once, for ${minutes} minutes.`,
    ignore: 'If you did not ask for it, ignore this email. Nobody can sign in without the link.',
  },
};
