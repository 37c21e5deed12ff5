import { FileZones } from './windows-zones';

/** A property in ical.js's jCal shape: [name, parameters, type, value]. */
export type RawProp = [string, Record<string, unknown>, string, ...unknown[]];

/** Read access to one event's properties, whether ical.js parsed it or the pre-pass below did. */
export interface EventView {
  first(name: string): RawProp | undefined;
  all(name: string): RawProp[];
}

/** A VEVENT with one occurrence and times we can place without ical.js. */
export interface QuickEvent {
  view: EventView;
  /** The calendar's owner (X-WR-CALNAME when it is an address), for declined invitations. */
  owner: string | null;
  /** The calendar's X-WR-TIMEZONE as written, if any: the zone of its floating times (ics-busy.ts). */
  calendarZone: string | null;
}

export interface SplitDocument {
  /** What ical.js parses: the calendars, their VTIMEZONEs and the events that need it. */
  icalText: string;
  quick: QuickEvent[];
  /** The VTIMEZONEs of the document that govern their TZIDs. */
  fileZones: FileZones;
  /** How many VCALENDARs begin in the document, and how many events were left to ical.js. */
  calendars: number;
  complex: number;
}

/** The properties busy time is made of; everything else is never parsed (nor kept). */
const NEEDED = new Set([
  'BEGIN',
  'END',
  'VERSION',
  'UID',
  'DTSTART',
  'DTEND',
  'DURATION',
  'RRULE',
  'RDATE',
  'EXDATE',
  'RECURRENCE-ID',
  'SEQUENCE',
  'STATUS',
  'TRANSP',
  'X-MICROSOFT-CDO-BUSYSTATUS',
  'X-MICROSOFT-MSNCALENDAR-BUSYSTATUS',
  'X-MICROSOFT-CDO-INTENDEDSTATUS',
  'X-WR-CALNAME',
  'X-WR-TIMEZONE',
  'TZID',
  'TZOFFSETFROM',
  'TZOFFSETTO',
]);
const TIME_PROPS = new Set(['DTSTART', 'DTEND', 'RECURRENCE-ID']);
const DATE_VALUED = new Set(['DTSTART', 'DTEND', 'RECURRENCE-ID', 'EXDATE', 'RDATE']);
const BARE_DATES = /^\d{8}(,\d{8})*$/;
/** Outlook.com's unquoted TZID=tzone://Microsoft/Utc holds a ':', which ends the parameters. */
const TZONE_TZID = /;TZID=(tzone:\/\/[^;:"]*)/i;
const BASIC_TIME = /^(\d{4})(\d\d)(\d\d)(?:T(\d\d)(\d\d)(\d\d)(Z)?)?$/;

interface Block {
  lines: string[];
  props: RawProp[];
  owner: string | null;
  /** Which VCALENDAR of the document holds it (0 before any). */
  calendar: number;
  slot: number;
  quickable: boolean;
  /** The RECURRENCE-ID as written (null for a master), whether or not it could be read. */
  recurrence: string | null;
  sequence: number;
}

/**
 * One pass over the document's lines, before ical.js sees it:
 *
 * - Only the properties busy time is made of are kept: titles, descriptions (Outlook's X-ALT-DESC
 *   HTML is often most of a feed), locations and attendees are dropped unread (an ATTENDEE line stays
 *   only when it declines), and so are alarms. Lines that are not content lines (a broken fold, a
 *   stray HTML line) go too, instead of failing the whole calendar.
 * - Most events have one occurrence in a zone we know: they are read here (a few µs each) instead
 *   of as ical.js objects (~50 µs each). Recurring events, their overrides and events whose TZID only
 *   the file's VTIMEZONE explains stay in the text for ical.js.
 */
export function splitDocument(text: string): SplitDocument {
  const out: string[] = [];
  const blocks: Block[] = [];
  const tzids = new Set<string>();
  // Each VCALENDAR's X-WR-TIMEZONE, wherever in the calendar it is written (before or after its events).
  const calendarZones: (string | null)[] = [null];
  let owner: string | null = null;
  let calendars = 0;
  let complex = 0;
  let block: Block | null = null;
  let depth = 0;
  for (let line of text.replace(/\r?\n[ \t]/g, '').split(/\r?\n/)) {
    if (line.charCodeAt(0) === 0xfeff) line = line.slice(1);
    let n = 0;
    while (n < line.length && isNameChar(line.charCodeAt(n))) n++;
    if (n === 0) continue;
    const name = line.slice(0, n).toUpperCase();
    const keep = NEEDED.has(name) || (name === 'ATTENDEE' && /PARTSTAT=DECLINED/i.test(line));
    if (!keep) continue;
    if (line.indexOf('tzone:') > 0) line = line.replace(TZONE_TZID, ';TZID="$1"');
    const parsed = splitLine(line, n, name);
    if (parsed === null) continue;
    if (DATE_VALUED.has(name) && parsed.params.value === undefined && BARE_DATES.test(parsed.value.trim())) {
      // EXDATE:20200116 (Google has published such): a DATE without VALUE=DATE, which ical.js refuses
      // as a DATE-TIME. Read it as the date it is, rather than lose the event or its series.
      parsed.params.value = 'DATE';
      line = `${line.slice(0, n)};VALUE=DATE${line.slice(n)}`;
    }
    if (block !== null) {
      // A component inside the event (VALARM) is dropped whole: its END must not be kept without its
      // BEGIN, or ical.js would close the event there (and with several, refuse the document).
      if (name === 'BEGIN') depth++;
      else if (name === 'END') {
        if (--depth === 0) {
          block.lines.push(line);
          blocks.push(block);
          block = null;
        }
      } else if (depth === 1) {
        block.lines.push(line);
        if (name === 'RECURRENCE-ID') block.recurrence = parsed.value.trim();
        else if (name === 'SEQUENCE') block.sequence = Number.parseInt(parsed.value.trim(), 10) || 0;
        const prop = toRawProp(parsed);
        if (prop === null) block.quickable = false;
        else block.props.push(prop);
      }
      continue;
    }
    const value = parsed.value.trim().toUpperCase();
    if (name === 'BEGIN' && value === 'VEVENT') {
      block = {
        lines: [line],
        props: [],
        owner,
        calendar: calendars,
        slot: out.length,
        quickable: true,
        recurrence: null,
        sequence: 0,
      };
      out.push('');
      depth = 1;
      continue;
    }
    if (name === 'BEGIN' && value === 'VCALENDAR') {
      owner = null;
      calendars++;
      calendarZones.push(null);
    }
    if (name === 'X-WR-TIMEZONE') calendarZones[calendars] = unescapeText(parsed.value).trim() || null;
    if (name === 'X-WR-CALNAME') owner = /^[^@\s]+@[^@\s]+$/.test(parsed.value.trim()) ? value.toLowerCase() : null;
    if (name === 'TZID') tzids.add(unescapeText(parsed.value).trim());
    if (keep) out.push(line);
  }
  if (block !== null) {
    out.push(...block.lines); // no END:VEVENT: ical.js decides what it is
    complex++;
  }

  const fileZones = new FileZones(tzids);
  const overridden = new Set<string>();
  for (const b of blocks) {
    if (b.recurrence !== null) overridden.add(uidOf(b.props));
  }
  const quick: QuickEvent[] = [];
  for (const b of latestVersions(blocks)) {
    if (b.quickable && isQuick(b.props, overridden, fileZones)) {
      quick.push({ view: viewOf(b.props), owner: b.owner, calendarZone: calendarZones[b.calendar] });
    } else {
      out[b.slot] = b.lines.join('\r\n');
      complex++;
    }
  }
  return { icalText: out.join('\r\n'), quick, fileZones, calendars, complex };
}

/**
 * One version of each event: a feed (or a CalDAV answer of several objects) can hold an event twice,
 * same UID and no RECURRENCE-ID (or the same RECURRENCE-ID), after an update. The higher SEQUENCE
 * wins (RFC 5545 3.8.7.4: SEQUENCE counts the organizer's revisions); on a tie the later in the file,
 * as a feed that appends its updated copy means (DTSTAMP is often the export time,
 * the same on every event, and LAST-MODIFIED is optional). Events without a UID are all kept.
 */
function latestVersions(blocks: Block[]): Block[] {
  const winner = new Map<string, Block>();
  let duplicates = false;
  for (const b of blocks) {
    const uid = uidOf(b.props);
    if (uid === '') continue;
    const key = versionKey(uid, b);
    const other = winner.get(key);
    if (other !== undefined) duplicates = true;
    if (other === undefined || b.sequence >= other.sequence) winner.set(key, b);
  }
  if (!duplicates) return blocks;
  return blocks.filter((b) => {
    const uid = uidOf(b.props);
    return uid === '' || winner.get(versionKey(uid, b)) === b;
  });
}

/** A master by its UID, an override by UID and RECURRENCE-ID (a UID holds no line break once unfolded). */
function versionKey(uid: string, b: Block): string {
  return b.recurrence === null ? uid : `${uid}\n${b.recurrence}`;
}

function isQuick(props: RawProp[], overridden: Set<string>, fileZones: FileZones): boolean {
  let start = false;
  for (const [name, params] of props) {
    if (name === 'rrule' || name === 'rdate' || name === 'recurrence-id') return false;
    if (name === 'dtstart') start = true;
    if (name === 'dtstart' || name === 'dtend') {
      const tzid = params.tzid;
      if (typeof tzid === 'string' && fileZones.governing(tzid) !== null) return false;
    }
  }
  return start && !overridden.has(uidOf(props));
}

function uidOf(props: RawProp[]): string {
  const uid = props.find((p) => p[0] === 'uid')?.[3];
  return typeof uid === 'string' ? uid.trim() : '';
}

function viewOf(props: RawProp[]): EventView {
  return {
    first: (name) => props.find((p) => p[0] === name),
    all: (name) => props.filter((p) => p[0] === name),
  };
}

interface Line {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** NAME;PARAM=value;PARAM="quoted":value (the name already read), or null when it is not a content line. */
function splitLine(line: string, nameEnd: number, name: string): Line | null {
  let i = nameEnd;
  const params: Record<string, string> = {};
  while (line[i] === ';') {
    const eq = line.indexOf('=', i + 1);
    if (eq < 0) return null;
    const key = line.slice(i + 1, eq).toLowerCase();
    i = eq + 1;
    let value: string;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      if (close < 0) return null;
      value = line.slice(i + 1, close);
      i = close + 1;
    } else {
      let j = i;
      while (j < line.length && line[j] !== ';' && line[j] !== ':') j++;
      value = line.slice(i, j);
      i = j;
    }
    while (i < line.length && line[i] !== ';' && line[i] !== ':') i++; // the rest of a list
    params[key] = value;
  }
  if (line[i] !== ':') return null;
  return { name, params, value: line.slice(i + 1) };
}

function isNameChar(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45;
}

/** The jCal form ical.js would give (times as "2027-03-10T12:00:00Z"); null for a time it can't be. */
function toRawProp({ name, params, value }: Line): RawProp | null {
  const key = name.toLowerCase();
  if (TIME_PROPS.has(name)) {
    const m = BASIC_TIME.exec(value.trim());
    if (!m) return null;
    const [, y, mo, d, h, mi, s, z] = m;
    if (h === undefined) return [key, params, 'date', `${y}-${mo}-${d}`];
    return [key, params, 'date-time', `${y}-${mo}-${d}T${h}:${mi}:${s}${z ?? ''}`];
  }
  if (name === 'ATTENDEE') return [key, params, 'cal-address', value];
  if (name === 'DURATION' || name === 'EXDATE' || name === 'RRULE' || name === 'RDATE')
    return [key, params, 'raw', value];
  return [key, params, 'text', unescapeText(value)];
}

function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}
