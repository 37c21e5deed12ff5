import type { WorkingHoursRule } from './types';
import { parseWallClock } from './wall-clock';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MODES: readonly string[] = ['in_person', 'video', 'phone'];

/**
 * Problems with a replace-all list of weekly rules, in words a caseworker can act on; empty when
 * the list is valid. Rules of one weekday must not overlap, but may touch: 08:00–12:00 and
 * 12:00–16:00 is fine (and the engine joins them into one block).
 */
export function validateWorkingHours(rules: readonly WorkingHoursRule[]): string[] {
  const problems: string[] = [];
  const valid: { index: number; weekday: number; start: number; end: number }[] = [];
  rules.forEach((rule, i) => {
    const name = `Rule ${i + 1}`;
    const weekdayOk = Number.isInteger(rule.weekday) && rule.weekday >= 1 && rule.weekday <= 7;
    if (!weekdayOk) problems.push(`${name}: weekday must be 1 (Monday) to 7 (Sunday), not ${String(rule.weekday)}.`);
    const start = parseWallClock(rule.start);
    const end = parseWallClock(rule.end);
    if (start === null || start === 24 * 60)
      problems.push(`${name}: start must be a time "HH:mm" from 00:00 to 23:59, not "${String(rule.start)}".`);
    if (end === null)
      problems.push(`${name}: end must be a time "HH:mm" from 00:00 to 24:00, not "${String(rule.end)}".`);
    if (start !== null && end !== null && end <= start)
      problems.push(`${name}: end ${rule.end} must be after start ${rule.start}.`);
    const modes: readonly unknown[] = Array.isArray(rule.modes) ? rule.modes : [];
    if (modes.length === 0) problems.push(`${name}: choose at least one mode (in_person, video, phone).`);
    for (const mode of modes)
      if (!MODES.includes(mode as string)) problems.push(`${name}: unknown mode "${String(mode)}".`);
    if (new Set(modes).size !== modes.length) problems.push(`${name}: a mode is listed twice.`);
    if (weekdayOk && start !== null && end !== null && end > start)
      valid.push({ index: i, weekday: rule.weekday, start, end });
  });
  // Against the rule that reaches furthest so far, so one long rule is reported against every
  // rule it covers, not only its neighbour (08–16 overlaps both 09–10 and 11–12).
  valid.sort((a, b) => a.weekday - b.weekday || a.start - b.start);
  let reach: (typeof valid)[number] | undefined;
  for (const rule of valid) {
    if (reach !== undefined && reach.weekday === rule.weekday && rule.start < reach.end) {
      problems.push(
        `Rules ${reach.index + 1} and ${rule.index + 1} overlap on ${WEEKDAYS[rule.weekday - 1]}: ${describe(rules[reach.index])} and ${describe(rules[rule.index])}.`,
      );
    }
    if (reach === undefined || reach.weekday !== rule.weekday || rule.end > reach.end) reach = rule;
  }
  return problems;
}

function describe(rule: WorkingHoursRule): string {
  return `${rule.start}–${rule.end}`;
}
