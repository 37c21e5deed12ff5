import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { IANAZone } from 'luxon';

const MINUTE = 60_000;
const WEEKDAYS: Record<string, number> = { SU: 0, MO: 1, TU: 2, WE: 3, TH: 4, FR: 5, SA: 6 };

/** A VTIMEZONE component and the TZID it declares (which DTSTART;TZID=… must repeat exactly). */
export interface Vtimezone {
  tzid: string;
  component: string;
}

/**
 * The packaged VTIMEZONE for an IANA zone, or null when there is none.
 * The TZID comes from the component, not the argument: @touch4it/ical-timezones answers aliases
 * with the canonical zone ("UTC" gives TZID:Etc/UTC, "Asia/Calcutta" gives TZID:Asia/Kolkata), and a
 * DTSTART;TZID=UTC next to a VTIMEZONE for Etc/UTC would point at nothing.
 */
function packagedVtimezone(timeZone: string): Vtimezone | null {
  const component = getVtimezoneComponent(timeZone);
  const tzid = component ? /^TZID:(.+)$/m.exec(component)?.[1]?.trim() : undefined;
  if (!component || !tzid || !IANAZone.isValidZone(tzid)) return null;
  return { tzid, component };
}

/**
 * For one zone, a check per event: the VTIMEZONE its instants can be written against as local
 * times, or null when they must be written in UTC instead. A calendar turns
 * `DTSTART;TZID=…:<local time>` back into an instant with the VTIMEZONE, so that has to give the
 * same instant again. Two things break that:
 *
 * - Stale rules. The package's data is tzdata 2018g: it still has Brazil on summer time
 *   (abolished 2019), so 2026-12-01T12:00Z in America/Sao_Paulo, written as 09:00 local (luxon,
 *   current data, -03:00), would come back as 11:00Z (-02:00). Zones added since (Europe/Kyiv)
 *   have no VTIMEZONE at all.
 * - The repeated hour. Europe/Stockholm goes back from 03:00 CEST to 02:00 CET on 2027-10-31, so
 *   the local time 02:30 happens twice; RFC 5545 §3.3.5 says it means the first time
 *   (00:30Z). An appointment at 01:30Z, the second 02:30, must therefore be written in UTC.
 *
 * UTC times are always right; they only cost the calendar showing the zone's name.
 */
export function vtimezoneChooser(timeZone: string): (instants: readonly Date[]) => Vtimezone | null {
  // The packaged data and the rules parsed from it never change: built once per zone, not per mail.
  let chooser = choosers.get(timeZone);
  if (!chooser) {
    chooser = buildChooser(timeZone);
    choosers.set(timeZone, chooser);
  }
  return chooser;
}

const choosers = new Map<string, (instants: readonly Date[]) => Vtimezone | null>();

function buildChooser(timeZone: string): (instants: readonly Date[]) => Vtimezone | null {
  const zone = IANAZone.create(timeZone);
  if (!zone.isValid) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  const packaged = packagedVtimezone(timeZone);
  const observances = packaged ? parseObservances(packaged.component) : null;
  if (!packaged || !observances) return () => null;
  const rules = new VtimezoneRules(observances);
  return (instants) => {
    const roundTrips = instants.every((date) => {
      const instant = date.getTime();
      const local = instant + zone.offset(instant) * MINUTE;
      return rules.firstInstantOfLocal(local) === instant;
    });
    return roundTrips ? packaged : null;
  };
}

/** One STANDARD or DAYLIGHT block: its offsets, its first onset and its yearly rule, if any. */
interface Observance {
  offsetFrom: number;
  offsetTo: number;
  /** Local epoch ms of DTSTART: the instant the same digits would be in UTC. */
  firstLocal: number;
  rule: { month: number; nth: number; weekday: number } | null;
}

/**
 * Reads the shape every file in @touch4it/ical-timezones has: DTSTART, TZOFFSETFROM, TZOFFSETTO
 * and at most `RRULE:FREQ=YEARLY;BYMONTH=m;BYDAY=nDD`. Anything else gives null (so: UTC times).
 */
