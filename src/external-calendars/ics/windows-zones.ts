import { IANAZone } from 'luxon';

/**
 * Windows time zone ids, as Outlook and Exchange write them in TZID ("W. Europe Standard Time"), and the
 * IANA zone each stands for: CLDR's windowsZones.xml, territory "001" (the zone CLDR names for the whole
 * id). Listed in full (139 ids) so that any Outlook calendar resolves even without a VTIMEZONE.
 * Etc/GMT±N zones are POSIX-style: Etc/GMT+5 is five hours BEHIND UTC.
 */
export const WINDOWS_ZONES: Readonly<Record<string, string>> = {
  'Afghanistan Standard Time': 'Asia/Kabul',
  'Alaskan Standard Time': 'America/Anchorage',
  'Aleutian Standard Time': 'America/Adak',
  'Altai Standard Time': 'Asia/Barnaul',
  'Arab Standard Time': 'Asia/Riyadh',
  'Arabian Standard Time': 'Asia/Dubai',
  'Arabic Standard Time': 'Asia/Baghdad',
  'Argentina Standard Time': 'America/Buenos_Aires',
  'Astrakhan Standard Time': 'Europe/Astrakhan',
  'Atlantic Standard Time': 'America/Halifax',
  'AUS Central Standard Time': 'Australia/Darwin',
  'Aus Central W. Standard Time': 'Australia/Eucla',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'Azerbaijan Standard Time': 'Asia/Baku',
  'Azores Standard Time': 'Atlantic/Azores',
  'Bahia Standard Time': 'America/Bahia',
  'Bangladesh Standard Time': 'Asia/Dhaka',
  'Belarus Standard Time': 'Europe/Minsk',
  'Bougainville Standard Time': 'Pacific/Bougainville',
  'Canada Central Standard Time': 'America/Regina',
  'Cape Verde Standard Time': 'Atlantic/Cape_Verde',
  'Caucasus Standard Time': 'Asia/Yerevan',
  'Cen. Australia Standard Time': 'Australia/Adelaide',
  'Central America Standard Time': 'America/Guatemala',
  'Central Asia Standard Time': 'Asia/Bishkek',
  'Central Brazilian Standard Time': 'America/Cuiaba',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'Central Pacific Standard Time': 'Pacific/Guadalcanal',
  'Central Standard Time': 'America/Chicago',
  'Central Standard Time (Mexico)': 'America/Mexico_City',
  'Chatham Islands Standard Time': 'Pacific/Chatham',
  'China Standard Time': 'Asia/Shanghai',
  'Cuba Standard Time': 'America/Havana',
  'Dateline Standard Time': 'Etc/GMT+12',
  'E. Africa Standard Time': 'Africa/Nairobi',
  'E. Australia Standard Time': 'Australia/Brisbane',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'E. South America Standard Time': 'America/Sao_Paulo',
  'Easter Island Standard Time': 'Pacific/Easter',
  'Eastern Standard Time': 'America/New_York',
  'Eastern Standard Time (Mexico)': 'America/Cancun',
  'Egypt Standard Time': 'Africa/Cairo',
  'Ekaterinburg Standard Time': 'Asia/Yekaterinburg',
  'Fiji Standard Time': 'Pacific/Fiji',
  'FLE Standard Time': 'Europe/Kiev',
  'Georgian Standard Time': 'Asia/Tbilisi',
  'GMT Standard Time': 'Europe/London',
  'Greenland Standard Time': 'America/Godthab',
  'Greenwich Standard Time': 'Atlantic/Reykjavik',
  'GTB Standard Time': 'Europe/Bucharest',
  'Haiti Standard Time': 'America/Port-au-Prince',
  'Hawaiian Standard Time': 'Pacific/Honolulu',
  'India Standard Time': 'Asia/Calcutta',
  'Iran Standard Time': 'Asia/Tehran',
  'Israel Standard Time': 'Asia/Jerusalem',
  'Jordan Standard Time': 'Asia/Amman',
  'Kaliningrad Standard Time': 'Europe/Kaliningrad',
  'Korea Standard Time': 'Asia/Seoul',
  'Libya Standard Time': 'Africa/Tripoli',
  'Line Islands Standard Time': 'Pacific/Kiritimati',
  'Lord Howe Standard Time': 'Australia/Lord_Howe',
  'Magadan Standard Time': 'Asia/Magadan',
  'Magallanes Standard Time': 'America/Punta_Arenas',
  'Marquesas Standard Time': 'Pacific/Marquesas',
  'Mauritius Standard Time': 'Indian/Mauritius',
  'Middle East Standard Time': 'Asia/Beirut',
  'Montevideo Standard Time': 'America/Montevideo',
  'Morocco Standard Time': 'Africa/Casablanca',
  'Mountain Standard Time': 'America/Denver',
  'Mountain Standard Time (Mexico)': 'America/Mazatlan',
  'Myanmar Standard Time': 'Asia/Rangoon',
  'N. Central Asia Standard Time': 'Asia/Novosibirsk',
  'Namibia Standard Time': 'Africa/Windhoek',
  'Nepal Standard Time': 'Asia/Katmandu',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Newfoundland Standard Time': 'America/St_Johns',
  'Norfolk Standard Time': 'Pacific/Norfolk',
  'North Asia East Standard Time': 'Asia/Irkutsk',
  'North Asia Standard Time': 'Asia/Krasnoyarsk',
  'North Korea Standard Time': 'Asia/Pyongyang',
  'Omsk Standard Time': 'Asia/Omsk',
  'Pacific SA Standard Time': 'America/Santiago',
  'Pacific Standard Time': 'America/Los_Angeles',
  'Pacific Standard Time (Mexico)': 'America/Tijuana',
  'Pakistan Standard Time': 'Asia/Karachi',
  'Paraguay Standard Time': 'America/Asuncion',
  'Qyzylorda Standard Time': 'Asia/Qyzylorda',
  'Romance Standard Time': 'Europe/Paris',
  'Russia Time Zone 10': 'Asia/Srednekolymsk',
  'Russia Time Zone 11': 'Asia/Kamchatka',
  'Russia Time Zone 3': 'Europe/Samara',
  'Russian Standard Time': 'Europe/Moscow',
  'SA Eastern Standard Time': 'America/Cayenne',
  'SA Pacific Standard Time': 'America/Bogota',
  'SA Western Standard Time': 'America/La_Paz',
  'Saint Pierre Standard Time': 'America/Miquelon',
  'Sakhalin Standard Time': 'Asia/Sakhalin',
  'Samoa Standard Time': 'Pacific/Apia',
  'Sao Tome Standard Time': 'Africa/Sao_Tome',
  'Saratov Standard Time': 'Europe/Saratov',
  'SE Asia Standard Time': 'Asia/Bangkok',
  'Singapore Standard Time': 'Asia/Singapore',
  'South Africa Standard Time': 'Africa/Johannesburg',
  'South Sudan Standard Time': 'Africa/Juba',
  'Sri Lanka Standard Time': 'Asia/Colombo',
  'Sudan Standard Time': 'Africa/Khartoum',
  'Syria Standard Time': 'Asia/Damascus',
  'Taipei Standard Time': 'Asia/Taipei',
  'Tasmania Standard Time': 'Australia/Hobart',
  'Tocantins Standard Time': 'America/Araguaina',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'Tomsk Standard Time': 'Asia/Tomsk',
  'Tonga Standard Time': 'Pacific/Tongatapu',
  'Transbaikal Standard Time': 'Asia/Chita',
  'Turkey Standard Time': 'Europe/Istanbul',
  'Turks And Caicos Standard Time': 'America/Grand_Turk',
  'Ulaanbaatar Standard Time': 'Asia/Ulaanbaatar',
  'US Eastern Standard Time': 'America/Indianapolis',
  'US Mountain Standard Time': 'America/Phoenix',
  UTC: 'Etc/UTC',
  'UTC-02': 'Etc/GMT+2',
  'UTC-08': 'Etc/GMT+8',
  'UTC-09': 'Etc/GMT+9',
  'UTC-11': 'Etc/GMT+11',
  'UTC+12': 'Etc/GMT-12',
  'UTC+13': 'Etc/GMT-13',
  'Venezuela Standard Time': 'America/Caracas',
  'Vladivostok Standard Time': 'Asia/Vladivostok',
  'Volgograd Standard Time': 'Europe/Volgograd',
  'W. Australia Standard Time': 'Australia/Perth',
  'W. Central Africa Standard Time': 'Africa/Lagos',
  'W. Europe Standard Time': 'Europe/Berlin',
  'W. Mongolia Standard Time': 'Asia/Hovd',
  'West Asia Standard Time': 'Asia/Tashkent',
  'West Bank Standard Time': 'Asia/Hebron',
  'West Pacific Standard Time': 'Pacific/Port_Moresby',
  'Yakutsk Standard Time': 'Asia/Yakutsk',
  'Yukon Standard Time': 'America/Whitehorse',
};

