import { IANAZone } from 'luxon';
import { DAY, MINUTE } from './intervals';

const SECOND = 1000;
const QUARTER_HOUR = 15 * MINUTE;
/**
 * How far apart we ask luxon for the offset. Asking costs ~10 µs (Intl formatting), so asking once
 * per local date would eat the whole budget of a search. Every zone in the tz database keeps an
 * offset for weeks between changes (Morocco's Ramadan switch, ~5 weeks, is the shortest in use), so
 * one question a week finds every change (zone-offsets.spec.ts compares with luxon through 2028).
 */
const PROBE_EVERY = 7 * DAY;
/** Local dates reach at most 14 hours either side of UTC, so two days of margin cover any date. */
const MARGIN = 2 * DAY;

/** Past answers per zone: the probes fall on a lattice, so searches and bookings near the same weeks ask the same. */
const ASKED = new Map<string, Map<number, number>>();
/** Per zone; when full the zone's answers start over (a zone's offset at an instant never changes while running). */
const ASKED_MAX = 20_000;

/** The zone's offset (ms) at an instant, from luxon once and then from memory. */
function askedOffsets(timeZone: string): (t: number) => number {
  let known = ASKED.get(timeZone);
  if (!known) {
    const zone = IANAZone.create(timeZone);
    if (!zone.isValid) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
    known = new Map();
    ASKED.set(timeZone, known);
  }
  const answers = known;
  const zone = IANAZone.create(timeZone);
  return (t) => {
    let offset = answers.get(t);
    if (offset === undefined) {
      if (answers.size >= ASKED_MAX) answers.clear();
      offset = zone.offset(t) * MINUTE;
      answers.set(t, offset);
    }
    return offset;
  };
}

/**
 * The UTC offsets of one IANA zone over a stretch of time, as a few constant pieces, so that
 * expanding working hours needs a handful of luxon calls per search instead of several per date.
 * Wall-clock times are handled as "local epoch ms": the instant the same digits would be in UTC,
 * e.g. 2027-03-28 02:30 local is Date.UTC(2027, 2, 28, 2, 30) whatever the zone.
 */
export class ZoneOffsets {
  /** Piece i holds offsets[i] (ms) from starts[i] (the first piece from -∞) until starts[i + 1]. */
  private constructor(
    private readonly starts: readonly number[],
    private readonly offsets: readonly number[],
  ) {}

  /** The offsets that matter for local dates touching [from, to]. */
  static around(timeZone: string, from: number, to: number): ZoneOffsets {
    const offsetAt = askedOffsets(timeZone);
    // Probes on the quarter-hour lattice, where (nearly) all transitions are, keep the search short.
    const first = Math.floor((from - MARGIN) / QUARTER_HOUR) * QUARTER_HOUR;
    const last = Math.ceil((to + MARGIN) / QUARTER_HOUR) * QUARTER_HOUR;
    const starts = [-Infinity];
    const offsets = [offsetAt(first)];
    let probe = first;
    while (probe < last) {
      const next = Math.min(probe + PROBE_EVERY, last);
      const offset = offsetAt(next);
      if (offset !== offsets[offsets.length - 1]) {
        starts.push(findTransition(offsetAt, offsets[offsets.length - 1], probe, next));
        offsets.push(offset);
      }
      probe = next;
    }
    return new ZoneOffsets(starts, offsets);
  }

  offsetAt(instant: number): number {
    let i = this.starts.length - 1;
    while (instant < this.starts[i]) i--;
    return this.offsets[i];
  }

  /** The local epoch ms of an instant. */
  localOf(instant: number): number {
    return instant + this.offsetAt(instant);
  }

  /**
   * The first instant at which the wall clock reads `local` or later. That one rule covers both
   * kinds of DST day, and it never runs backwards (a later wall time never gives an earlier instant):
   *
   * - Gap (Europe/Stockholm 2027-03-28, clocks jump 02:00 CET → 03:00 CEST at 01:00Z): 02:30 never
   *   shows, so 02:30 gives 01:00Z, the first instant that exists after it (03:00 CEST). 02:00 gives
   *   the same instant. (Luxon itself would shift 02:30 by the gap, to 03:30 CEST.)
   * - Overlap (2027-10-31, clocks go back 03:00 CEST → 02:00 CET at 01:00Z): 02:30 shows twice, and
   *   this gives its first showing, 02:30 CEST = 00:30Z. (Luxon itself picks 02:30 CET.)
   */
  instantOf(local: number): number {
    for (let i = 0; i < this.starts.length; i++) {
      const offset = this.offsets[i];
      // The wall clock reads [starts[i] + offset, starts[i + 1] + offset) during piece i.
      if (local < this.starts[i] + offset) return this.starts[i];
      const end = i + 1 < this.starts.length ? this.starts[i + 1] + offset : Infinity;
      if (local < end) return local - offset;
    }
    throw new Error('unreachable: the last piece reaches +∞');
  }
}

/**
 * The first instant in (before, after] whose offset is no longer `old` (the offset at `before`),
 * given exactly one change in between: a bisection on quarter hours (~10 luxon calls), then on
 * seconds when the change is not on a quarter hour (Africa/Monrovia 1972-01-07T00:44:30Z).
 * Offsets from luxon have a resolution of one second.
 */
function findTransition(offsetAt: (t: number) => number, old: number, before: number, after: number): number {
  // Narrows [lo, hi] (lo with the old offset, hi with a new one) down to `unit` apart.
  const bisect = (lo: number, hi: number, unit: number) => {
    while (hi - lo > unit) {
      const mid = lo + Math.floor((hi - lo) / unit / 2) * unit;
      if (offsetAt(mid) === old) lo = mid;
      else hi = mid;
    }
    return [lo, hi];
  };
  const [lo, hi] = bisect(before, after, QUARTER_HOUR);
  if (offsetAt(hi - SECOND) === old) return hi;
  return bisect(lo, hi - SECOND, SECOND)[1];
}
