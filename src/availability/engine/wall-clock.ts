const HH_MM = /^(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Minutes after local midnight for "HH:mm" (00:00 … 24:00), or null when it is not one. */
export function parseWallClock(text: string): number | null {
  const m = typeof text === 'string' ? HH_MM.exec(text) : null;
  if (m === null) return null;
  return m[3] !== undefined ? 24 * 60 : Number(m[1]) * 60 + Number(m[2]);
}

/** The same, for code that only sees validated rules: a malformed time there is a bug upstream. */
export function wallClockMinutes(text: string): number {
  const minutes = parseWallClock(text);
  if (minutes === null) throw new RangeError(`"${text}" is not a wall-clock time "HH:mm" from 00:00 to 24:00`);
  return minutes;
}
