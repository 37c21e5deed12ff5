import {
  checkCalDavForm,
  checkIcsForm,
  normaliseCalendarUrl,
  readCalDavForm,
  readCalendarChoice,
  readIcsForm,
} from './external-calendars-forms';

describe('external calendar forms', () => {
  it('reads webcal:// as https:// and trims the address', () => {
    expect(readIcsForm({ 'ics-url': '  webcal://outlook.office365.com/owa/calendar/x/reachcalendar.ics ' })).toEqual({
      url: 'https://outlook.office365.com/owa/calendar/x/reachcalendar.ics',
    });
    expect(normaliseCalendarUrl('WEBCALS://p01-caldav.icloud.com/published/2/abc')).toBe(
      'https://p01-caldav.icloud.com/published/2/abc',
    );
    expect(normaliseCalendarUrl('https://calendar.google.com/calendar/ical/a/private-b/basic.ics')).toBe(
      'https://calendar.google.com/calendar/ical/a/private-b/basic.ics',
    );
  });

  it('refuses an empty or non-web address next to its field', () => {
    expect(checkIcsForm({ url: '' })).toEqual([{ field: 'ics-url', key: 'settings.ext.error.urlMissing' }]);
    for (const url of ['outlook calendar', 'ftp://example.org/cal.ics', 'javascript:alert(1)', 'https://'])
      expect([url, checkIcsForm({ url })]).toEqual([url, [{ field: 'ics-url', key: 'settings.ext.error.urlInvalid' }]]);
    expect(checkIcsForm({ url: 'https://example.org/cal.ics' })).toEqual([]);
    expect(checkIcsForm({ url: `https://example.org/${'a'.repeat(2000)}` })).toHaveLength(1);
  });

  it('keeps the password as typed (not trimmed) and wants all three CalDAV fields', () => {
    const form = readCalDavForm({
      'caldav-url': ' https://dav.example.org ',
      'caldav-username': ' anna ',
      'caldav-password': ' pw ',
    });
    expect(form).toEqual({ url: 'https://dav.example.org', username: 'anna', password: ' pw ' });
    expect(checkCalDavForm(form)).toEqual([]);
    expect(checkCalDavForm({ url: '', username: '', password: '' }).map((p) => p.field)).toEqual([
      'caldav-url',
      'caldav-username',
      'caldav-password',
    ]);
  });

  it('reads the ticked calendars, once each, ignoring a repeated field', () => {
    expect(
      readCalendarChoice({
        'calendar-0': '/dav/a/',
        'calendar-2': '/dav/c/',
        'calendar-3': '/dav/a/',
        'calendar-1': ['x', 'y'],
      }),
    ).toEqual(['/dav/a/', '/dav/c/']);
    expect(readCalendarChoice({})).toEqual([]);
  });
});
