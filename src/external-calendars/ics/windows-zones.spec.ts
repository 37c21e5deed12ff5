import { IANAZone } from 'luxon';
import { resolveTzid, WINDOWS_ZONES, windowsToIana } from './windows-zones';

describe('Windows zone ids', () => {
  it('maps every id to a zone the tz database (through Intl) knows', () => {
    const unknown = Object.entries(WINDOWS_ZONES).filter(([, zone]) => !IANAZone.isValidZone(zone));
    expect(unknown).toEqual([]);
    expect(Object.keys(WINDOWS_ZONES).length).toBeGreaterThan(130);
  });

  it.each([
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['Romance Standard Time', 'Europe/Paris'],
    ['GMT Standard Time', 'Europe/London'],
    ['FLE Standard Time', 'Europe/Kiev'],
    ['Central European Standard Time', 'Europe/Warsaw'],
    ['Central Europe Standard Time', 'Europe/Budapest'],
    ['E. Europe Standard Time', 'Europe/Chisinau'],
    ['GTB Standard Time', 'Europe/Bucharest'],
    ['Russian Standard Time', 'Europe/Moscow'],
    ['Turkey Standard Time', 'Europe/Istanbul'],
    ['Greenwich Standard Time', 'Atlantic/Reykjavik'],
    ['Pacific Standard Time', 'America/Los_Angeles'],
    ['Mountain Standard Time', 'America/Denver'],
    ['Central Standard Time', 'America/Chicago'],
    ['Eastern Standard Time', 'America/New_York'],
    ['Atlantic Standard Time', 'America/Halifax'],
    ['Newfoundland Standard Time', 'America/St_Johns'],
    ['Alaskan Standard Time', 'America/Anchorage'],
    ['Hawaiian Standard Time', 'Pacific/Honolulu'],
    ['US Mountain Standard Time', 'America/Phoenix'],
    ['Central Standard Time (Mexico)', 'America/Mexico_City'],
    ['UTC', 'Etc/UTC'],
  ])('%s → %s', (windows, iana) => {
    expect(windowsToIana(windows)).toBe(iana);
    expect(resolveTzid(windows)).toBe(iana);
  });

  it('resolves case and quotes loosely, labels, Outlook.com and prefixed names; unknown ones to null', () => {
    expect(resolveTzid('w. europe standard time')).toBe('Europe/Berlin');
    expect(resolveTzid('"W. Europe Standard Time"')).toBe('Europe/Berlin');
    expect(resolveTzid('(UTC+01:00) Brussels, Copenhagen, Madrid, Paris')).toBe('Europe/Paris');
    expect(resolveTzid('tzone://Microsoft/Utc')).toBe('Etc/UTC');
    expect(resolveTzid('Europe/Stockholm')).toBe('Europe/Stockholm');
    expect(resolveTzid('/citadel.org/20190914_1/Europe/Stockholm')).toBe('Europe/Stockholm');
    expect(resolveTzid('/mozilla.org/20050126_1/America/New_York')).toBe('America/New_York');
    expect(resolveTzid('Customized Time Zone')).toBeNull();
    expect(resolveTzid('tzone://Microsoft/Custom')).toBeNull();
    expect(resolveTzid('')).toBeNull();
  });
});
