import { inviteMethod, renderMail } from './render-mail';
import type { Locale, MailContext, MailKind } from './types';

const KINDS: MailKind[] = [
  'hold',
  'confirmed',
  'rescheduled',
  'mode_changed',
  'cancelled',
  'reminder',
  'personal_link',
  'reassigned',
];
const LOCALES: Locale[] = ['en', 'sv', 'de'];

function mail(overrides: Partial<MailContext> = {}): MailContext {
  return {
    kind: 'confirmed',
    locale: 'en',
    publicName: 'City of Helsingborg',
    clientName: 'Anna Andersson',
    start: new Date('2026-12-01T08:00:00Z'),
    end: new Date('2026-12-01T08:45:00Z'),
    timeZone: 'Europe/Stockholm',
    mode: 'in_person',
    address: 'Drottninggatan 14, 252 21 Helsingborg',
    joinUrl: 'https://samtal.example/join/j0in',
    manageUrl: 'https://samtal.example/me/m4nage',
    confirmUrl: 'https://samtal.example/confirm/c0nfirm',
    holdExpiresAt: new Date('2026-11-20T13:30:00Z'),
    previousStart: new Date('2026-11-30T13:00:00Z'),
    ...overrides,
  };
}

const SUBJECTS: Record<Locale, Record<MailKind, string>> = {
  en: {
    hold: 'Appointment — City of Helsingborg: please confirm',
    confirmed: 'Appointment — City of Helsingborg: confirmed',
    rescheduled: 'Appointment — City of Helsingborg: new time',
    mode_changed: 'Appointment — City of Helsingborg: changed',
    cancelled: 'Appointment — City of Helsingborg: cancelled',
    reminder: 'Appointment — City of Helsingborg: reminder',
    personal_link: 'Appointment — City of Helsingborg: your personal link',
    reassigned: 'Appointment — City of Helsingborg: new contact person',
  },
  sv: {
    hold: 'Bokning — City of Helsingborg: bekräfta',
    confirmed: 'Bokning — City of Helsingborg: bekräftad',
    rescheduled: 'Bokning — City of Helsingborg: ny tid',
    mode_changed: 'Bokning — City of Helsingborg: ändrad',
    cancelled: 'Bokning — City of Helsingborg: avbokad',
    reminder: 'Bokning — City of Helsingborg: påminnelse',
    personal_link: 'Bokning — City of Helsingborg: din personliga länk',
    reassigned: 'Bokning — City of Helsingborg: ny kontaktperson',
  },
  de: {
    hold: 'Termin — City of Helsingborg: bitte bestätigen',
    confirmed: 'Termin — City of Helsingborg: bestätigt',
    rescheduled: 'Termin — City of Helsingborg: neue Uhrzeit',
    mode_changed: 'Termin — City of Helsingborg: geändert',
    cancelled: 'Termin — City of Helsingborg: abgesagt',
    reminder: 'Termin — City of Helsingborg: Erinnerung',
    personal_link: 'Termin — City of Helsingborg: Ihr persönlicher Link',
    reassigned: 'Termin — City of Helsingborg: neue Ansprechperson',
  },
};

const CASES = LOCALES.flatMap((locale) =>
  KINDS.flatMap((kind) => (['in_person', 'video'] as const).map((mode) => [kind, locale, mode] as const)),
);