/**
 * Display names that older Outlook and Exchange versions wrote as the TZID instead of the id
 * ("(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"), with the zone of the id they label.
 */
const LEGACY_LABELS: Readonly<Record<string, string>> = {
  '(GMT+10:00) Canberra, Melbourne, Sydney': 'Australia/Sydney',
  '(UTC) Casablanca': 'Africa/Casablanca',
  '(UTC) Coordinated Universal Time': 'Etc/UTC',
  '(UTC) Greenwich Mean Time: Dublin, Edinburgh, Lisbon, London': 'Europe/London',
  '(UTC) Monrovia, Reykjavik': 'Atlantic/Reykjavik',
  '(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna': 'Europe/Berlin',
  '(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague': 'Europe/Budapest',
  '(UTC+01:00) Brussels, Copenhagen, Madrid, Paris': 'Europe/Paris',
  '(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb': 'Europe/Warsaw',
  '(UTC+01:00) West Central Africa': 'Africa/Lagos',
  '(UTC+02:00) Amman': 'Asia/Amman',
  '(UTC+02:00) Athens, Bucharest, Istanbul': 'Europe/Bucharest',
  '(UTC+02:00) Beirut': 'Asia/Beirut',
  '(UTC+02:00) Cairo': 'Africa/Cairo',
  '(UTC+02:00) Harare, Pretoria': 'Africa/Johannesburg',
  '(UTC+02:00) Helsinki, Kiev, Riga, Sofia, Tallinn, Vilnius': 'Europe/Kiev',
  '(UTC+02:00) Jerusalem': 'Asia/Jerusalem',
  '(UTC+02:00) Minsk': 'Europe/Chisinau',
  '(UTC+02:00) Windhoek': 'Africa/Windhoek',
  '(UTC+03:00) Baghdad': 'Asia/Baghdad',
  '(UTC+03:00) Kuwait, Riyadh': 'Asia/Riyadh',
  '(UTC+03:00) Moscow, St. Petersburg, Volgograd': 'Europe/Moscow',
  '(UTC+03:00) Nairobi': 'Africa/Nairobi',
  '(UTC+03:00) Tbilisi': 'Asia/Tbilisi',
  '(UTC+03:30) Tehran': 'Asia/Tehran',
  '(UTC+04:00) Abu Dhabi, Muscat': 'Asia/Dubai',
  '(UTC+04:00) Baku': 'Asia/Baku',
  '(UTC+04:00) Baku, Tbilisi, Yerevan': 'Asia/Yerevan',
  '(UTC+04:00) Port Louis': 'Indian/Mauritius',
  '(UTC+04:00) Yerevan': 'Asia/Yerevan',
  '(UTC+04:30) Kabul': 'Asia/Kabul',
  '(UTC+05:00) Ekaterinburg': 'Asia/Yekaterinburg',
  '(UTC+05:00) Islamabad, Karachi': 'Asia/Karachi',
  '(UTC+05:00) Tashkent': 'Asia/Tashkent',
  '(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi': 'Asia/Calcutta',
  '(UTC+05:45) Kathmandu': 'Asia/Katmandu',
  '(UTC+06:00) Almaty, Novosibirsk': 'Asia/Novosibirsk',
  '(UTC+06:00) Astana, Dhaka': 'Asia/Bishkek',
  '(UTC+06:00) Sri Jayawardenepura': 'Asia/Colombo',
  '(UTC+06:30) Yangon (Rangoon)': 'Asia/Rangoon',
  '(UTC+07:00) Bangkok, Hanoi, Jakarta': 'Asia/Bangkok',
  '(UTC+07:00) Krasnoyarsk': 'Asia/Krasnoyarsk',
  '(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi': 'Asia/Shanghai',
  '(UTC+08:00) Irkutsk, Ulaanbaatar': 'Asia/Irkutsk',
  '(UTC+08:00) Kuala Lumpur, Singapore': 'Asia/Singapore',
  '(UTC+08:00) Perth': 'Australia/Perth',
  '(UTC+08:00) Taipei': 'Asia/Taipei',
  '(UTC+09:00) Osaka, Sapporo, Tokyo': 'Asia/Tokyo',
  '(UTC+09:00) Seoul': 'Asia/Seoul',
  '(UTC+09:00) Yakutsk': 'Asia/Yakutsk',
  '(UTC+09:30) Adelaide': 'Australia/Adelaide',
  '(UTC+09:30) Darwin': 'Australia/Darwin',
  '(UTC+10:00) Brisbane': 'Australia/Brisbane',
  '(UTC+10:00) Canberra, Melbourne, Sydney': 'Australia/Sydney',
  '(UTC+10:00) Guam, Port Moresby': 'Pacific/Port_Moresby',
  '(UTC+10:00) Hobart': 'Australia/Hobart',
  '(UTC+10:00) Vladivostok': 'Asia/Vladivostok',
  '(UTC+11:00) Magadan, Solomon Islands, New Caledonia': 'Pacific/Guadalcanal',
  '(UTC+12:00) Auckland, Wellington': 'Pacific/Auckland',
  '(UTC+12:00) Fiji, Kamchatka, Marshall Is.': 'Pacific/Fiji',
  '(UTC+12:00) Petropavlovsk-Kamchatsky': 'Asia/Kamchatka',
  "(UTC+13:00) Nuku'alofa": 'Pacific/Tongatapu',
  '(UTC-01:00) Azores': 'Atlantic/Azores',
  '(UTC-01:00) Cape Verde Islands': 'Atlantic/Cape_Verde',
  '(UTC-02:00) Mid-Atlantic': 'Etc/GMT+2',
  '(UTC-03:00) Brasilia': 'America/Sao_Paulo',
  '(UTC-03:00) Buenos Aires': 'America/Buenos_Aires',
  '(UTC-03:00) Georgetown': 'America/Cayenne',
  '(UTC-03:00) Greenland': 'America/Godthab',
  '(UTC-03:00) Montevideo': 'America/Montevideo',
  '(UTC-03:30) Newfoundland': 'America/St_Johns',
  '(UTC-04:00) Asuncion': 'America/Asuncion',
  '(UTC-04:00) Atlantic Time (Canada)': 'America/Halifax',
  '(UTC-04:00) Georgetown, La Paz, San Juan': 'America/La_Paz',
  '(UTC-04:00) Manaus': 'America/Cuiaba',
  '(UTC-04:00) Santiago': 'America/Santiago',
  '(UTC-04:30) Caracas': 'America/Caracas',
  '(UTC-05:00) Bogota, Lima, Quito': 'America/Bogota',
  '(UTC-05:00) Eastern Time (US & Canada)': 'America/New_York',
  '(UTC-05:00) Eastern Time (US and Canada)': 'America/New_York',
  '(UTC-05:00) Indiana (East)': 'America/Indianapolis',
  '(UTC-06:00) Central America': 'America/Guatemala',
  '(UTC-06:00) Central Time (US & Canada)': 'America/Chicago',
  '(UTC-06:00) Central Time (US and Canada)': 'America/Chicago',
  '(UTC-06:00) Guadalajara, Mexico City, Monterrey': 'America/Mexico_City',
  '(UTC-06:00) Guadalajara, Mexico City, Monterrey - New': 'America/Mexico_City',
  '(UTC-06:00) Saskatchewan': 'America/Regina',
  '(UTC-07:00) Arizona': 'America/Phoenix',
  '(UTC-07:00) Chihuahua, La Paz, Mazatlan': 'America/Mazatlan',
  '(UTC-07:00) Chihuahua, La Paz, Mazatlan - New': 'America/Mazatlan',
  '(UTC-07:00) Mountain Time (US & Canada)': 'America/Denver',
  '(UTC-07:00) Mountain Time (US and Canada)': 'America/Denver',
  '(UTC-08:00) Pacific Time (US & Canada); Tijuana': 'America/Los_Angeles',
  '(UTC-08:00) Pacific Time (US and Canada); Tijuana': 'America/Los_Angeles',
  '(UTC-08:00) Tijuana, Baja California': 'America/Tijuana',
  '(UTC-09:00) Alaska': 'America/Anchorage',
  '(UTC-10:00) Hawaii': 'Pacific/Honolulu',
  '(UTC-11:00) Midway Island, Samoa': 'Pacific/Apia',
  '(UTC-12:00) International Date Line West': 'Etc/GMT+12',
};

