import type { Copy } from './copy';

export const sv: Copy = {
  tag: 'sv-SE',
  clockTime: (time) => `kl. ${time}`,
  timeRange: (from, to) => `kl. ${from}–${to}`,
  subjectNoun: 'Bokning',
  subject: {
    reassigned: 'ny kontaktperson',
    hold: 'bekräfta',
    confirmed: 'bekräftad',
    rescheduled: 'ny tid',
    mode_changed: 'ändrad',
    cancelled: 'avbokad',
    reminder: 'påminnelse',
    personal_link: 'din personliga länk',
  },
  greeting: (name) => (name ? `Hej ${name}!` : 'Hej!'),
  intro: {
    hold: 'Tack för din bokning. Bekräfta tiden med länken nedan. Annars släpps tiden så att någon annan kan boka den.',
    confirmed: 'Din tid är bokad.',
    rescheduled: 'Din tid har flyttats.',
    cancelled: 'Din tid är avbokad.',
    reminder: 'Här kommer en påminnelse om din bokade tid.',
    personal_link: 'Här är länken till din personliga sida. Där kan du se, ändra och avboka dina tider.',
  },
  modeChanged: {
    in_person: 'Ditt möte blir nu ett besök på plats.',
    video: 'Ditt möte blir nu ett videomöte.',
    phone: 'Ditt möte blir nu ett telefonsamtal.',
  },
  phoneCall: (name, masked) => `${name || 'Vi'} ringer dig på numret du angav (${masked}).`,
  reassigned: (date, name) => `Ditt möte ${date} är nu med ${name}. Tid och plats är oförändrade.`,
  label: {
    when: 'När',
    where: 'Var',
    previousTime: 'Tidigare tid',
    videoMeeting: 'Videomöte (länk nedan)',
    phoneMeeting: 'Telefonsamtal (vi ringer dig på numret du angav)',
    meeting: 'Möte',
  },
  confirmBefore: (clock) => `Bekräfta före kl. ${clock}.`,
  action: {
    confirm: 'Bekräfta din bokning',
    join: 'Anslut till videomötet',
    manage: 'Ändra eller avboka din tid',
    openPage: 'Öppna din sida',
  },
  note: {
    calendar: 'Du kan lägga in tiden i din kalender med den bifogade inbjudan.',
    changesByLink:
      'Om du vill ändra eller avboka använder du länken i det här mejlet. Att tacka ja eller nej till inbjudan i din kalender ändrar inte bokningen.',
    video: 'Du kan ansluta från mobilen eller datorn.',
    personalLink: 'Länken är bara till dig, så dela den inte med någon annan.',
  },
  signOff: 'Vänliga hälsningar',
  staffSignIn: {
    subject: 'Din inloggningslänk till Samtal',
    intro: 'Använd länken nedan för att logga in i Samtal.',
    action: 'Logga in i Samtal',
    validity: (minutes) => `Länken fungerar en gång, i ${minutes} minuter.`,
    ignore: 'Om du inte har bett om den kan du bortse från det här mejlet. Ingen kan logga in utan länken.',
  },
};