describe('renderMail', () => {
  describe.each(CASES)('%s in %s, %s', (kind, locale, mode) => {
    const rendered = renderMail(mail({ kind, locale, mode }));

    it('has a subject of fixed words and the publicName only', () => {
      expect(rendered.subject).toBe(SUBJECTS[locale][kind]);
    });

    it('greets the client and signs with the publicName, in text and in HTML', () => {
      expect(rendered.text).toContain('Anna Andersson');
      expect(rendered.text.trimEnd().endsWith('City of Helsingborg')).toBe(true);
      expect(rendered.html).toContain(`<html lang="${locale}">`);
      expect(rendered.html).toContain('Anna Andersson');
      expect(rendered.html).toContain('City of Helsingborg');
    });

    it('links only with real <a href> elements whose text says where they go', () => {
      const anchors = [...rendered.html.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)];
      expect(anchors.length).toBeGreaterThan(0);
      for (const [, href, label] of anchors) {
        expect(href).toMatch(/^https:\/\/samtal\.example\//);
        expect(label.length).toBeGreaterThan(8);
        expect(rendered.text).toContain(`${label}:\n${href}`);
      }
    });
  });

  it('keeps everything but the publicName out of the subject, whatever the context holds', () => {
    for (const locale of LOCALES) {
      for (const kind of KINDS) {
        const { subject } = renderMail(mail({ kind, locale, clientName: 'Zed Zedsson', address: 'Secret Street 1' }));
        const rest = subject.replace('City of Helsingborg', '');
        expect(rest).not.toMatch(/Zed|Secret|samtal\.example|\d/);
      }
    }
  });

  it('a reassigned meeting names the new caseworker and says time and place are unchanged, in each language', () => {
    const says = (locale: Locale) =>
      renderMail(mail({ kind: 'reassigned', locale, caseworkerName: 'Bo\nNilsson', clientName: 'Anna' })).text;
    expect(says('en')).toContain(
      'Your meeting on Tuesday, 1 December 2026 is now with Bo Nilsson. Time and place are unchanged.',
    );
    expect(says('sv')).toContain(
      'Ditt möte tisdag 1 december 2026 är nu med Bo Nilsson. Tid och plats är oförändrade.',
    );
    expect(says('de')).toContain(
      'Ihr Termin am Dienstag, 1. Dezember 2026 findet jetzt mit Bo Nilsson statt. Zeit und Ort bleiben unverändert.',
    );
    expect(inviteMethod('reassigned')).toBe('REQUEST');
  });

  it('keeps a line break in the publicName out of the subject', () => {
    expect(renderMail(mail({ publicName: 'City\r\nBcc: x@example.com' })).subject).toBe(
      'Appointment — City Bcc: x@example.com: confirmed',
    );
  });

  it('escapes <script> and quotes in every value it puts in the HTML', () => {
    const { html, text } = renderMail(
      mail({
        clientName: '<script>alert(1)</script>',
        publicName: 'Stad "&" <b>',
        address: "Gata 1 <img src=x onerror='x'>",
        manageUrl: 'https://samtal.example/me/a?b=1&c="2"',
      }),
    );

    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Stad &quot;&amp;&quot; &lt;b&gt;');
    expect(html).toContain('Gata 1 &lt;img src=x onerror=&#39;x&#39;&gt;');
    expect(html).toContain('href="https://samtal.example/me/a?b=1&amp;c=&quot;2&quot;"');
    expect(text).toContain('Hi <script>alert(1)</script>,');
  });

  it('leaves out a link that is not http(s)', () => {
    const { html, text } = renderMail(mail({ mode: 'video', joinUrl: 'javascript:alert(1)' }));

    expect(html).not.toContain('javascript:');
    expect(text).not.toContain('javascript:');
  });

  describe('times, in the unit zone with the zone named', () => {
    it('shows 2027-03-29T06:00Z in Europe/Stockholm as 08:00 (summer time, the day after the change)', () => {
      const { text } = renderMail(
        mail({ start: new Date('2027-03-29T06:00:00Z'), end: new Date('2027-03-29T06:45:00Z') }),
      );

      expect(text).toContain('Monday');
      expect(text).toContain('29 March 2027');
      expect(text).toContain('08:00–08:45 (Central European Time / Europe/Stockholm)');
    });

    it('shows 2027-03-26T07:00Z as 08:00 too (winter time, the Friday before)', () => {
      const { text } = renderMail(
        mail({ locale: 'sv', start: new Date('2027-03-26T07:00:00Z'), end: new Date('2027-03-26T07:45:00Z') }),
      );

      expect(text).toContain('När: fredag 26 mars 2027, kl. 08:00–08:45 (centraleuropeisk tid / Europe/Stockholm)');
    });

    it('shows 2027-11-01T07:00Z as 08:00 after the fall-back, in German with "Uhr"', () => {
      const { text } = renderMail(
        mail({ locale: 'de', start: new Date('2027-11-01T07:00:00Z'), end: new Date('2027-11-01T07:45:00Z') }),
      );

      expect(text).toContain(
        'Wann: Montag, 1. November 2027, 08:00–08:45 Uhr (Mitteleuropäische Zeit / Europe/Stockholm)',
      );
    });

    it('shows both dates when a meeting runs past midnight', () => {
      const { text } = renderMail(
        mail({ start: new Date('2026-12-01T22:30:00Z'), end: new Date('2026-12-01T23:15:00Z') }),
      );

      expect(text).toMatch(/1 December 2026, 23:30 – .*2 December 2026, 00:15 \(Central European Time/);
    });

    it('shows the same instant in another unit zone in that zone', () => {
      const { text } = renderMail(mail({ timeZone: 'America/Sao_Paulo' }));

      expect(text).toContain('05:00–05:45');
      expect(text).toContain('/ America/Sao_Paulo)');
    });
  });

  describe('what each kind says', () => {
    it('hold: asks to confirm before the hold ends, as a clock time in the unit zone', () => {
      const en = renderMail(mail({ kind: 'hold' }));
      const sv = renderMail(mail({ kind: 'hold', locale: 'sv' }));

      expect(en.text).toContain('Please confirm before 14:30.');
      expect(en.text).toContain('Confirm your booking:\nhttps://samtal.example/confirm/c0nfirm');
      expect(sv.text).toContain('Bekräfta före kl. 14:30.');
    });

    it('confirmed by video: the join link and "Video meeting", no address', () => {
      const { text } = renderMail(mail({ mode: 'video' }));

      expect(text).toContain('Where: Video meeting (link below)');
      expect(text).toContain('Join the video meeting:\nhttps://samtal.example/join/j0in');
      expect(text).not.toContain('Drottninggatan');
    });

    it('confirmed in person: the address and no join link', () => {
      const { text } = renderMail(mail());

      expect(text).toContain('Where: Drottninggatan 14, 252 21 Helsingborg');
      expect(text).not.toContain('/join/');
      expect(text).toContain('attached invitation');
    });

    it('rescheduled: the new time and the previous one', () => {
      const { text } = renderMail(mail({ kind: 'rescheduled', locale: 'sv' }));

      expect(text).toContain('När: tisdag 1 december 2026, kl. 09:00–09:45');
      expect(text).toContain('Tidigare tid: måndag 30 november 2026, kl. 14:00');
    });

    it('mode_changed: says which mode it is now', () => {
      expect(renderMail(mail({ kind: 'mode_changed', locale: 'de', mode: 'video' })).text).toContain(
        'Ihr Termin findet jetzt als Videotermin statt.',
      );
      expect(renderMail(mail({ kind: 'mode_changed', locale: 'de', mode: 'in_person' })).text).toContain(
        'Ihr Termin findet jetzt vor Ort statt.',
      );
    });

    it('cancelled: the time that was cancelled, and no join link even for video', () => {
      const { text } = renderMail(mail({ kind: 'cancelled', mode: 'video' }));

      expect(text).toContain('Your appointment has been cancelled.');
      expect(text).toContain('When: Tuesday');
      expect(text).not.toContain('/join/');
    });

    it('reminder: the time, the links, and the invite that keeps the calendar entry current', () => {
      const { text } = renderMail(mail({ kind: 'reminder', mode: 'video' }));

      expect(text).toContain('This is a reminder about your appointment.');
      expect(text).toContain('Join the video meeting:\nhttps://samtal.example/join/j0in');
      expect(text).toContain('attached invitation');
    });

    it('every mail with an invite says that changes are made from its link, not by answering the invite', () => {
      const said: Record<Locale, string> = {
        en: 'use the link in this email',
        sv: 'använder du länken i det här mejlet',
        de: 'den Link in dieser E-Mail',
      };
      for (const locale of LOCALES) {
        for (const kind of KINDS) {
          const { text } = renderMail(mail({ kind, locale }));
          expect(text.includes(said[locale])).toBe(inviteMethod(kind) === 'REQUEST');
        }
      }
    });

    it('personal_link: only the manage link, and no time at all', () => {
      for (const locale of LOCALES) {
        const { text, html } = renderMail(
          mail({ kind: 'personal_link', locale, start: new Date(0), end: new Date(0) }),
        );

        expect(text).toContain('https://samtal.example/me/m4nage');
        expect(text).not.toMatch(/\d{1,2}:\d{2}|19[67]\d|2026|Europe\/Stockholm/);
        expect(text).not.toMatch(/\/join\/|\/confirm\//);
        expect(html.match(/<a href=/g)).toHaveLength(1);
      }
    });

    it('greets without a name when there is none', () => {
      expect(renderMail(mail({ clientName: '' })).text.startsWith('Hello,\n')).toBe(true);
      expect(renderMail(mail({ clientName: '', locale: 'sv' })).text.startsWith('Hej!\n')).toBe(true);
      expect(renderMail(mail({ clientName: '', locale: 'de' })).text.startsWith('Guten Tag,\n')).toBe(true);
    });
  });

  it('every mail about a booked meeting carries a REQUEST invite, a cancellation a CANCEL, a hold or personal link none', () => {
    expect(Object.fromEntries(KINDS.map((k) => [k, inviteMethod(k)]))).toEqual({
      hold: null,
      confirmed: 'REQUEST',
      rescheduled: 'REQUEST',
      mode_changed: 'REQUEST',
      cancelled: 'CANCEL',
      reminder: 'REQUEST',
      personal_link: null,
      reassigned: 'REQUEST',
    });
  });

  it('rejects a zone that is not an IANA zone', () => {
    expect(() => renderMail(mail({ timeZone: 'Not/AZone' }))).toThrow(RangeError);
  });
});

describe('renderMail: the meeting type (issue 12)', () => {
  it("names the meeting type's label, in the mail's words, only when one is given", () => {
    expect(renderMail(mail({ locale: 'sv', meetingLabel: 'Första mötet' })).text).toContain('Möte: Första mötet');
    expect(renderMail(mail({ locale: 'de', meetingLabel: 'Erstgespräch' })).html).toContain('Erstgespräch');
    expect(renderMail(mail({ meetingLabel: 'First\r\nmeeting' })).text).toContain('Meeting: First meeting');
    expect(renderMail(mail()).text).not.toContain('Meeting:');
  });
});

describe('renderMail: phone meetings', () => {
  const phone = (overrides: Partial<MailContext> = {}) =>
    renderMail(mail({ mode: 'phone', caseworkerName: 'Eva Ek', phoneMasked: '•••• •• 45 67', ...overrides }));

  it('says who will call, at the masked number, in each language; no address and no join link', () => {
    expect(phone().text).toContain('Eva Ek will call you at the number you gave (•••• •• 45 67).');
    expect(phone({ locale: 'sv' }).text).toContain('Eva Ek ringer dig på numret du angav (•••• •• 45 67).');
    expect(phone({ locale: 'de' }).text).toContain('Eva Ek ruft Sie unter der angegebenen Nummer an (•••• •• 45 67).');
    expect(phone().text).not.toContain('Drottninggatan');
    expect(phone().text).not.toContain('/join/');
    expect(phone({ caseworkerName: undefined }).text).toContain('We will call you at the number you gave');
  });

  it('a switch to phone says so', () => {
    expect(phone({ kind: 'mode_changed' }).text).toContain('Your appointment will now be a phone call.');
  });
});