const BY_LOWER_NAME = new Map<string, string>(
  [...Object.entries(WINDOWS_ZONES), ...Object.entries(LEGACY_LABELS)].map(([name, zone]) => [
    name.toLowerCase(),
    zone,
  ]),
);

/** The IANA zone of a Windows zone id or legacy label ("W. Europe Standard Time"), or null. */
export function windowsToIana(name: string): string | null {
  return BY_LOWER_NAME.get(name.trim().toLowerCase()) ?? null;
}

const resolved = new Map<string, string | null>();

/**
 * The IANA zone a TZID stands for, or null when we don't know it: an IANA name as such, a Windows id
 * or label, Outlook.com's "tzone://Microsoft/Utc", or a prefixed IANA name as libical, Evolution and
 * old Thunderbird write it ("/freeassociation.sourceforge.net/Tzfile/Europe/Stockholm",
 * "/citadel.org/20190914_1/Europe/Stockholm", "/mozilla.org/20050126_1/Europe/Berlin").
 */
export function resolveTzid(tzid: string): string | null {
  let zone = resolved.get(tzid);
  if (zone !== undefined) return zone;
  zone = lookUp(tzid);
  if (resolved.size < 1000) resolved.set(tzid, zone); // TZIDs come from outside: keep the cache small
  return zone;
}