function parseObservances(component: string): Observance[] | null {
  const blocks = [...component.matchAll(/BEGIN:(?:STANDARD|DAYLIGHT)\r?\n([\s\S]*?)END:(?:STANDARD|DAYLIGHT)/g)];
  const observances = blocks.map(([, body]): Observance | null => {
    const field = (name: string) => new RegExp(`^${name}:(.+?)\\r?$`, 'm').exec(body)?.[1];
    const from = parseOffset(field('TZOFFSETFROM'));
    const to = parseOffset(field('TZOFFSETTO'));
    const start = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})$/.exec(field('DTSTART') ?? '');
    const rrule = field('RRULE');
    const rule = rrule ? /^FREQ=YEARLY;BYMONTH=(\d{1,2});BYDAY=(-?\d)(SU|MO|TU|WE|TH|FR|SA)$/.exec(rrule) : null;
    if (from === null || to === null || !start || (rrule && !rule) || field('RDATE')) return null;
    const [y, mo, d, h, mi, s] = start.slice(1).map(Number);
    return {
      offsetFrom: from,
      offsetTo: to,
      firstLocal: Date.UTC(y, mo - 1, d, h, mi, s),
      rule: rule ? { month: Number(rule[1]), nth: Number(rule[2]), weekday: WEEKDAYS[rule[3]] } : null,
    };
  });
  if (observances.length === 0 || observances.some((o) => o === null)) return null;
  return observances as Observance[];
}

/** "+0100" / "-0230" / "+013045" → ms. */
function parseOffset(text: string | undefined): number | null {
  const m = /^([+-])(\d{2})(\d{2})(\d{2})?$/.exec(text ?? '');
  if (!m) return null;
  const ms = (Number(m[2]) * 60 + Number(m[3])) * MINUTE + Number(m[4] ?? 0) * 1000;
  return m[1] === '-' ? -ms : ms;
}

/** What a calendar client computes from a VTIMEZONE, for the few years around the instants asked. */
class VtimezoneRules {
  private readonly offsets: number[];
  /** Per UTC year: the onsets of that year and the years either side, ascending. */
  private readonly onsetsByYear = new Map<number, Array<{ onset: number; offset: number }>>();

  constructor(private readonly observances: readonly Observance[]) {
    this.offsets = [...new Set(observances.flatMap((o) => [o.offsetFrom, o.offsetTo]))];
  }

  /** The offset (ms) in force at an instant: that of the onset that came last, if any came. */
  offsetAt(instant: number): number | null {
    const onsets = this.onsetsAround(new Date(instant).getUTCFullYear());
    let offset: number | null = null;
    for (const o of onsets) {
      if (o.onset > instant) break;
      offset = o.offset;
    }
    return offset;
  }

  /**
   * The instant a local time means, per RFC 5545: in a repeated hour the first one. E.g. Stockholm
   * local 2027-10-31 02:30 fits both +02:00 (00:30Z) and +01:00 (01:30Z), so it means 00:30Z.
   */
  firstInstantOfLocal(local: number): number | null {
    const fits = this.offsets.map((offset) => local - offset).filter((t) => this.offsetAt(t) === local - t);
    return fits.length ? Math.min(...fits) : null;
  }

  private onsetsAround(year: number): Array<{ onset: number; offset: number }> {
    let onsets = this.onsetsByYear.get(year);
    if (!onsets) {
      onsets = this.observances
        .flatMap((o) => {
          const locals = o.rule
            ? [year - 1, year, year + 1]
                .map((y) => nthWeekdayLocal(y, o.rule!, o.firstLocal))
                .filter((l) => l >= o.firstLocal)
            : [o.firstLocal];
          // An onset is written in the local time in force before it (TZOFFSETFROM).
          return locals.map((local) => ({ onset: local - o.offsetFrom, offset: o.offsetTo }));
        })
        .sort((a, b) => a.onset - b.onset);
      this.onsetsByYear.set(year, onsets);
    }
    return onsets;
  }
}

/** Local epoch ms of e.g. "the last Sunday of March" (nth -1) in a year, at DTSTART's time of day. */
function nthWeekdayLocal(
  year: number,
  rule: { month: number; nth: number; weekday: number },
  firstLocal: number,
): number {
  const timeOfDay = firstLocal - Math.floor(firstLocal / 86_400_000) * 86_400_000;
  let day: number;
  if (rule.nth > 0) {
    const firstWeekday = new Date(Date.UTC(year, rule.month - 1, 1)).getUTCDay();
    day = 1 + ((rule.weekday - firstWeekday + 7) % 7) + (rule.nth - 1) * 7;
  } else {
    const lastDay = new Date(Date.UTC(year, rule.month, 0)).getUTCDate();
    const lastWeekday = new Date(Date.UTC(year, rule.month - 1, lastDay)).getUTCDay();
    day = lastDay - ((lastWeekday - rule.weekday + 7) % 7) + (rule.nth + 1) * 7;
  }
  return Date.UTC(year, rule.month - 1, day) + timeOfDay;
}
