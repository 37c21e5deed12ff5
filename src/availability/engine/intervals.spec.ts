import { bufferedRange, IntervalCursor, normalizeIntervals, overlaps } from './intervals';

const at = (iso: string) => Date.parse(iso);
const span = (start: string, end: string) => ({ start: at(start), end: at(end) });

describe('overlaps (half-open, as luxon)', () => {
  it('is false for intervals that only touch: 08:00–09:00 and 09:00–10:00', () => {
    expect(
      overlaps(
        span('2027-01-11T08:00:00Z', '2027-01-11T09:00:00Z'),
        span('2027-01-11T09:00:00Z', '2027-01-11T10:00:00Z'),
      ),
    ).toBe(false);
    expect(
      overlaps(
        span('2027-01-11T09:00:00Z', '2027-01-11T10:00:00Z'),
        span('2027-01-11T08:00:00Z', '2027-01-11T09:00:00Z'),
      ),
    ).toBe(false);
  });

  it('is true when they share 1 ms', () => {
    expect(
      overlaps(
        span('2027-01-11T08:00:00Z', '2027-01-11T09:00:00.001Z'),
        span('2027-01-11T09:00:00Z', '2027-01-11T10:00:00Z'),
      ),
    ).toBe(true);
  });

  it('is true when one contains the other', () => {
    expect(
      overlaps(
        span('2027-01-11T08:00:00Z', '2027-01-11T12:00:00Z'),
        span('2027-01-11T09:00:00Z', '2027-01-11T10:00:00Z'),
      ),
    ).toBe(true);
  });
});

describe('bufferedRange', () => {
  it('widens 09:00–09:45 by 5 minutes before and 10 after to 08:55–09:55', () => {
    expect(
      bufferedRange(at('2027-01-11T09:00:00Z'), at('2027-01-11T09:45:00Z'), {
        bufferBeforeMinutes: 5,
        bufferAfterMinutes: 10,
      }),
    ).toEqual(span('2027-01-11T08:55:00Z', '2027-01-11T09:55:00Z'));
  });
});

describe('normalizeIntervals', () => {
  it('sorts, joins touching and overlapping intervals, and drops empty ones', () => {
    const list = [
      span('2027-01-11T12:00:00Z', '2027-01-11T13:00:00Z'),
      span('2027-01-11T09:00:00Z', '2027-01-11T10:00:00Z'),
      span('2027-01-11T10:00:00Z', '2027-01-11T11:00:00Z'),
      span('2027-01-11T09:30:00Z', '2027-01-11T09:45:00Z'),
      span('2027-01-11T11:30:00Z', '2027-01-11T11:30:00Z'),
    ];
    expect(normalizeIntervals(list, 'test')).toEqual([
      span('2027-01-11T09:00:00Z', '2027-01-11T11:00:00Z'),
      span('2027-01-11T12:00:00Z', '2027-01-11T13:00:00Z'),
    ]);
  });

  it('refuses a reversed interval', () => {
    expect(() => normalizeIntervals([span('2027-01-11T10:00:00Z', '2027-01-11T09:00:00Z')], 'absences')).toThrow(
      /absences/,
    );
  });
});

describe('IntervalCursor', () => {
  const cursor = () =>
    new IntervalCursor(
      normalizeIntervals(
        [span('2027-01-11T10:00:00Z', '2027-01-11T11:00:00Z'), span('2027-01-11T13:00:00Z', '2027-01-11T14:00:00Z')],
        'test',
      ),
    );

  it('answers like overlaps for queries in order of start, including those that touch', () => {
    const c = cursor();
    expect(c.hits(span('2027-01-11T09:00:00Z', '2027-01-11T10:00:00Z'))).toBe(false);
    expect(c.hits(span('2027-01-11T09:30:00Z', '2027-01-11T10:30:00Z'))).toBe(true);
    expect(c.hits(span('2027-01-11T11:00:00Z', '2027-01-11T12:00:00Z'))).toBe(false);
    expect(c.hits(span('2027-01-11T11:00:00Z', '2027-01-11T15:00:00Z'))).toBe(true);
    expect(c.hits(span('2027-01-11T14:00:00Z', '2027-01-11T15:00:00Z'))).toBe(false);
  });

  it('finds an interval that lies inside a long query', () => {
    expect(cursor().hits(span('2027-01-11T09:00:00Z', '2027-01-11T12:00:00Z'))).toBe(true);
  });
});
