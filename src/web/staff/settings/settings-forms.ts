import type { Mode } from '../../../common/mode';
import { DateTime } from 'luxon';
import { formField } from '../../http/form';
import type { MessageKey } from '../../i18n';

/**
 * The settings forms as posted (urlencoded strings) and their checks, pure: the page shows each
 * problem next to its field, and the use cases behind them check the same again.
 */

export type HoursMode = Mode;
export const HOURS_MODES: readonly HoursMode[] = ['in_person', 'video', 'phone'];

/** One row of the working-hours table, as typed. */
export interface HoursRow {
  weekday: string;
  start: string;
  end: string;
  modes: HoursMode[];
  remove: boolean;
}

export interface RowProblem {
  row: number;
  field: 'weekday' | 'start' | 'end' | 'modes';
  key: MessageKey;
  params?: Record<string, string | number>;
}

/** Far above a real week; the use case refuses more than 100 rules. */
export const MAX_HOURS_ROWS = 120;

export function hoursFieldId(field: RowProblem['field'], row: number): string {
  return `hours-${field}-${row}`;
}

export function readHoursForm(body: unknown): { rows: HoursRow[]; action: 'save' | 'add' } {
  const count = Math.min(Math.max(Number.parseInt(formField(body, 'rows'), 10) || 0, 0), MAX_HOURS_ROWS);
  const rows: HoursRow[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      weekday: formField(body, hoursFieldId('weekday', i)).trim(),
      start: formField(body, hoursFieldId('start', i)).trim(),
      end: formField(body, hoursFieldId('end', i)).trim(),
      modes: HOURS_MODES.filter((m) => formField(body, `hours-mode-${m}-${i}`) === 'on'),
      remove: formField(body, `hours-remove-${i}`) === 'on',
    });
  }
  return { rows, action: formField(body, 'action') === 'add' ? 'add' : 'save' };
}

/** A row with neither start nor end is an unused blank row, not a mistake. */
export function isBlankRow(r: HoursRow): boolean {
  return r.start === '' && r.end === '';
}

/** "HH:MM" → minutes; end may be 24:00. */
function clock(text: string, allowMidnightEnd: boolean): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  if (minutes > 24 * 60 || (minutes === 24 * 60 && !allowMidnightEnd)) return null;
  return minutes;
}

/** Accepts "9:00" and "0900" too, written back as "09:00". */
export function normaliseClock(text: string): string {
  const m = /^(\d{1,2})[:.]?(\d{2})$/.exec(text.trim());
  return m ? `${m[1].padStart(2, '0')}:${m[2]}` : text.trim();
}

/**
 * The rows to save (removed and blank rows left out) and every problem, by row index of the form.
 * Overlaps are reported on the later row's start, as the use case would refuse them.
 */
export function checkHoursRows(rows: HoursRow[]): {
  rules: Array<{ weekday: number; start: string; end: string; modes: HoursMode[] }>;
  problems: RowProblem[];
} {
  const problems: RowProblem[] = [];
  const kept: Array<{ row: number; weekday: number; start: number; end: number; r: HoursRow }> = [];
  rows.forEach((r, row) => {
    if (r.remove || isBlankRow(r)) return;
    const weekday = Number(r.weekday);
    const weekdayOk = Number.isInteger(weekday) && weekday >= 1 && weekday <= 7;
    if (!weekdayOk) problems.push({ row, field: 'weekday', key: 'settings.hours.error.weekday' });
    const start = clock(r.start, false);
    const end = clock(r.end, true);
    if (start === null) problems.push({ row, field: 'start', key: 'settings.hours.error.time' });
    if (end === null) problems.push({ row, field: 'end', key: 'settings.hours.error.time' });
    if (start !== null && end !== null && end <= start)
      problems.push({ row, field: 'end', key: 'settings.hours.error.endBeforeStart', params: { start: r.start } });
    if (r.modes.length === 0) problems.push({ row, field: 'modes', key: 'settings.hours.error.modes' });
    if (weekdayOk && start !== null && end !== null && end > start) kept.push({ row, weekday, start, end, r });
  });
  const sorted = [...kept].sort((a, b) => a.weekday - b.weekday || a.start - b.start || a.row - b.row);
  let reach: (typeof sorted)[number] | undefined;
  for (const k of sorted) {
    if (reach && reach.weekday === k.weekday && k.start < reach.end)
      problems.push({
        row: k.row,
        field: 'start',
        key: 'settings.hours.error.overlap',
        params: { start: reach.r.start, end: reach.r.end },
      });
    if (!reach || reach.weekday !== k.weekday || k.end > reach.end) reach = k;
  }
  problems.sort((a, b) => a.row - b.row);
  return {
    rules: sorted.map((k) => ({ weekday: k.weekday, start: k.r.start, end: k.r.end, modes: k.r.modes })),
    problems,
  };
}

