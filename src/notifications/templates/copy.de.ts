import type { Copy } from './copy';

export const de: Copy = {
  tag: 'de-DE',
  clockTime: (time) => `${time} Uhr`,
  timeRange: (from, to) => `${from}–${to} Uhr`,
  subjectNoun: 'Termin',
  subject: {
    reassigned: 'neue Ansprechperson',
    hold: 'bitte bestätigen',
    confirmed: 'bestätigt',
    rescheduled: 'neue Uhrzeit',
    mode_changed: 'geändert',
    cancelled: 'abgesagt',
    reminder: 'Erinnerung',
    personal_link: 'Ihr persönlicher Link',
  },
  greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
  intro: {
    hold: 'Vielen Dank für Ihre Buchung. Bitte bestätigen Sie den Termin über den Link unten. Sonst wird die Zeit für andere freigegeben.',
    confirmed: 'Ihr Termin ist gebucht.',
    rescheduled: 'Ihr Termin wurde auf eine neue Zeit verschoben.',
    cancelled: 'Ihr Termin wurde abgesagt.',
    reminder: 'Wir möchten Sie an Ihren Termin erinnern.',
    personal_link:
      'Hier ist der Link zu Ihrer persönlichen Seite. Dort können Sie Ihre Termine ansehen, ändern und absagen.',
  },
  modeChanged: {
    in_person: 'Ihr Termin findet jetzt vor Ort statt.',
    video: 'Ihr Termin findet jetzt als Videotermin statt.',
    phone: 'Ihr Termin findet jetzt als Telefontermin statt.',
  },
  phoneCall: (name, masked) =>
    `${name ? `${name} ruft` : 'Wir rufen'} Sie unter der angegebenen Nummer an (${masked}).`,
  reassigned: (date, name) => `Ihr Termin am ${date} findet jetzt mit ${name} statt. Zeit und Ort bleiben unverändert.`,
  label: {
    when: 'Wann',
    where: 'Wo',
    previousTime: 'Bisherige Zeit',
    videoMeeting: 'Videotermin (Link unten)',
    phoneMeeting: 'Telefontermin (wir rufen Sie unter der angegebenen Nummer an)',
    meeting: 'Termin',
  },
  confirmBefore: (clock) => `Bitte bestätigen Sie bis ${clock} Uhr.`,
  action: {
    confirm: 'Buchung bestätigen',
    join: 'Am Videotermin teilnehmen',
    manage: 'Termin ändern oder absagen',
    openPage: 'Ihre Seite öffnen',
  },
  note: {
    calendar: 'Mit der angehängten Einladung können Sie den Termin in Ihren Kalender übernehmen.',
    changesByLink:
      'Um den Termin zu ändern oder abzusagen, nutzen Sie bitte den Link in dieser E-Mail. Wenn Sie die Einladung in Ihrem Kalender annehmen oder ablehnen, ändert das Ihre Buchung nicht.',
    video: 'Sie können mit dem Smartphone oder am Computer teilnehmen.',
    personalLink: 'Der Link ist nur für Sie bestimmt. Bitte geben Sie ihn nicht weiter.',
  },
  signOff: 'Freundliche Grüße',
  staffSignIn: {
    subject: 'Ihr Anmeldelink für Samtal',
    intro: 'Mit dem Link unten melden Sie sich bei Samtal an.',
    action: 'Bei Samtal anmelden',
    validity: (minutes) => `Der Link funktioniert einmal, ${minutes} Minuten lang.`,
    ignore:
      'Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail. Ohne den Link kann sich niemand anmelden.',
  },
};
