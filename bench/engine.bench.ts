import { bufferedRange, generateSlots, generateTeamSlots } from '../src/availability/engine';
import type {
  CalendarInput,
  Interval,
  SlotRules,
  SlotSearch,
  TeamMember,
  WorkingHoursRule,
} from '../src/availability/engine';

/**
 * Slot-engine timings on realistic data. Budgets: one caseworker over 8 weeks with 200 appointments
 * under 1 ms (median), a team of 50 over 4 weeks under 25 ms. The window starts 2027-03-01 so both
 * scenarios cross the Stockholm spring-forward (2027-03-28), the dearest case for zone lookups.
 */
export interface BenchResult {
  name: string;
  median_ms: number;
  p95_ms: number;
  runs: number;
}

const DAY = 86_400_000;
const WARM_UP = 50;
const RUNS = 500;

const rules: SlotRules = {
  durationMinutes: 45,
  bufferBeforeMinutes: 5,
  bufferAfterMinutes: 5,
  slotStepMinutes: 15,
  minNoticeMinutes: 120,
  horizonDays: 90,
};
const now = Date.parse('2027-03-01T07:00:00+01:00');

function officeHours(): WorkingHoursRule[] {
  return [1, 2, 3, 4, 5].flatMap((weekday) => [
    { weekday, start: '08:00', end: '12:00', modes: ['in_person', 'video'] as const },
    { weekday, start: '13:00', end: '16:00', modes: ['in_person', 'video'] as const },
  ]);
}

/** `count` appointments spread evenly over the free grid, shifted by `shift` slots per caseworker. */
function withAppointments(calendar: CalendarInput, search: SlotSearch, count: number, shift: number): CalendarInput {
  const free = generateSlots(calendar, search);
  const busy: Interval[] = [];
  for (let i = 0; i < count; i++) {
    const slot = free[(Math.floor((i * free.length) / count) + shift) % free.length];
    const range = bufferedRange(slot.start, slot.end, rules);
    if (!busy.some((b) => b.start < range.end && range.start < b.end)) busy.push(range);
  }
  return { ...calendar, busy };
}

function measure(name: string, run: () => unknown): BenchResult {
  for (let i = 0; i < WARM_UP; i++) run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = process.hrtime.bigint();
    run();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  times.sort((a, b) => a - b);
  const round = (ms: number) => Math.round(ms * 1000) / 1000;
  return {
    name,
    median_ms: round(times[Math.floor(RUNS / 2)]),
    p95_ms: round(times[Math.floor(RUNS * 0.95)]),
    runs: RUNS,
  };
}

export function runEngineBench(): BenchResult[] {
  const empty: CalendarInput = { timeZone: 'Europe/Stockholm', workingHours: officeHours(), absences: [], busy: [] };

  const eightWeeks: SlotSearch = { rules, mode: 'in_person', from: now, to: now + 56 * DAY, now };
  const one = withAppointments(
    {
      ...empty,
      absences: [{ start: Date.parse('2027-03-15T00:00:00+01:00'), end: Date.parse('2027-03-17T00:00:00+01:00') }],
    },
    eightWeeks,
    200,
    0,
  );

  const fourWeeks: SlotSearch = { rules, mode: 'in_person', from: now, to: now + 28 * DAY, now };
  const team: TeamMember[] = Array.from({ length: 50 }, (_, i) => ({
    caseworkerId: `cw-${String(i).padStart(2, '0')}`,
    calendar: withAppointments(empty, fourWeeks, 50, i * 3),
  }));

  return [
    measure('one caseworker, 8 weeks, 200 appointments', () => generateSlots(one, eightWeeks)),
    measure('team of 50, 4 weeks, ~50 appointments each', () => generateTeamSlots(team, fourWeeks)),
  ];
}

if (require.main === module) console.table(runEngineBench());