function lookUp(tzid: string): string | null {
  const name = tzid
    .trim()
    .replace(/^"(.*)"$/, '$1')
    .replace(/^tzone:\/\/Microsoft\//i, '');
  if (name === '') return null;
  const windows = windowsToIana(name);
  if (windows !== null) return windows;
  if (isIanaZone(name)) return name;
  // A prefixed IANA name: try the last three, then two, then one path segments.
  const segments = name.split('/').filter((s) => s !== '');
  for (let n = Math.min(3, segments.length - 1); n >= 1; n--) {
    const candidate = segments.slice(-n).join('/');
    if (isIanaZone(candidate)) return candidate;
  }
  return null;
}

function isIanaZone(name: string): boolean {
  // Intl accepts the zone names of the tz database (and aliases such as "UTC"); luxon asks it.
  return /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name) && IANAZone.isValidZone(name);
}

/**
 * The document's VTIMEZONEs that govern the TZIDs naming them. A TZID the tz database knows as
 * written (an IANA name, a Windows id, a prefixed IANA name) is read from the tz database even when
 * the file carries a VTIMEZONE for it: that is a copy of the same rules (Outlook's reach back to 1601
 * and cost ical.js 0.1-0.3 s each). The file's VTIMEZONE governs a TZID we cannot name ("Customized
 * Time Zone"), and one that names an IANA zone only when case is ignored ("Europe/lisbon"): RFC 5545
 * 3.8.3.1 makes the VTIMEZONE the definition of its TZID, and a producer that misspells the name
 * wrote its own rules, which are what it shows. Parameter values are case-insensitive (RFC 5545
 * 3.2), so such a VTIMEZONE governs every TZID equal to it ignoring case ("Europe/Lisbon" in an
 * override's RECURRENCE-ID included): a series and its overrides are read in the same zone.
 */
