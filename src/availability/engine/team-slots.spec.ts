import { generateSlots, generateTeamSlots, pickCaseworker, rankCaseworkers } from './index';
import type { CalendarInput, SlotSearch, TeamMember } from './index';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const search: SlotSearch = {
  rules: {
    durationMinutes: 60,
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    slotStepMinutes: 60,
    minNoticeMinutes: 0,
    horizonDays: 30,
  },
  mode: 'in_person',
  from: at('2027-01-11T00:00:00+01:00'),
  to: at('2027-01-12T00:00:00+01:00'),
  now: at('2027-01-10T00:00:00+01:00'),
};

const member = (caseworkerId: string, start: string, end: string, more: Partial<CalendarInput> = {}): TeamMember => ({
  caseworkerId,
  calendar: {
    timeZone: 'Europe/Stockholm',
    workingHours: [{ weekday: 1, start, end, modes: ['in_person'] }],
    absences: [],
    busy: [],
    ...more,
  },
});

describe('generateTeamSlots', () => {
  it('is the union of the members’ slots, listing who is free for each in the members’ order', () => {
    const team = [
      member('anna', '08:00', '11:00', {
        busy: [{ start: at('2027-01-11T09:00:00+01:00'), end: at('2027-01-11T10:00:00+01:00') }],
      }),
      member('bo', '09:00', '12:00'),
      member('cecilia', '08:00', '10:00'),
    ];
    expect(generateTeamSlots(team, search).map((s) => [iso(s.start), iso(s.end), s.caseworkerIds])).toEqual([
      ['2027-01-11T07:00:00.000Z', '2027-01-11T08:00:00.000Z', ['anna', 'cecilia']],
      ['2027-01-11T08:00:00.000Z', '2027-01-11T09:00:00.000Z', ['bo', 'cecilia']],
      ['2027-01-11T09:00:00.000Z', '2027-01-11T10:00:00.000Z', ['anna', 'bo']],
      ['2027-01-11T10:00:00.000Z', '2027-01-11T11:00:00.000Z', ['bo']],
    ]);
  });

  it('places members of other zones on the same instants', () => {
    const team = [member('anna', '08:00', '10:00'), member('dev', '12:30', '14:30', { timeZone: 'Asia/Kolkata' })];
    expect(generateTeamSlots(team, search).map((s) => [iso(s.start), s.caseworkerIds])).toEqual([
      ['2027-01-11T07:00:00.000Z', ['anna', 'dev']],
      ['2027-01-11T08:00:00.000Z', ['anna', 'dev']],
    ]);
  });

  it('gives each member’s slots exactly as generateSlots does alone', () => {
    const team = [member('anna', '08:00', '16:00'), member('bo', '07:30', '15:00')];
    const union = generateTeamSlots(team, search);
    for (const m of team) {
      expect(union.filter((s) => s.caseworkerIds.includes(m.caseworkerId)).map((s) => s.start)).toEqual(
        generateSlots(m.calendar, search).map((s) => s.start),
      );
    }
  });

  it('returns nothing for an empty team', () => {
    expect(generateTeamSlots([], search)).toEqual([]);
  });
});

describe('pickCaseworker', () => {
  it('picks the candidate with the fewest appointments that week', () => {
    expect(
      pickCaseworker(
        ['anna', 'bo', 'cecilia'],
        new Map([
          ['anna', 5],
          ['bo', 2],
          ['cecilia', 3],
        ]),
      ),
    ).toBe('bo');
  });

  it('breaks a tie by the candidates’ order', () => {
    expect(
      pickCaseworker(
        ['cecilia', 'anna', 'bo'],
        new Map([
          ['anna', 2],
          ['bo', 2],
          ['cecilia', 2],
        ]),
      ),
    ).toBe('cecilia');
    expect(
      pickCaseworker(
        ['anna', 'bo', 'cecilia'],
        new Map([
          ['anna', 3],
          ['bo', 1],
          ['cecilia', 1],
        ]),
      ),
    ).toBe('bo');
  });

  it('counts a caseworker missing from the map as having no appointments', () => {
    expect(pickCaseworker(['anna', 'bo'], new Map([['anna', 1]]))).toBe('bo');
  });

  it('returns undefined without candidates', () => {
    expect(pickCaseworker([], new Map())).toBeUndefined();
  });
});

describe('rankCaseworkers', () => {
  const load = new Map([
    ['anna', 3],
    ['bo', 1],
    ['cecilia', 1],
    ['dag', 0],
  ]);

  it("orders every candidate by rule 7: fewest that week first, ties in the candidates' order, none counted as 0", () => {
    expect(rankCaseworkers(['anna', 'bo', 'cecilia', 'dag', 'eva'], load)).toEqual([
      'dag',
      'eva',
      'bo',
      'cecilia',
      'anna',
    ]);
    expect(rankCaseworkers(['cecilia', 'anna', 'bo'], load)).toEqual(['cecilia', 'bo', 'anna']);
    expect(rankCaseworkers([], load)).toEqual([]);
  });

  it("starts with pickCaseworker's choice", () => {
    for (const ids of [['anna', 'bo', 'cecilia'], ['cecilia', 'bo'], ['anna'], ['anna', 'dag', 'eva']])
      expect(rankCaseworkers(ids, load)[0]).toBe(pickCaseworker(ids, load));
  });
});
