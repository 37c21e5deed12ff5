import { renderStaffSignInMail } from './render-mail';
import type { Locale, StaffSignInMailContext } from './types';

const URL = 'https://samtal.example/staff/sign-in/s1gn1n';

function mail(overrides: Partial<StaffSignInMailContext> = {}): StaffSignInMailContext {
  return {
    locale: 'en',
    publicName: 'City of Helsingborg',
    staffName: 'Anna Berg',
    signInUrl: URL,
    validMinutes: 15,
    ...overrides,
  };
}

const EXPECTED: Record<Locale, { subject: string; lines: string[] }> = {
  en: {
    subject: 'Your sign-in link for Samtal',
    lines: [
      'Hi Anna Berg,',
      'Use the link below to sign in to Samtal.',
      `Sign in to Samtal:\n${URL}`,
      'The link works once, for 15 minutes.',
      'If you did not ask for it, ignore this email. Nobody can sign in without the link.',
      'Kind regards,\nCity of Helsingborg',
    ],
  },
  sv: {
    subject: 'Din inloggningslänk till Samtal',
    lines: [
      'Hej Anna Berg!',
      'Använd länken nedan för att logga in i Samtal.',
      `Logga in i Samtal:\n${URL}`,
      'Länken fungerar en gång, i 15 minuter.',
      'Om du inte har bett om den kan du bortse från det här mejlet. Ingen kan logga in utan länken.',
      'Vänliga hälsningar\nCity of Helsingborg',
    ],
  },
  de: {
    subject: 'Ihr Anmeldelink für Samtal',
    lines: [
      'Guten Tag Anna Berg,',
      'Mit dem Link unten melden Sie sich bei Samtal an.',
      `Bei Samtal anmelden:\n${URL}`,
      'Der Link funktioniert einmal, 15 Minuten lang.',
      'Wenn Sie ihn nicht angefordert haben, ignorieren Sie diese E-Mail. Ohne den Link kann sich niemand anmelden.',
      'Freundliche Grüße\nCity of Helsingborg',
    ],
  },
};

describe('the staff sign-in mail', () => {
  it.each(['en', 'sv', 'de'] as Locale[])(
    'in %s: subject, the link, "once, for 15 minutes", "ignore it if not you"',
    (locale) => {
      const m = renderStaffSignInMail(mail({ locale }));
      expect(m.subject).toBe(EXPECTED[locale].subject);
      expect(m.text).toBe(EXPECTED[locale].lines.join('\n\n') + '\n');
      expect(m.html).toContain(`<html lang="${locale}">`);
      expect(m.html).toContain(`<a href="${URL}"`);
      expect(m.html).toContain(`<title>${EXPECTED[locale].subject}</title>`);
    },
  );

  it('says how long the link works as it is told, not a fixed 15', () => {
    expect(renderStaffSignInMail(mail({ validMinutes: 10 })).text).toContain('The link works once, for 10 minutes.');
  });

  it('escapes the name in HTML and keeps it on one line in the text', () => {
    const m = renderStaffSignInMail(mail({ staffName: 'Eve <script>\nBcc: x@y' }));
    expect(m.html).not.toContain('<script>');
    expect(m.html).toContain('Eve &lt;script&gt; Bcc: x@y');
    expect(m.text.split('\n')[0]).toBe('Hi Eve <script> Bcc: x@y,');
  });

  it('refuses a link that is not http(s): a sign-in mail without its link is a bug', () => {
    expect(() => renderStaffSignInMail(mail({ signInUrl: 'javascript:alert(1)' }))).toThrow(/http/);
  });

  it('an unknown locale falls back to English', () => {
    expect(renderStaffSignInMail(mail({ locale: 'fi' as Locale })).subject).toBe('Your sign-in link for Samtal');
  });
});
