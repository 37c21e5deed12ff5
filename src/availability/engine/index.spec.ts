import * as engine from './index';
import type { CalendarInput, SlotSearch, TeamMember } from './index';

const at = (iso: string) => Date.parse(iso);

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}

describe('the engine', () => {
  it('exports the functions of its contract', () => {
    expect(Object.keys(engine).sort()).toEqual([
      'bufferedRange',
      'checkSlot',
      'generateSlots',
      'generateTeamSlots',
      'overlaps',
      'pickCaseworker',
      'rankCaseworkers',
      'validateWorkingHours',
    ]);
  });

  it('never mutates its inputs: every function runs on deeply frozen calendars and searches', () => {
    // Unsorted, overlapping busy and absence lists would tempt an in-place sort or merge.
    const calendar: CalendarInput = deepFreeze({
      timeZone: 'Europe/Stockholm',
      workingHours: [
        { weekday: 1, start: '13:00', end: '16:00', modes: ['video'] },
        { weekday: 1, start: '08:00', end: '12:00', modes: ['in_person', 'video'] },
        { weekday: 1, start: '12:00', end: '13:00', modes: ['video'] },
      ],
      absences: [
        { start: at('2027-01-11T15:00:00+01:00'), end: at('2027-01-11T16:00:00+01:00') },
        { start: at('2027-01-11T14:30:00+01:00'), end: at('2027-01-11T15:30:00+01:00') },
      ],
      busy: [
        { start: at('2027-01-11T11:00:00+01:00'), end: at('2027-01-11T12:00:00+01:00') },
        { start: at('2027-01-11T09:00:00+01:00'), end: at('2027-01-11T10:00:00+01:00') },
      ],
    });
    const search: SlotSearch = deepFreeze({
      rules: {
        durationMinutes: 45,
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 10,
        slotStepMinutes: 15,
        minNoticeMinutes: 0,
        horizonDays: 30,
      },
      mode: 'video',
      from: at('2027-01-11T00:00:00+01:00'),
      to: at('2027-01-12T00:00:00+01:00'),
      now: at('2027-01-10T00:00:00+01:00'),
    });
    const team: TeamMember[] = deepFreeze([
      { caseworkerId: 'anna', calendar },
      { caseworkerId: 'bo', calendar },
    ]);
    const snapshot = JSON.stringify([calendar, search, team]);

    expect(engine.generateSlots(calendar, search).length).toBeGreaterThan(0);
    expect(engine.checkSlot(calendar, search, at('2027-01-11T12:15:00+01:00'))).toBeNull();
    expect(engine.generateTeamSlots(team, search).length).toBeGreaterThan(0);
    expect(engine.pickCaseworker(deepFreeze(['bo', 'anna']), deepFreeze(new Map([['bo', 1]])))).toBe('anna');
    expect(engine.validateWorkingHours(calendar.workingHours)).toEqual([]);
    expect(JSON.stringify([calendar, search, team])).toBe(snapshot);
  });

  it('returns new slot objects, so a caller may change them without touching later results', () => {
    const calendar: CalendarInput = {
      timeZone: 'UTC',
      workingHours: [{ weekday: 1, start: '08:00', end: '10:00', modes: ['video'] }],
      absences: [],
      busy: [],
    };
    const search: SlotSearch = {
      rules: {
        durationMinutes: 60,
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0,
        slotStepMinutes: 60,
        minNoticeMinutes: 0,
        horizonDays: 30,
      },
      mode: 'video',
      from: at('2027-01-11T00:00:00Z'),
      to: at('2027-01-12T00:00:00Z'),
      now: at('2027-01-10T00:00:00Z'),
    };
    const first = engine.generateTeamSlots([{ caseworkerId: 'anna', calendar }], search);
    first[0].caseworkerIds.push('intruder');
    expect(engine.generateTeamSlots([{ caseworkerId: 'anna', calendar }], search)[0].caseworkerIds).toEqual(['anna']);
  });
});
