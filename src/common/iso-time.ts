const DAY_MS = 86_400_000;
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
const pad3 = (n: number) => (n < 10 ? `00${n}` : n < 100 ? `0${n}` : `${n}`);

let cachedDay = NaN;
let cachedPrefix = '';

/**
 * `new Date(ms).toISOString()`, faster for the common case of many instants on the same UTC day:
 * a slot list of four weeks has ~1,000 of them, and formatting was a tenth of a slot search's CPU.
 * The date part is computed once per day; the time part is plain arithmetic.
 * 2026-12-01T08:15:00.000Z → prefix "2026-12-01T" (cached) + "08:15:00.000Z".
 */
export function isoInstant(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  if (day !== cachedDay) {
    const s = new Date(day * DAY_MS).toISOString();
    // Years outside 0000–9999 have a signed, longer date part; leave those to Date.
    if (s.length !== 24) return new Date(ms).toISOString();
    cachedDay = day;
    cachedPrefix = s.slice(0, 11);
  }
  let rest = ms - day * DAY_MS;
  const millis = rest % 1000;
  rest = (rest - millis) / 1000;
  const seconds = rest % 60;
  rest = (rest - seconds) / 60;
  const minutes = rest % 60;
  const hours = (rest - minutes) / 60;
  return `${cachedPrefix}${pad2(hours)}:${pad2(minutes)}:${pad2(seconds)}.${pad3(millis)}Z`;
}