export class FileZones {
  /** Lower-cased TZID → the spelling of the file's VTIMEZONE that governs it. */
  private readonly own = new Map<string, string>();

  constructor(tzids: Iterable<string>) {
    for (const tzid of tzids) {
      if (tzid !== '' && (resolveTzid(tzid) === null || isMisspeltIana(tzid))) this.own.set(tzid.toLowerCase(), tzid);
    }
  }

  /** The TZID of the file's VTIMEZONE to read this TZID with, or null (then resolveTzid applies). */
  governing(tzid: string): string | null {
    return this.own.size === 0 ? null : (this.own.get(tzid.trim().toLowerCase()) ?? null);
  }
}

const misspelt = new Map<string, boolean>();

/** "Europe/lisbon": an IANA name only when case is ignored (as written, or after a prefix). */
function isMisspeltIana(tzid: string): boolean {
  const iana = resolveTzid(tzid);
  if (iana === null) return false;
  let answer = misspelt.get(iana);
  if (answer !== undefined) return answer;
  let canonical: string;
  try {
    canonical = new Intl.DateTimeFormat('en', { timeZone: iana }).resolvedOptions().timeZone;
  } catch {
    canonical = iana;
  }
  answer = canonical !== iana && canonical.toLowerCase() === iana.toLowerCase();
  if (misspelt.size < 1000) misspelt.set(iana, answer); // as resolveTzid's cache: names come from outside
  return answer;
}
