import { ConnectionSecrets, maskUrl } from './connection-secret';

describe('connection secrets', () => {
  it('masks the whole path, query and credentials of a link', () => {
    expect(maskUrl('https://outlook.office365.com/owa/calendar/abc@kommun.se/f00ba4/calendar.ics?token=1')).toBe(
      'https://outlook.office365.com/…',
    );
    expect(maskUrl('https://calendar.google.com/calendar/ical/anna%40kommun.se/private-123/basic.ics')).toBe(
      'https://calendar.google.com/…',
    );
    expect(maskUrl('http://127.0.0.1:5232/anna/')).toBe('http://127.0.0.1:5232/…');
  });

  it('seals the link and the password together and opens them again', () => {
    const secrets = new ConnectionSecrets('t'.repeat(40));
    const sealed = secrets.seal({ url: 'https://dav.example.org/', username: 'anna', password: 'app-pass-123' });
    expect(sealed).not.toMatch(/anna|app-pass|dav\.example/);
    expect(secrets.open(sealed)).toEqual({
      url: 'https://dav.example.org/',
      username: 'anna',
      password: 'app-pass-123',
    });
    expect(() => new ConnectionSecrets('u'.repeat(40)).open(sealed)).toThrow(/cannot be opened/);
  });
});