export interface AbsenceForm {
  fromDate: string;
  fromTime: string;
  toDate: string;
  toTime: string;
  note: string;
}

export interface FieldProblem {
  field: string;
  key: MessageKey;
}

export const NOTE_MAX = 500;

export function readAbsenceForm(body: unknown): AbsenceForm {
  return {
    fromDate: formField(body, 'absence-from-date').trim(),
    fromTime: formField(body, 'absence-from-time').trim(),
    toDate: formField(body, 'absence-to-date').trim(),
    toTime: formField(body, 'absence-to-time').trim(),
    note: formField(body, 'absence-note').trim(),
  };
}

/**
 * A date and a wall-clock time in the unit's zone → the instant, DST-correct: a time the clocks
 * skip (02:30 on the spring change in Stockholm) is refused, not silently moved an hour.
 */
export function wallClockInstant(date: string, time: string, zone: string): Date | 'invalid' | 'skipped' {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return 'invalid';
  const t = normaliseClock(time || '00:00');
  const minutes = clock(t, true);
  if (minutes === null) return 'invalid';
  const day = DateTime.fromISO(date, { zone });
  if (!day.isValid) return 'invalid';
  if (minutes === 24 * 60) return day.plus({ days: 1 }).toJSDate();
  const dt = DateTime.fromISO(`${date}T${t}`, { zone });
  if (!dt.isValid) return 'invalid';
  if (dt.toFormat('HH:mm') !== t || dt.toISODate() !== date) return 'skipped';
  return dt.toJSDate();
}

export function checkAbsence(
  f: AbsenceForm,
  zone: string,
): { startsAt: Date; endsAt: Date; problems: [] } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const from = wallClockInstant(f.fromDate, f.fromTime, zone);
  const to = wallClockInstant(f.toDate, f.toTime || '24:00', zone);
  const say = (side: 'from' | 'to', date: string, r: Date | 'invalid' | 'skipped') => {
    if (r instanceof Date) return;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid)
      problems.push({ field: `absence-${side}-date`, key: 'settings.absence.error.date' });
    else
      problems.push({
        field: `absence-${side}-time`,
        key: r === 'skipped' ? 'settings.absence.error.skipped' : 'settings.absence.error.time',
      });
  };
  say('from', f.fromDate, from);
  say('to', f.toDate, to);
  if (from instanceof Date && to instanceof Date && !(to > from))
    problems.push({ field: 'absence-to-date', key: 'settings.absence.error.order' });
  if (f.note.length > NOTE_MAX) problems.push({ field: 'absence-note', key: 'settings.absence.error.note' });
  if (problems.length || !(from instanceof Date) || !(to instanceof Date)) return { problems };
  return { startsAt: from, endsAt: to, problems: [] };
}

export interface TokenForm {
  label: string;
  days: string;
}

export function readTokenForm(body: unknown): TokenForm {
  return { label: formField(body, 'token-label').trim(), days: formField(body, 'token-days').trim() };
}

export function checkTokenForm(
  f: TokenForm,
): { label: string; days: number; problems: [] } | { problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (f.label === '' || f.label.length > 100)
    problems.push({ field: 'token-label', key: 'settings.tokens.error.label' });
  const days = /^\d{1,4}$/.test(f.days) ? Number(f.days) : NaN;
  if (!(days >= 1 && days <= 3650)) problems.push({ field: 'token-days', key: 'settings.tokens.error.days' });
  return problems.length ? { problems } : { label: f.label, days, problems: [] };
}
